"""What a front matter parser returns (YAML, TOML or JSON): values, where each was written,
and what went wrong. Shared by every parser, which import it and not each other."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from linter.model import Finding, Node, Position

if TYPE_CHECKING:  # PyYAML is imported only when a text needs it (linter.reading.yamllib)
    import yaml

MAX_DEPTH = 64
MAX_VALUES = 100_000
# Python's own bound on turning an integer into text (and back): a longer one could not be
# shown in a message. Every parser reports a longer integer as ``limit-exceeded``.
MAX_INT_DIGITS = 4300
_INT_LIMIT = 10**MAX_INT_DIGITS
INT_TOO_LONG = f"front matter has an integer of more than {MAX_INT_DIGITS} digits; expected at most {MAX_INT_DIGITS}"


# The first characters of YAML 1.1's implicit types (PyYAML's resolver), and its words.
_TYPED_FIRST = frozenset("yYnNtTfFoO-+0123456789.<~=")
_CORE_WORDS = frozenset(
    {"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~"}
)
_WORDS = _CORE_WORDS | {
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "NO",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
}
_DECIMAL = re.compile(r"-?[1-9][0-9]{0,17}")


def may_read_apart(text: str) -> bool:
    """Whether YAML 1.1 and YAML 1.2 may read the plain scalar ``text`` as different values:
    not a plain string, a decimal integer, or a word both read alike (true, null). A cheap
    superset that the parsers note as they go (``Parsed.suspects``); the ambiguous-value rule
    decides. The C parser (``_fastyaml.c``, ``plain_value``) decides exactly so."""
    first = text[:1]
    if first not in _TYPED_FIRST or not first:
        return False
    if text == "0" or _DECIMAL.fullmatch(text):
        return False
    if first.isdigit():
        return True  # a timestamp, a version, an octal or a float
    if text in _WORDS:
        return text not in _CORE_WORDS
    return first not in "yYnNtTfFoO~"


def int_too_long(value: object) -> bool:
    """Whether ``value`` is an integer of more than ``MAX_INT_DIGITS`` digits."""
    return type(value) is int and not -_INT_LIMIT < value < _INT_LIMIT


# Where a value was written, as marks give it: its key's line, column and offset, then the
# value's line, column, offset and end offset (lines and columns from 0).
_Span = tuple[int, int, int, int, int, int, int]


class _Located(Mapping[str, Node]):
    """Where each value was written, by JSON pointer, converted from marks on demand.

    Most values never get a problem, so the marks are kept as the parser gave them and turned
    into file positions only when asked for.
    """

    marks: Mapping[str, object]

    def __init__(self, first_line: int) -> None:
        self._first_line = first_line

    def _span(self, pointer: str) -> _Span:
        raise NotImplementedError

    def __getitem__(self, pointer: str) -> Node:
        key_line, key_column, key_index, line, column, index, end = self._span(pointer)
        first = self._first_line
        return Node(
            Position(key_line + first, key_column + 1),
            Position(line + first, column + 1),
            key_index,
            (index, end),
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self.marks)

    def __len__(self) -> int:
        return len(self.marks)

    def __contains__(self, pointer: object) -> bool:
        return pointer in self.marks

    def get(self, pointer: str, default: Any = None) -> Any:
        # Mapping.get's try/except, without the exception: asked for every fact and problem.
        return self[pointer] if pointer in self.marks else default


class Positions(_Located):
    """Positions from libyaml's marks: ``(key, start, end)`` by pointer."""

    def __init__(self, first_line: int = 1) -> None:
        super().__init__(first_line)
        self.marks: dict[str, tuple[yaml.Mark, yaml.Mark, yaml.Mark]] = {}

    def _span(self, pointer: str) -> _Span:
        key, start, end = self.marks[pointer]
        return key.line, key.column, key.index, start.line, start.column, start.index, end.index


class PackedSpans(_Located):
    """Positions from the fast parser (``_fastyaml.c``): libyaml's seven numbers per value,
    packed in one bytes object, unpacked for the few values asked for."""

    def __init__(self, spans: tuple[dict[str, int], bytes], first_line: int) -> None:
        super().__init__(first_line)
        # Each pointer's number: where its numbers are in ``packed``.
        self.marks: dict[str, int] = spans[0]
        self._packed = spans[1]

    def _span(self, pointer: str) -> _Span:
        return _SPAN.unpack_from(self._packed, _SPAN.size * self.marks[pointer])


_SPAN = struct.Struct("7n")


class Spans(_Located):
    """Positions as numbers (the TOML and JSON parsers')."""

    def __init__(self, spans: dict[str, _Span], first_line: int) -> None:
        super().__init__(first_line)
        self.marks: dict[str, _Span] = spans

    def _span(self, pointer: str) -> _Span:
        return self.marks[pointer]


@dataclass
class Parsed:
    """The result of parsing one front matter: data, positions and what went wrong."""

    data: Any = None
    nodes: _Located = field(default_factory=Positions)
    # Every value by pattern (``/images/*/url``), for ``Document.each``; None: walk the data.
    index: dict[str, list[tuple[str, Any]]] | None = None
    findings: list[tuple[str, Finding]] = field(default_factory=list)
    # ``(pointer, pattern, value)`` of the plain scalars that ``may_read_apart``, in no
    # particular order.
    suspects: list[tuple[str, str, Any]] = field(default_factory=list)
