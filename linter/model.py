"""The values that flow through the pipeline: files -> documents -> findings -> problems."""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any, NamedTuple, TypeVar

from linter.fields import BUNDLED, FieldMap

T = TypeVar("T")


class Severity(enum.Enum):
    """How bad a problem is; only ``error`` fails a run (``--strict`` adds ``warning``)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# What the result cache keys a file by: size, modification and change times (ns), inode.
FileStat = tuple[int, int, int, int]


class Position(NamedTuple):
    """A 1-based line and column in the file (not in the front matter)."""

    # A named tuple rather than a dataclass: cheap to build, and it sorts as it should.
    line: int
    column: int


class Node(NamedTuple):
    """Where one value of the front matter was written.

    ``key`` is where its mapping key starts (the item itself for a list item, the opening
    ``---`` for the root); ``value`` is where the value starts. ``key_at`` and ``span`` are
    character offsets in the front matter text (the key's start, the value's start and end),
    for fixes that must touch nothing else.
    """

    key: Position
    value: Position
    key_at: int
    span: tuple[int, int]


def pointer_join(parent: str, token: str | int) -> str:
    """Append one RFC 6901 reference token to a JSON pointer."""
    text = str(token)
    if "~" in text or "/" in text:
        text = text.replace("~", "~0").replace("/", "~1")
    return f"{parent}/{text}"


@functools.lru_cache(maxsize=4096)
def _tokens(pointer: str) -> tuple[str, ...]:
    if not pointer:
        return ()
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/"))


def pointer_tokens(pointer: str) -> list[str]:
    """Split an RFC 6901 JSON pointer into its unescaped tokens."""
    return list(_tokens(pointer))


def display_path(pointer: str) -> str:
    """A pointer as people write field paths: ``/images/0/width`` -> ``images[0].width``."""
    out = ""
    for token in pointer_tokens(pointer):
        out += f"[{token}]" if token.isdigit() else (f".{token}" if out else token)
    return out or "front matter"


class Replacement(NamedTuple):
    """A fix as data: the value at ``pointer`` becomes ``value``, written in its own style."""

    pointer: str
    value: str | int


class Finding(NamedTuple):
    """What a rule knows about one defect; the runner adds file, rule id and severity."""

    # Named tuples here and below: cheap to make, per value and per file, and to import.
    pointer: str
    message: str
    position: Position | None = None
    # The fix, when the finding carries it (the online stage knows the final URL, the real
    # size): applied by ``linter.edits.carried``, never recovered from the message.
    fix: tuple[Replacement, ...] = ()


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
    fix: tuple[Replacement, ...] = field(compare=False, default=())

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

    ``data`` is ``None`` when the front matter could not be read. ``found`` holds what the
    stages (reading, parsing, schema, online) found, as ``(rule id, finding)`` pairs, judged
    by the runner like every rule's findings.
    """

    path: str
    data: Any
    nodes: Mapping[str, Node] = field(default_factory=dict)
    found: tuple[tuple[str, Finding], ...] = ()
    front_matter: str = ""
    # Values by pattern, when the parser built it on the way; else ``_walked`` walks the data.
    index: Mapping[str, list[tuple[str, Any]]] | None = None
    # Where the schema puts dates, URLs, images and texts, and how dates are written.
    fields: FieldMap = BUNDLED
    syntax: str = "yaml"  # of the front matter: "yaml", "toml" or "json"
    # ``(pointer, pattern, value)`` of the plain scalars that YAML 1.1 and 1.2 may read
    # apart: a superset, noted by the parser (``linter.reading.parsed.may_read_apart``);
    # ambiguous-value decides.
    suspects: Sequence[tuple[str, str, Any]] = ()

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
        # Chained in C: rules call this for every file, and a generator here cost a resume
        # per value.
        index = self.index if self.index is not None else self._walked
        if len(patterns) == 1:
            return iter(index.get(patterns[0], ()))
        return chain.from_iterable(map(index.get, patterns, repeat((), len(patterns))))

    def pattern(self, pointer: str) -> str:
        """The pattern ``pointer`` is an instance of: list indexes as ``*`` (``/tags/*``)."""
        value: Any = self.data
        out = ""
        for token in pointer_tokens(pointer):
            if isinstance(value, list):
                out += "/*"
                value = value[int(token)] if token.isdigit() and int(token) < len(value) else None
            else:
                out = pointer_join(out, token)
                value = value.get(token) if isinstance(value, dict) else None
        return out

    def values(self) -> Iterator[tuple[str, Any]]:
        """Every ``(pointer, value)`` of the front matter, containers included."""
        index = self.index if self.index is not None else self._walked
        return chain.from_iterable(index.values())

    def shared(self, compute: Callable[[Document], T]) -> T:
        """``compute(self)``, computed once per document: work that several rules share."""
        # Kept beside the fields (the instance is frozen; a cached_property would take a lock
        # on every file's first use).
        memo: dict[Callable[[Document], Any], Any] = self.__dict__.setdefault("_shared", {})
        if compute not in memo:
            memo[compute] = compute(self)
        return memo[compute]  # type: ignore[no-any-return]

    @functools.cached_property
    def _walked(self) -> Mapping[str, list[tuple[str, Any]]]:
        # Every rule asks for a few patterns; one walk answers them all by lookup (when the
        # parser did not build the index on the way).
        index: dict[str, list[tuple[str, Any]]] = {}
        stack: list[tuple[str, str, Any]] = [("", "", self.data)]
        while stack:
            pattern, pointer, value = stack.pop()
            index.setdefault(pattern, []).append((pointer, value))
            if isinstance(value, dict):
                children = [
                    (pointer_join(pattern, k), pointer_join(pointer, k), v)
                    for k, v in value.items()
                ]
            elif isinstance(value, list):
                children = [(f"{pattern}/*", f"{pointer}/{i}", v) for i, v in enumerate(value)]
            else:
                continue
            stack.extend(reversed(children))
        return index


class Suppressions(NamedTuple):
    """Which rules are silenced on which lines, and in the whole file."""

    lines: Mapping[int, frozenset[str]] = {}  # shared, so read-only: typed as a Mapping
    file: frozenset[str] = frozenset()

    def silences(self, problem: Problem) -> bool:
        for ids in (self.file, self.lines.get(problem.line, frozenset())):
            if "*" in ids or problem.code in ids:
                return True
        return False


class Fact(NamedTuple):
    """What a project rule needs to remember of one file: a key and where it was found."""

    # A named tuple: a warm run rebuilds two of these per file from the cache.
    rule: str
    key: str
    label: str  # the value as written, for the message
    pointer: str
    line: int
    column: int


class FileResult(NamedTuple):
    """Everything one file contributes to a run."""

    path: str
    problems: tuple[Problem, ...]
    facts: tuple[Fact, ...] = ()
    suppressions: Suppressions = Suppressions()
    own: bool = True  # False for a file only read for its facts (another shard's)
    # Judged by a schema its front matter names (``$schema``), not the configuration's: the
    # result depends on a file the cache key does not hold, so it is never cached.
    external: bool = False
