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
from linter.reading.parsed import Parsed, Spans

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
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        result.findings.append(("invalid-toml", _syntax_finding(error, text, first_line)))
        return result
    raw = _scan(text, spans)
    result.data = _as_written(data, "", raw)
    spans.setdefault("", (-1, 0, 0, -1, 0, 0, len(text)))  # the opening +++ line
    return result


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
    offset, skip_until = 0, None
    for number, line in enumerate(text.split("\n")):
        start, offset = offset, offset + len(line) + 1
        if skip_until is not None:
            if skip_until(line):
                skip_until = None
            continue
        header = _HEADER.match(line)
        if header is not None:
            table = _pointer(_parts(header[2]), counts, array=header[1] == "[[")
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


def _pointer(parts: list[str], counts: dict[str, int], *, array: bool) -> str:
    """The pointer of a table header; ``[[a]]`` adds an element to the array ``a``."""
    pointer = ""
    for index, part in enumerate(parts):
        pointer = pointer_join(pointer, part)
        last = index == len(parts) - 1
        if last and array:
            counts[pointer] = counts.get(pointer, 0) + 1
            # A new element: the tables under it start again.
            for known in [k for k in counts if k.startswith(pointer + "/")]:
                del counts[known]
            pointer = f"{pointer}/{counts[pointer] - 1}"
        elif pointer in counts:
            pointer = f"{pointer}/{counts[pointer] - 1}"  # a table inside the last element
    return pointer


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
    return value
