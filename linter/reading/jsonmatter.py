"""JSON front matter (Hugo): a JSON object at the top of the file, with every value's place.

The object is read by a small scanner over the text that records, for every value, where its
key and the value were written (the same spans the YAML parsers give), so a problem in JSON
front matter has a line and a column like any other. Each string token is decoded by
``json.loads``; numbers, literals and nesting are scanned here.
A key written twice is a ``duplicate-key`` finding (JSON parsers silently keep the last one);
a syntax error is ``invalid-json``, at its place.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from linter.model import Finding, Position, pointer_join
from linter.reading.parsed import (
    INT_TOO_LONG,
    MAX_DEPTH,
    MAX_INT_DIGITS,
    MAX_VALUES,
    Parsed,
    Spans,
)

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"')


def _string(text: str, at: int) -> tuple[str, int]:
    """The JSON string token at ``at`` (its opening quote), decoded, and where it ends."""
    match = _STRING.match(text, at)
    if match is None:
        raise _Failed("invalid-json", "front matter is not valid JSON: a string is not closed", at)
    try:
        value = json.loads(match.group())
    except ValueError as error:
        raise _Failed("invalid-json", f"front matter is not valid JSON: {error}", at) from None
    return str(value), match.end()


class _Failed(Exception):
    def __init__(self, code: str, message: str, at: int) -> None:
        super().__init__(message)
        self.code, self.message, self.at = code, message, at


def end_of_object(text: str) -> int | None:
    """Where the JSON object that ``text`` starts with ends (an index), or ``None``."""
    try:
        _, end = json.JSONDecoder().raw_decode(text)
    except (ValueError, RecursionError):
        return None
    return end


def parse(text: str, first_line: int = 1) -> Parsed:
    """Parse the JSON object ``text`` (its ``{`` on file line ``first_line``)."""
    scanner = _Scanner(text, first_line)
    result = Parsed(nodes=Spans(scanner.spans, first_line))
    try:
        result.data, end = scanner.value(_skip(text, 0), "", None, 0)
        if _skip(text, end) != len(text):
            raise _Failed("invalid-json", "extra data after the front matter object", end)
    except _Failed as failure:
        line, column = scanner.where(failure.at)
        finding = Finding("", failure.message, Position(line + first_line, column + 1))
        result.findings.append((failure.code, finding))
        result.data = None
        return result
    result.findings.extend(
        (code, Finding(pointer, message, Position(line + first_line, column + 1)))
        for code, pointer, message, (line, column) in scanner.duplicates
    )
    return result


def _skip(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    assert match is not None
    return match.end()


def _after_item(text: str, at: int, closing: str) -> tuple[bool, int]:
    """After an object member or array item: whether the container closes, and where the
    next thing starts (past the closing bracket, or the next item after a comma)."""
    at = _skip(text, at)
    if text.startswith(closing, at):
        return True, at + 1
    if not text.startswith(",", at):
        message = f"front matter is not valid JSON: expected ',' or '{closing}'"
        raise _Failed("invalid-json", message, at)
    return False, _skip(text, at + 1)


class _Scanner:
    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.first_line = first_line
        self.spans: dict[str, tuple[int, int, int, int, int, int, int]] = {}
        self.duplicates: list[tuple[str, str, str, tuple[int, int]]] = []
        self._breaks = [i for i, c in enumerate(text) if c == "\n"]

    def where(self, at: int) -> tuple[int, int]:
        """Line and column (from 0) of the index ``at``."""
        line = bisect.bisect_left(self._breaks, at)
        start = self._breaks[line - 1] + 1 if line else 0
        return line, at - start

    def value(self, at: int, pointer: str, key_at: int | None, depth: int) -> tuple[Any, int]:
        text = self.text
        if len(self.spans) >= MAX_VALUES:
            raise _Failed("limit-exceeded", f"front matter has more than {MAX_VALUES} values", at)
        if at >= len(text):
            raise _Failed("invalid-json", "front matter is not valid JSON: a value is missing", at)
        char = text[at]
        value: Any
        if char in "{[":
            if depth >= MAX_DEPTH:
                raise _Failed(
                    "limit-exceeded", f"front matter is nested deeper than {MAX_DEPTH} levels", at
                )
            scan = self._object if char == "{" else self._array
            value, end = scan(at, pointer, depth + 1)
        elif char == '"':
            value, end = _string(text, at)
        else:
            value, end = self._scalar(at)
        key = at if key_at is None else key_at
        self.spans[pointer] = (*self.where(key), key, *self.where(at), at, end)
        return value, end

    def _scalar(self, at: int) -> tuple[Any, int]:
        for word, value in _LITERALS.items():
            if self.text.startswith(word, at):
                return value, at + len(word)
        match = _NUMBER.match(self.text, at)
        if match is None or match.end() == at:
            near = self.text[at : at + 12].split("\n")[0]
            raise _Failed(
                "invalid-json", f"front matter is not valid JSON: unexpected {near!r}", at
            )
        number = match.group()
        if match[1] or match[2]:
            return float(number), match.end()
        if len(number.lstrip("-")) > MAX_INT_DIGITS:  # int() would refuse it
            raise _Failed("limit-exceeded", INT_TOO_LONG, at)
        return int(number), match.end()

    def _object(self, at: int, pointer: str, depth: int) -> tuple[dict[str, Any], int]:
        text = self.text
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        at = _skip(text, at + 1)
        if text.startswith("}", at):
            return out, at + 1
        while True:
            if not text.startswith('"', at):
                raise _Failed(
                    "invalid-json",
                    "front matter is not valid JSON: expected a key in double quotes",
                    at,
                )
            key_at = at
            key, at = _string(text, at)
            at = _skip(text, at)
            if not text.startswith(":", at):
                raise _Failed(
                    "invalid-json", "front matter is not valid JSON: expected ':' after a key", at
                )
            child = pointer_join(pointer, key)
            if key in out:
                line = self.where(first[key])[0] + self.first_line
                message = (
                    f"duplicate key {key!r} (first defined on line {line}); "
                    "json keeps only the last value"
                )
                self.duplicates.append(("duplicate-key", child, message, self.where(key_at)))
            else:
                first[key] = key_at
            out[key], at = self.value(_skip(text, at + 1), child, key_at, depth)
            closed, at = _after_item(text, at, "}")
            if closed:
                return out, at

    def _array(self, at: int, pointer: str, depth: int) -> tuple[list[Any], int]:
        text = self.text
        out: list[Any] = []
        at = _skip(text, at + 1)
        if text.startswith("]", at):
            return out, at + 1
        while True:
            item, at = self.value(at, f"{pointer}/{len(out)}", None, depth)
            out.append(item)
            closed, at = _after_item(text, at, "]")
            if closed:
                return out, at
