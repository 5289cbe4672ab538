"""Finds URLs that are malformed.

What it does: reports a URL field (every one, nested ones included) with a misspelled
or half-written scheme (`htps:`, `https//`), spaces or other characters that must be
encoded, no host, an empty or invalid host label, a bad port, or a broken IPv6 literal.
Internationalised host names are checked in their IDNA form. Under a schema of your own,
every URL field (`format: uri`, `iri`, `uri-reference`, `iri-reference`) written as an
absolute URL gets the same checks: RFC 3986 alone lets `htps://example.com` through.
Why it is bad: readers get a broken link; crawlers give up on the page.
Example: `webUrl: "htps://thediplomat.com/x/"` -> `"webUrl" has a misspelled scheme
'htps:'; expected 'https:'`.
Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Document, Finding, Severity
from linter.rules import Rule, url_problems


def check(doc: Document, options: object) -> Iterator[Finding]:
    return url_problems(doc, RULE.id)


RULE = Rule(
    id="invalid-url", severity=Severity.ERROR, check=check, found_by="schema", reads=("urls",)
)
