"""Finds image URLs that do not serve an image (with --online).

What it does: reports an image URL whose response is neither a known image format (PNG,
GIF, JPEG, WebP) nor declared as `image/*`, such as an HTML error page.
Why it is bad: the article shows a broken image.
Example: an image URL answering `text/html` -> `"images[0].url" is not an image: the server
sent text/html, not an image`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

# Found by the online stage (--online) and judged like every other finding.
RULE = Rule(id="not-an-image", severity=Severity.ERROR, found_by="online", reads=("images",))
