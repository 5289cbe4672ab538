"""Finds fields the schema does not know, with a did-you-mean hint.

What it does: reports a field the schema does not define, suggesting the closest known
name (a different case counts as close).
Why it is bad: a misspelled field is silently ignored by templates: `webURL` leaves the
article without a link.
Example: `webURL: "https://..."` -> `unknown field "webURL"; did you mean "webUrl"?`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule, reported

RULE = Rule(id="unknown-field", severity=Severity.WARNING, check=reported("unknown-field"))
