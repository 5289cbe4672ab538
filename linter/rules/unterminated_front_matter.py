"""Finds front matter that is opened with `---` but never closed.

What it does: reports a file whose opening `---` has no closing `---` line after it.
Why it is bad: the site generator reads the whole file as front matter, or none of it.
Example: a file that ends after `secured: "..."` -> `front matter opened with '---' on line 1
is never closed; expected a line '---'`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(
    id="unterminated-front-matter",
    severity=Severity.ERROR,
    found_by="reading",
)
