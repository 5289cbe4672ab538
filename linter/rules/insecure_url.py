"""Finds URLs that use plain http.

What it does: reports a URL field (every one, nested ones included) whose scheme is
`http:`.
Why it is bad: browsers block http images on https pages (mixed content) and warn
readers on http links.
Example: `url: "http://example.com/a.jpg"` -> `"images[0].url" uses http; expected
https`. Fixable with `--online --fix`: when the https:// address answers the same (alive, and
for an image the same size), the link is upgraded.
Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.edits import carried
from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule, urls
from linter.validation.formats import Url


def check(doc: Document, options: object) -> Iterator[Finding]:
    for pointer, _, url in urls(doc):
        if isinstance(url, Url) and url.scheme == "http":
            yield Finding(pointer, f'"{display_path(pointer)}" uses http; expected https')


# Only with --online: the online stage finds the https:// address answering the same, and its
# finding carries the upgrade; the offline finding carries no fix.
RULE = Rule(
    id="insecure-url",
    severity=Severity.WARNING,
    check=check,
    fix=carried,
    found_by="online",
    reads=("urls",),
)
