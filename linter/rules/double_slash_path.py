"""Finds URLs with an empty segment (`//`) in their path.

What it does: reports a URL field whose path contains `//`, as left behind when a
base URL ending in `/` is joined to a path starting with `/`.
Why it is bad: many servers answer such URLs with a 404 or a redirect, and caches and
duplicate checks see two addresses for one page.
Example: `webUrl: "https://example.com//2023/11/story/"` -> `"webUrl" has '//' in its
path; expected single slashes`.
Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule, urls
from linter.validation.formats import Url


def check(doc: Document, options: object) -> Iterator[Finding]:
    for pointer, _, url in urls(doc):
        if not isinstance(url, Url) or "//" not in url.path:
            continue
        # Only the path: a URL in the query string (?u=https://...) is fine.
        path = url.path.split("?", 1)[0].split("#", 1)[0]
        if "//" in path:
            yield Finding(
                pointer,
                f"\"{display_path(pointer)}\" has '//' in its path; expected single slashes",
            )


RULE = Rule(id="double-slash-path", severity=Severity.WARNING, check=check, reads=("urls",))
