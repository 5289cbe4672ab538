"""Finds text with leading or trailing whitespace.

What it does: reports a text field (title, excerpt, category, provider name, topics,
image titles, related titles and excerpts) that starts or ends with spaces, tabs, line
breaks or no-break spaces (U+00A0 and other Unicode spaces). Block scalars (`description: |`
or `>`) and TOML multi-line strings (triple quotes) are not reported: their final line break is
part of the syntax, and their lines are written as the author laid them out. Fixable: the
value is trimmed in place, in its own quoting style; a value written over several lines
becomes one double-quoted line.
Why it is bad: the padding shows in headlines and cards, breaks exact-match search and
makes two equal titles look different to duplicate checks.
Example: `title: " Power Apps news "` -> `"title" has leading and trailing whitespace
(got " Power Apps news ")`.
Options: none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from linter.edits import Edit, replace_scalar
from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule, texts

# Where a value so written starts, its line breaks are the syntax's, not the author's padding.
_LAID_OUT = ("|", ">", '"""', "'''")


def check(doc: Document, options: object) -> Iterator[Finding]:
    for pointer, value in texts(doc):
        # str.strip() strips every Unicode space, the no-break space included.
        stripped = value.strip()
        if not stripped or stripped == value:
            continue  # not padded, or blank (empty-text reports blank values)
        if _raw(doc, pointer).startswith(_LAID_OUT):
            continue
        where = _WHERE[(value != value.lstrip(), value != value.rstrip())]
        shown = value if len(value) <= 40 else value[:37] + "..."
        yield Finding(pointer, f'"{display_path(pointer)}" has {where} whitespace (got {shown!r})')


def _raw(doc: Document, pointer: str) -> str:
    node = doc.nodes.get(pointer)
    return doc.front_matter[node.span[0] : node.span[1]] if node is not None else ""


_WHERE = {
    (True, True): "leading and trailing",
    (True, False): "leading",
    (False, True): "trailing",
}


def fix(doc: Document, finding: Finding) -> list[Edit]:
    value = doc.get(finding.pointer)
    node = doc.nodes.get(finding.pointer)
    if not isinstance(value, str) or node is None or doc.syntax != "yaml":
        return []
    edits = replace_scalar(doc, finding.pointer, value.strip())
    raw = _raw(doc, finding.pointer)
    if edits or not raw or raw.startswith(_LAID_OUT):
        return edits
    # A plain or quoted scalar over several lines: a JSON string is a YAML double-quoted
    # scalar (YAML 1.2 is a superset of JSON), so it reads back as exactly the trimmed text.
    return [Edit(node.span[0], node.span[1], json.dumps(value.strip(), ensure_ascii=False))]


RULE = Rule(id="padded-text", severity=Severity.WARNING, check=check, fix=fix, reads=("texts",))
