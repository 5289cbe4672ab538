"""Finds HTML entities in excerpts and titles.

What it does: reports `&amp;`, `&#39;`, `&nbsp;` and other HTML character references in
an excerpt or title (the article's or a related item's).
Why it is bad: templates escape the text again, so readers see `&amp;amp;` or a literal
`&#39;` instead of the character.
Example: `excerpt: "Q&amp;A with ..."` -> `"excerpt" contains the html entity '&amp;';
expected the character itself ('&')`.
Options: none.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_FIELDS = ("/title", "/excerpt", "/related/*/title", "/related/*/excerpt")


def check(doc: Document, options: object) -> Iterator[Finding]:
    text = doc.front_matter
    if text and "&" not in text and "\\" not in text:
        return  # no value can hold an entity: none is written, none is escaped ("\x26")
    for pointer, value in doc.each(*_FIELDS):
        if not isinstance(value, str):
            continue
        for match in _ENTITY.finditer(value):
            entity = match.group()
            character = html.unescape(entity)
            if character != entity:  # a real entity, not "&foo;" text
                message = (
                    f'"{display_path(pointer)}" contains the html entity {entity!r}; '
                    f"expected the character itself ({character!r})"
                )
                yield Finding(pointer, message)
                break


RULE = Rule(id="html-entity", severity=Severity.INFO, check=check)
