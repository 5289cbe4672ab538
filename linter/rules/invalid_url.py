"""Finds URLs that are malformed.

What it does: reports a URL field (every one, nested ones included) with a misspelled
or half-written scheme (`htps:`, `https//`), spaces or other characters that must be
encoded, no host, an empty or invalid host label, a bad port, or a broken IPv6 literal.
Internationalised host names are checked in their IDNA form.
Why it is bad: readers get a broken link; crawlers give up on the page.
Example: `webUrl: "htps://thediplomat.com/x/"` -> `"webUrl" has a misspelled scheme
'htps:'; expected 'https:'`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="invalid-url", severity=Severity.ERROR, found_by="schema", reads=("urls",))
