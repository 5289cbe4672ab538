"""The values that flow through the pipeline: files -> documents -> findings -> problems."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.Enum):
    """How bad a problem is; only ``error`` fails a run (``--strict`` adds ``warning``)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in the file (not in the front matter)."""

    line: int
    column: int


@dataclass(frozen=True)
class Node:
    """Where one value of the front matter was written.

    ``key`` is where its mapping key starts (the item itself for a list item, the opening
    ``---`` for the root); ``value`` is where the value starts; ``span`` is the value's
    character offsets in the file text, for fixes that must touch nothing else.
    """

    key: Position
    value: Position
    span: tuple[int, int]


def pointer_join(parent: str, token: str | int) -> str:
    """Append one RFC 6901 reference token to a JSON pointer."""
    text = str(token).replace("~", "~0").replace("/", "~1")
    return f"{parent}/{text}"


def pointer_tokens(pointer: str) -> list[str]:
    """Split an RFC 6901 JSON pointer into its unescaped tokens."""
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def display_path(pointer: str) -> str:
    """A pointer as people write field paths: ``/images/0/width`` -> ``images[0].width``."""
    out = ""
    for token in pointer_tokens(pointer):
        out += f"[{token}]" if token.isdigit() else (f".{token}" if out else token)
    return out or "front matter"


@dataclass(frozen=True)
class Finding:
    """What a rule knows about one defect; the runner adds file, rule id and severity."""

    pointer: str
    message: str
    position: Position | None = None


@dataclass(frozen=True, order=True)
class Problem:
    """One defect as the user sees it. Ordered by file, then place, then rule."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    pointer: str = field(compare=False, default="")

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "pointer": self.pointer,
        }


@dataclass(frozen=True)
class Document:
    """A parsed file: its front matter as plain data and where each value was written.

    ``data`` is ``None`` when the front matter could not be read. ``reported`` holds what
    the reading, YAML and schema stages found, as ``(rule id, finding)`` pairs; the rules
    named after those ids report them.
    """

    path: str
    data: Any
    nodes: Mapping[str, Node] = field(default_factory=dict)
    reported: tuple[tuple[str, Finding], ...] = ()
    front_matter: str = ""

    @property
    def ok(self) -> bool:
        """Whether the front matter parsed into a mapping that rules can read."""
        return isinstance(self.data, dict)

    def locate(self, pointer: str, *, key: bool = False) -> Position:
        """Where the value at ``pointer`` was written, or its nearest existing parent's key."""
        node = self.nodes.get(pointer)
        if node is not None:
            return node.key if key else node.value
        while pointer:
            pointer = pointer.rsplit("/", 1)[0]
            node = self.nodes.get(pointer)
            if node is not None:
                return node.key
        return Position(1, 1)

    def get(self, pointer: str) -> Any:
        """The value at ``pointer``, or ``None`` when any step of it is missing."""
        value: Any = self.data
        for token in pointer_tokens(pointer):
            if isinstance(value, dict):
                value = value.get(token)
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                return None
        return value

    def each(self, *patterns: str) -> Iterator[tuple[str, Any]]:
        """Yield ``(pointer, value)`` for every existing value matching a pattern.

        A pattern is a pointer whose ``*`` token stands for every item of a list:
        ``/related/*/images/*/url``.
        """
        for pattern in patterns:
            yield from _expand(self.data, "", pointer_tokens(pattern))


def _expand(value: Any, pointer: str, tokens: list[str]) -> Iterator[tuple[str, Any]]:
    if not tokens:
        yield pointer, value
        return
    head, rest = tokens[0], tokens[1:]
    if head == "*":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _expand(item, pointer_join(pointer, index), rest)
    elif isinstance(value, dict) and head in value:
        yield from _expand(value[head], pointer_join(pointer, head), rest)
