"""Finds plain YAML values that YAML 1.1 and YAML 1.2 read differently.

What it does: reports an unquoted value that the two versions of YAML read as different
things, naming both readings: `yes`/`no`/`on`/`off` (1.1: a boolean; 1.2: a string), `012`
(1.1: octal 10; 1.2: 12), `0o12` and `1e3` (1.1: strings; 1.2: numbers), `0b101`, `1_000`
and `1:20` (1.1: numbers; 1.2: strings), and in a field the schema types as a string (not a
date), a timestamp such as `2024-01-01` (1.1 and js-yaml: a date; 1.2's core schema: a
string). Jekyll (Ruby's Psych) and PyYAML read YAML 1.1; Hugo (go-yaml v3), Eleventy and
Astro (js-yaml 4, which reads 1.1's timestamps too) read YAML 1.2: the same file means two
things to two tools. Where the site's own reader (its `date-dialect`) gives a type the
schema rejects, the value is a `wrong-type` error instead. Fixable: where the schema wants a string, the value is quoted; where it
wants a boolean, `true` or `false` (as 1.1 reads it) is written. Numbers are not fixed (which
reading was meant cannot be told).
Why it is bad: `published: yes` becomes true in one generator and "yes" in another; a topic
`NO` (Norway) becomes false; a time `1:20` becomes 80.
Example: `published: yes` -> `"published" is yes: YAML 1.1 reads true, YAML 1.2 the string
"yes"; expected true or "yes"`.
Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from linter.edits import Edit
from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule

_BOOLEAN_WORDS = {
    word: value
    for words, value in (("yes Yes YES on On ON", True), ("no No NO off Off OFF", False))
    for word in words.split()
}
_OCTAL = re.compile(r"[-+]?0[0-7]+")
_OCTAL_12 = re.compile(r"0o[0-7]+")
_EXPONENT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+")
_BINARY = re.compile(r"[-+]?0b[01_]+")
_UNDERSCORED = re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
# YAML 1.1's timestamp (https://yaml.org/type/timestamp.html), which js-yaml reads too.
TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
# The YAML reader of each date dialect's generator: what it makes of a plain scalar.
READERS = {
    "jekyll": "Jekyll's YAML reader (Ruby Psych, YAML 1.1)",
    "javascript": "js-yaml (YAML 1.2 with 1.1's timestamps)",
    "hugo": "Hugo's YAML reader (go-yaml, YAML 1.2)",
}


def readings(raw: str, value: Any) -> tuple[str, str] | None:
    """How YAML 1.1 and YAML 1.2 read the plain scalar ``raw``, when they differ."""
    if isinstance(value, str) and TIMESTAMP.fullmatch(raw):
        return "a date", f"the string {raw!r}"
    if raw in _BOOLEAN_WORDS:
        return _show(_BOOLEAN_WORDS[raw]), f"the string {raw!r}"
    if _OCTAL.fullmatch(raw) and raw.lstrip("+-") != "0":
        return f"octal {int(raw, 8)}", f"{int(raw, 10)}"
    if _OCTAL_12.fullmatch(raw):
        return f"the string {raw!r}", f"octal {int(raw[2:], 8)}"
    if _EXPONENT.fullmatch(raw) and isinstance(value, str):
        return f"the string {raw!r}", f"the number {float(raw):g}"
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if numeric and any(form.fullmatch(raw) for form in (_BINARY, _UNDERSCORED, _SEXAGESIMAL)):
        return f"the number {value}", f"the string {raw!r}"
    return None


def _show(value: bool) -> str:
    return "true" if value else "false"


def site_reading(raw: str, value: Any, dialect: str) -> str | None:
    """The JSON type the site's reader (``READERS``) gives the plain scalar ``raw``, where it
    may differ from what the schema was checked against: ``None`` when it is the same or not
    known."""
    if dialect not in READERS or readings(raw, value) is None:
        return None
    if TIMESTAMP.fullmatch(raw):
        return "date" if dialect in ("jekyll", "javascript") else None  # go-yaml: a string
    if raw in _BOOLEAN_WORDS:
        return "boolean" if dialect == "jekyll" else "string"
    if _OCTAL_12.fullmatch(raw) or _EXPONENT.fullmatch(raw):
        return None if dialect == "jekyll" else "number"
    return "number" if dialect == "jekyll" else None


def rejected(doc: Document, pointer: str, raw: str, value: Any) -> str | None:
    """What the site's reader makes of ``raw`` when the schema rejects it (a date where the
    schema wants a string, a string where it wants a boolean), else ``None``."""
    reading = site_reading(raw, value, doc.fields.dialect)
    if reading is None:
        return None
    pattern = doc.pattern(pointer)
    if reading == "string":
        return reading if pattern in doc.fields.booleans else None
    wanted = pattern in doc.fields.strings and pattern not in doc.fields.dates
    return reading if wanted and not isinstance(value, bool | int | float) else None


def plain_values(doc: Document) -> Iterator[tuple[str, str, Any]]:
    """``(pointer, raw, value)`` of each plain scalar that YAML 1.1 and 1.2 read apart,
    but for a timestamp where the schema wants no plain string (no site reads it wrong)."""
    # The parser noted the plain scalars that may be read apart (``Document.suspects``): no
    # look at the text or at every value of the file here.
    fields = doc.fields
    suspects = doc.suspects
    if doc.index is None:
        # A key written twice: the parser also noted the values a later one replaced.
        last = {suspect[0]: suspect for suspect in suspects}
        suspects = [suspect for suspect in last.values() if doc.get(suspect[0]) is suspect[2]]
    for pointer, pattern, value in suspects:
        if (
            isinstance(value, str)
            and (pattern not in fields.strings or pattern in fields.dates)
            and TIMESTAMP.fullmatch(value)
        ):
            continue  # a date where a date is meant, or where the schema leaves it open
        raw = _plain(doc, pointer)
        if raw and readings(raw, value) is not None:
            yield pointer, raw, value


def check(doc: Document, options: object) -> Iterator[Finding]:
    for pointer, raw, value in plain_values(doc):
        if rejected(doc, pointer, raw, value) is not None:
            continue  # wrong-type reports it, as the error it is for this site
        found = readings(raw, value)
        if found is not None:
            old, new = found
            message = (
                f'"{display_path(pointer)}" is {raw}: YAML 1.1 reads {old}, YAML 1.2 {new}; '
                f"expected {_expected(doc, pointer, raw, value)}"
            )
            yield Finding(pointer, message)


def _plain(doc: Document, pointer: str) -> str | None:
    """The value's text as written, when it is a one-line plain scalar."""
    node = doc.nodes.get(pointer)
    if node is None:
        return None
    start, end = node.span
    raw = doc.front_matter[start:end]
    if not raw or raw[0] in "'\"|>&*!" or "\n" in raw:
        return None
    return raw.strip()


def _expected(doc: Document, pointer: str, raw: str, value: Any) -> str:
    if _wants_string(doc, pointer):
        return f"{raw!r} quoted"
    if isinstance(value, bool):
        return f"{_show(value)} or {raw!r} quoted"
    return "the value quoted, or written as a plain number"


def _wants_string(doc: Document, pointer: str) -> bool:
    return doc.pattern(pointer) in doc.fields.strings


def fix(doc: Document, finding: Finding) -> list[Edit]:
    node = doc.nodes.get(finding.pointer)
    raw = _plain(doc, finding.pointer)
    value = doc.get(finding.pointer)
    if node is None or raw is None or readings(raw, value) is None:
        return []
    start, end = node.span
    if _wants_string(doc, finding.pointer):
        return [Edit(start, end, "'" + raw + "'")]
    if isinstance(value, bool):
        return [Edit(start, end, _show(value))]
    return []


RULE = Rule(
    id="ambiguous-value", severity=Severity.WARNING, check=check, fix=fix, reads=("strings",)
)
