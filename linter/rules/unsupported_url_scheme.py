"""Finds URLs whose scheme is not http or https.

What it does: reports a URL field using `javascript:`, `ftp:`, `mailto:`, `file:`,
`data:` or any scheme other than http and https. Under a schema of your own, where RFC 3986
allows every scheme, every URL field is checked for the schemes no public page should link:
`javascript:`, `vbscript:`, `data:` and `file:` (a page may well link `mailto:` or `tel:`).
Why it is bad: these are not web pages; `javascript:` links are a cross-site scripting
vector.
Example: `webUrl: "javascript:alert(1)"` -> `"webUrl" uses the 'javascript:' scheme;
expected http or https`.
Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Document, Finding, Severity
from linter.rules import Rule, url_problems


def check(doc: Document, options: object) -> Iterator[Finding]:
    return url_problems(doc, RULE.id)


RULE = Rule(
    id="unsupported-url-scheme",
    severity=Severity.ERROR,
    check=check,
    found_by="schema",
    reads=("urls",),
)
