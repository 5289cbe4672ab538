"""TOML front matter (Hugo): the text between ``+++`` lines, with every value's place.

``tomllib`` (the standard library) reads the values and finds every syntax error and every
key defined twice (TOML forbids both); it gives no positions, so a line scanner records
where each key was written: ``key = value`` lines (dotted and quoted keys included) under
``[table]`` and ``[[array of tables]]`` headers. A value nested in an inline table or a
multi-line array is placed at its enclosing key, as ``Document.locate`` does for any value
without a place of its own.

TOML dates and times are kept as the text written (``2024-01-05T10:00:00Z``), like YAML
timestamps: the schema and the rules judge what the author wrote, as a string.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from linter.model import Finding, Position, pointer_join
from linter.reading.parsed import (
    INT_TOO_LONG,
    MAX_DEPTH,
    MAX_INT_DIGITS,
    Parsed,
    Spans,
    int_too_long,
)

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_KEY = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_HEADER = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_DOTTED})[ \t]*\]\]?[ \t]*(?:#.*)?\Z")
_KEY_VALUE = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=[ \t]*")
_PART = re.compile(_KEY)
_ERROR_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_ERROR_END = re.compile(r"\(at end of document\)")


def parse(text: str, first_line: int = 2) -> Parsed:
    """Parse ``text`` (the front matter between ``+++`` lines, from file line ``first_line``)."""
    import tomllib

    spans: dict[str, tuple[int, int, int, int, int, int, int]] = {}
    result = Parsed(nodes=Spans(spans, first_line))
    too_deep = _too_deep(text)
    if too_deep is not None:
        result.findings.append(("limit-exceeded", _finding_at(text, too_deep, first_line, _DEEP)))
        return result
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        result.findings.append(("invalid-toml", _syntax_finding(error, text, first_line)))
        return result
    except ValueError:  # not a syntax error: Python refuses to convert an integer this long
        result.findings.append(("limit-exceeded", _long_integer(text, first_line)))
        return result
    raw = _scan(text, spans)
    try:
        result.data = _as_written(data, "", raw)
    except _TooLong:  # 0x and 4,000 digits converts, and could not be shown in a message
        result.data = None
        spans.clear()
        result.findings.append(("limit-exceeded", _long_integer(text, first_line)))
    spans.setdefault("", (-1, 0, 0, -1, 0, 0, len(text)))  # the opening +++ line
    return result


_DIGITS = re.compile(r"[0-9A-Fa-f_]+")  # each run once: linear, where {4300,} is not


class _TooLong(Exception):
    """An integer of more than ``MAX_INT_DIGITS`` digits."""


def _long_integer(text: str, first_line: int) -> Finding:
    """``limit-exceeded`` at the first run of digits long enough to be the integer."""
    runs = (
        run.start() for run in _DIGITS.finditer(text) if run.end() - run.start() >= MAX_INT_DIGITS
    )
    return _finding_at(text, next(runs, 0), first_line, INT_TOO_LONG)


def _finding_at(text: str, at: int, first_line: int, message: str) -> Finding:
    line = text.count("\n", 0, at)
    column = at - (text.rfind("\n", 0, at) + 1)
    return Finding("", message, Position(line + first_line, column + 1))


_DEEP = f"front matter is nested deeper than {MAX_DEPTH} levels (dotted keys or brackets)"
# What decides nesting: strings and comments (skipped whole), brackets, and the separators
# that end a dotted key. A string left open runs to the end (tomllib reports it). Each
# alternative starts with its own character and always matches, so the scan is linear.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)'
    r"|'''(?:[^']|'(?!''))*(?:'''|\Z)"
    r'|"(?:[^"\\\n]|\\.)*"?'
    r"|'[^'\n]*'?"
    r"|#[^\n]*"
    r"|[\[\]{}=,.\n]",
    re.DOTALL,
)


def _too_deep(text: str) -> int | None:
    """Where the text nests deeper than ``MAX_DEPTH`` (a dotted key of too many parts, or
    too many open brackets), or ``None``. tomllib's time grows with the square of a dotted
    key's parts (40,000 parts: minutes) and it recurses once per bracket: this scan is one
    pass, and tomllib never sees such a text."""
    depth = dots = 0
    for token in _TOKENS.finditer(text):
        kind = token.group()
        if kind == ".":
            dots += 1
            if dots >= MAX_DEPTH:
                return token.start()
            continue
        dots = 0
        if kind in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif kind in ("]", "}"):
            depth = max(depth - 1, 0)
    return None


def _syntax_finding(error: Exception, text: str, first_line: int) -> Finding:
    # tomllib says where only in its message, "(at line 3, column 7)", until Python 3.14.
    message = str(error)
    where = _ERROR_AT.search(message)
    if where is not None:
        line, column = int(where[1]), int(where[2])
    else:
        line, column = text.count("\n") + 1, 1
    reason = _ERROR_AT.sub("", _ERROR_END.sub("", message)).strip().rstrip(".")
    reason = reason[:1].lower() + reason[1:]
    return Finding(
        "", f"front matter is not valid TOML: {reason}", Position(line + first_line - 1, column)
    )


def _scan(text: str, spans: dict[str, tuple[int, int, int, int, int, int, int]]) -> dict[str, str]:
    """Record where each key was written; return the raw text of each simple value."""
    raw: dict[str, str] = {}
    table = ""
    counts: dict[str, int] = {}  # arrays of tables: how many elements so far
    below: dict[str, list[str]] = {}
    offset, skip_until = 0, None
    for number, line in enumerate(text.split("\n")):
        start, offset = offset, offset + len(line) + 1
        if skip_until is not None:
            if skip_until(line):
                skip_until = None
            continue
        header = _HEADER.match(line)
        if header is not None:
            table = _pointer(_parts(header[2]), counts, below, array=header[1] == "[[")
            column = line.index(header[2])
            spans[table] = (
                number,
                column,
                start + column,
                number,
                column,
                start + column,
                offset - 1,
            )
            continue
        pair = _KEY_VALUE.match(line)
        if pair is None:
            continue
        pointer = table
        for part in _parts(pair[1]):
            pointer = pointer_join(pointer, part)
        key_column, value_column = line.index(pair[1]), pair.end()
        value = _strip_comment(line[value_column:])
        spans[pointer] = (
            number,
            key_column,
            start + key_column,
            number,
            value_column,
            start + value_column,
            start + value_column + len(value),
        )
        raw[pointer] = value
        skip_until = _continuation(value)
    return raw


def _parts(dotted: str) -> list[str]:
    parts = []
    for match in _PART.finditer(dotted):
        token = match.group()
        if token.startswith('"'):
            import json

            token = json.loads(token)
        elif token.startswith("'"):
            token = token[1:-1]
        parts.append(token)
    return parts


def _pointer(
    parts: list[str], counts: dict[str, int], below: dict[str, list[str]], *, array: bool
) -> str:
    """The pointer of a table header; ``[[a]]`` adds an element to the array ``a``.

    ``counts``: how many elements each array has so far; ``below``: the arrays met inside
    each array's last element (``""``: at the top), forgotten when a new element starts."""
    pointer, owner = "", ""
    for index, part in enumerate(parts):
        pointer = pointer_join(pointer, part)
        last = index == len(parts) - 1
        if last and array:
            if pointer not in counts:
                below.setdefault(owner, []).append(pointer)
                counts[pointer] = 0
            counts[pointer] += 1
            _forget(pointer, counts, below)  # a new element: the tables under it start again
            pointer = f"{pointer}/{counts[pointer] - 1}"
        elif pointer in counts:
            owner = pointer
            pointer = f"{pointer}/{counts[pointer] - 1}"  # a table inside the last element
    return pointer


