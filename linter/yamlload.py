"""Parse front matter into plain data, remembering where every value was written.

Two parsers give the same answer. The C fast path (``linter/_fastyaml.c``) reads the plain
block YAML that front matter almost always is, in one pass, without importing PyYAML; for
anything else, or without a C compiler, :mod:`linter.yamllib` composes the text with libyaml
and builds the values itself (see there why not with PyYAML's constructor). A differential
test keeps the two equal: values and their types, every position, their order and the index.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from linter.model import Finding, Node, Position

if TYPE_CHECKING:  # PyYAML is imported only when a text needs it (linter.yamllib)
    import yaml

MAX_DEPTH = 64
MAX_VALUES = 100_000


def _fast_parser() -> ModuleType | None:
    try:
        return importlib.import_module("linter._fastyaml")
    except ImportError:  # installed without a C compiler: libyaml (or PyYAML) parses everything
        return None


_fastyaml = _fast_parser()
_BAIL = object()
_PLAIN_MEMO: dict[str, Any] = {}


def _plain_value(text: str) -> Any:
    """A plain scalar's value, as the libyaml path makes it; ``_BAIL`` for tags it reports.

    The fast parser calls this for plain scalars that may be something other than a string
    (it decides the usual numbers, booleans, nulls and dates itself).
    """
    value = _PLAIN_MEMO.get(text, _PLAIN_MEMO)
    if value is _PLAIN_MEMO:
        from linter import yamllib

        supported, value = yamllib.plain_value(text)
        if not supported:
            return _BAIL
        if len(_PLAIN_MEMO) < 65_536:
            _PLAIN_MEMO[text] = value
    return value


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


class Positions(_Located):
    """Positions from libyaml's marks: ``(key, start, end)`` by pointer."""

    def __init__(self, first_line: int = 1) -> None:
        super().__init__(first_line)
        self.marks: dict[str, tuple[yaml.Mark, yaml.Mark, yaml.Mark]] = {}

    def _span(self, pointer: str) -> _Span:
        key, start, end = self.marks[pointer]
        return key.line, key.column, key.index, start.line, start.column, start.index, end.index


class Spans(_Located):
    """Positions from the fast parser, which gives the same marks as numbers (``_fastyaml.c``)."""

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


def parse(text: str, first_line: int) -> Parsed:
    """Parse ``text`` (the front matter, starting on file line ``first_line``)."""
    if _fastyaml is not None:
        fast = _fastyaml.parse(text, _plain_value, _BAIL)
        if fast is not None:
            data, spans, index = fast
            index[""] = [("", data)]
            return Parsed(data, Spans(spans, first_line), index)
    from linter import yamllib

    return yamllib.parse(text, first_line)
