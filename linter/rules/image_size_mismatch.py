"""Finds images whose declared width and height differ from the real ones (with --online).

What it does: reads the first bytes of each image (PNG, GIF, JPEG, WebP; never the whole
file) and reports an image whose real size differs from its `width` and `height`, at the
image's pointer, showing both. Fixable with `--online --fix`: both numbers are set to the
real size.
Why it is bad: pages reserve the wrong space (layout shift), and thumbnails are cropped or
stretched.
Example: an image declared 600x398 that is 1200x675 -> `image is 1200x675 pixels but the
front matter says 600x398 (https://...)`.
Options: none.
"""

from __future__ import annotations

from linter.edits import carried
from linter.model import Severity
from linter.rules import Rule

# Found by the online stage (--online), whose finding carries the fix as data.
RULE = Rule(
    id="image-size-mismatch",
    severity=Severity.ERROR,
    found_by="online",
    fix=carried,
    reads=("images",),
)