def _forget(array: str, counts: dict[str, int], below: dict[str, list[str]]) -> None:
    # Each array is forgotten once per time it was met: linear in the headers, where
    # looking through every known array at each header took minutes on 20,000 of them.
    stack = below.pop(array, [])
    while stack:
        inner = stack.pop()
        counts.pop(inner, None)
        stack.extend(below.pop(inner, []))


def _strip_comment(value: str) -> str:
    """The value's text without a trailing comment (a ``#`` outside any string)."""
    quote = None
    for index, char in enumerate(value):
        if quote is None and char == "#":
            return value[:index].rstrip()
        if char in "\"'" and (quote is None or quote == char):
            quote = None if quote == char else char
    return value.rstrip()


def _continuation(value: str) -> Any:
    """For a value that goes on below its line, a test for the line where it ends."""
    for fence in ('"""', "'''"):
        if value.startswith(fence) and value.count(fence) == 1:
            return lambda line, fence=fence: fence in line
    depth = _depth(value)
    if depth > 0:
        state = {"depth": depth}

        def ends(line: str) -> bool:
            state["depth"] += _depth(line)
            return state["depth"] <= 0

        return ends
    return None


def _depth(text: str) -> int:
    depth, quote = 0, None
    for char in _strip_comment(text):
        if char in "\"'" and (quote is None or quote == char):
            quote = None if quote == char else char
        elif quote is None:
            depth += (char in "[{") - (char in "]}")
    return depth


_TEMPORAL = (datetime.datetime, datetime.date, datetime.time)


def _as_written(value: Any, pointer: str, raw: dict[str, str]) -> Any:
    """``value`` with its dates and times as the text written (else ISO 8601 text)."""
    if isinstance(value, dict):
        return {k: _as_written(v, pointer_join(pointer, k), raw) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_written(v, f"{pointer}/{i}", raw) for i, v in enumerate(value)]
    if isinstance(value, _TEMPORAL):
        return raw.get(pointer) or value.isoformat()
    if int_too_long(value):
        raise _TooLong
    return value
