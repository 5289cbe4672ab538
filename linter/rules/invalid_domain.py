"""Finds publisher domains that are not valid host names.

What it does: reports a `provider.domain` with an empty or invalid label, an invalid
character or no top-level domain. Internationalised names are checked in IDNA form.
Why it is bad: the domain is used to group articles by publisher and to check that
their URLs belong to it.
Example: `domain: the_diplomat.com` -> `"provider.domain" has an invalid label
'the_diplomat' ...`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="invalid-domain", severity=Severity.ERROR, found_by="schema")
