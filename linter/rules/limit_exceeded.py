"""Finds front matter too large or too deeply built to be an article.

What it does: reports front matter larger than the size limit (1 MiB), nested deeper
than 64 levels, or expanding to more than 100,000 values through aliases (the "billion
laughs" attack). The file is not checked further.
Why it is bad: no article needs it, and it makes every tool reading the file slow or
crash.
Example: ten levels of aliases that each repeat the previous one ten times ->
`front matter expands to more than 100000 values (aliases that repeat aliases?)`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="limit-exceeded", severity=Severity.ERROR, found_by="reading")
