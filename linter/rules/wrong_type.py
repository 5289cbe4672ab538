"""Finds values of the wrong type.

What it does: reports a value whose type differs from the schema's: a quoted number, a
string where a list is expected, `"yes"` for a boolean.
Why it is bad: templates and feeds compare, sort and count these values; a string
"high" is not a quality score.
Example: `quality: "high"` -> `"quality" must be an integer (got "high")`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="wrong-type", severity=Severity.ERROR, found_by="schema")
