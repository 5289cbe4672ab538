"""Edits of the front matter text that fixes are made of: spans and their replacement.

The rules' fix functions build them from the YAML marks of the values they fix, so that a fix
touches nothing else: quoting style, comments, key order, blank lines and line endings stay.
``linter.engine.fix`` applies and verifies them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from linter.model import Document, Finding


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` of the front matter with ``replacement``."""

    start: int
    end: int
    replacement: str


_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*(?<=\S)")
_PLAIN_LOOKS_TYPED = re.compile(
    r"(?i:true|false|yes|no|on|off|y|n|null|~)|[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?|[-+]?\.(inf|nan)|0x[0-9a-fA-F_]+|0o?[0-7_]+"
)


def replace_scalar(doc: Document, pointer: str, value: str) -> list[Edit]:
    """Edits that make the scalar at ``pointer`` hold ``value``, in its own quoting style."""
    marks = _marks(doc, pointer)
    if marks is None:
        return []
    start, end = marks
    raw = doc.front_matter[start:end]
    if "\n" in raw or "\r" in raw or raw[:1] in ("|", ">"):
        return []  # multi-line and block scalars: no edit is obviously safe
    return [Edit(start, end, _styled(raw, value))]


def carried(doc: Document, finding: Finding) -> list[Edit]:
    """The edits of the fix a finding carries as data; none unless every one can be made."""
    edits: list[Edit] = []
    for replacement in finding.fix:
        if isinstance(replacement.value, int):
            made = replace_number(doc, replacement.pointer, replacement.value)
        else:
            made = replace_scalar(doc, replacement.pointer, replacement.value)
        if not made:
            return []
        edits += made
    return edits


def replace_number(doc: Document, pointer: str, value: int) -> list[Edit]:
    """Edits that make the scalar at ``pointer`` the plain integer ``value``."""
    marks = _marks(doc, pointer)
    if marks is None or "\n" in doc.front_matter[marks[0] : marks[1]]:
        return []
    return [Edit(marks[0], marks[1], str(value))]


def _styled(raw: str, value: str) -> str:
    quote = raw[:1]
    if quote == "'" and "\\" not in value and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if quote == '"' and "\\" not in raw[1:-1] and "\\" not in value and '"' not in value:
        return '"' + value + '"'  # no escapes before or after: keep the characters as typed
    plain = _PLAIN_SAFE.fullmatch(value) and ": " not in value and not value.endswith(":")
    if quote not in ("'", '"') and plain and not _PLAIN_LOOKS_TYPED.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def remove_lines(
    doc: Document, start: int, end: int, *, prefix: str = r"[ \t]*(- )?[ \t]*"
) -> list[Edit]:
    """Remove the whole lines from the one holding ``start`` to the one holding ``end``.

    Only when nothing but ``prefix`` (indentation, a list dash) precedes ``start`` on its line.
    """
    text = doc.front_matter
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    if not re.fullmatch(prefix, text[line_start:start]):
        return []
    if end > line_start and text[end - 1 : end] in ("\n", "\r"):
        return [Edit(line_start, end, "")]  # a block collection ends at the next line's start
    line_end = end
    while line_end < len(text) and text[line_end] not in "\r\n":
        line_end += 1
    if text.startswith("\r\n", line_end):
        line_end += 2
    elif line_end < len(text):
        line_end += 1
    return [Edit(line_start, line_end, "")]


def remove_item(doc: Document, pointer: str) -> list[Edit]:
    """Edits that remove the list item at ``pointer`` (block or flow style)."""
    marks = _marks(doc, pointer, key=True)
    if marks is None:
        return []
    start, end = marks
    text = doc.front_matter
    before = text[:start].rstrip(" \t")
    if before.endswith("-"):
        return remove_lines(doc, start, end)
    if before.endswith(","):  # flow style: drop ", item"
        return [Edit(len(before) - 1, end, "")]
    return []


def _marks(doc: Document, pointer: str, *, key: bool = False) -> tuple[int, int] | None:
    """The value's (or, with ``key``, the key's start to the value's end) character span."""
    if pointer not in doc.nodes:
        return None
    node = doc.nodes[pointer]
    return (node.key_at if key else node.span[0]), node.span[1]
