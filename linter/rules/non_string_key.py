"""Finds mapping keys that are lists or mappings.

What it does: reports complex keys (`? [a, b]: value`, `{a: 1}: value`); such fields are
left out of the checked data.
Why it is bad: JSON, and so every consumer of the front matter, has only string keys.
Example: `? [title]` -> `mapping key must be a plain string (got a list)`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="non-string-key", severity=Severity.ERROR, found_by="parsing")
