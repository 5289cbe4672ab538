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

import re

from linter.edits import Edit, replace_number
from linter.model import Document, Finding, Severity
from linter.rules import Rule, reported

_REAL = re.compile(r"^image is (\d+)x(\d+) pixels")


def fix(doc: Document, finding: Finding) -> list[Edit]:
    found = _REAL.search(finding.message)
    if found is None:
        return []
    width, height = found.groups()
    edits = replace_number(doc, f"{finding.pointer}/width", int(width))
    edits += replace_number(doc, f"{finding.pointer}/height", int(height))
    return edits if len(edits) == 2 else []


# Reported by the online stage (--online), which builds these problems itself.
RULE = Rule(
    id="image-size-mismatch",
    severity=Severity.ERROR,
    check=reported("image-size-mismatch"),
    fix=fix,
)
