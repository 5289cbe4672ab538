"""Finds text with leading or trailing whitespace.

What it does: reports a text field (title, excerpt, category, provider name, topics,
image titles, related titles and excerpts) that starts or ends with spaces, tabs, line
breaks or no-break spaces (U+00A0 and other Unicode spaces). Fixable: the value is
trimmed in place, in its own quoting style (block scalars are left alone).
Why it is bad: the padding shows in headlines and cards, breaks exact-match search and
makes two equal titles look different to duplicate checks.
Example: `title: " Power Apps news "` -> `"title" has leading and trailing whitespace
(got " Power Apps news ")`.
Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.edits import Edit, replace_scalar
from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule


def check(doc: Document, options: object) -> Iterator[Finding]:
    for pointer, value in doc.each(*doc.fields.texts):
        if not isinstance(value, str):
            continue
        # str.strip() strips every Unicode space, the no-break space included.
        stripped = value.strip()
        if not stripped or stripped == value:
            continue  # not padded, or blank (empty-text reports blank values)
        where = _WHERE[(value != value.lstrip(), value != value.rstrip())]
        shown = value if len(value) <= 40 else value[:37] + "..."
        yield Finding(pointer, f'"{display_path(pointer)}" has {where} whitespace (got {shown!r})')


_WHERE = {
    (True, True): "leading and trailing",
    (True, False): "leading",
    (False, True): "trailing",
}


def fix(doc: Document, finding: Finding) -> list[Edit]:
    value = doc.get(finding.pointer)
    return replace_scalar(doc, finding.pointer, value.strip()) if isinstance(value, str) else []


RULE = Rule(id="padded-text", severity=Severity.WARNING, check=check, fix=fix, reads=("texts",))
