"""Finds fields the schema does not know, with a did-you-mean hint.

What it does: reports a field that the schema forbids (`additionalProperties: false`,
`unevaluatedProperties: false`), suggesting the closest known name (a different case counts
as close). An error, as every schema violation is: the schema is the contract; make it a
warning with `severity = { "unknown-field" = "warning" }`.
Why it is bad: a misspelled field is silently ignored by templates: `webURL` leaves the
article without a link.
Example: `webURL: "https://..."` -> `unknown field "webURL"; did you mean "webUrl"?`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="unknown-field", severity=Severity.ERROR, found_by="schema")
