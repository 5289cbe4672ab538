"""Finds required fields that are missing.

What it does: reports every field the schema requires that the front matter lacks,
on the line of the mapping that should hold it (line 1 for a top-level field).
Why it is bad: templates render an empty headline, date or link.
Example: no `webUrl` in an article -> `missing required field "webUrl"`.
Options: none (the schema says which fields are required).
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="missing-field", severity=Severity.ERROR, found_by="schema")
