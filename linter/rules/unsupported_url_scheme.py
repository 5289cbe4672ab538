"""Finds URLs whose scheme is not http or https.

What it does: reports a URL field using `javascript:`, `ftp:`, `mailto:`, `file:`,
`data:` or any scheme other than http and https.
Why it is bad: these are not web pages; `javascript:` links are a cross-site scripting
vector.
Example: `webUrl: "javascript:alert(1)"` -> `"webUrl" uses the 'javascript:' scheme;
expected http or https`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(
    id="unsupported-url-scheme", severity=Severity.ERROR, found_by="schema", reads=("urls",)
)
