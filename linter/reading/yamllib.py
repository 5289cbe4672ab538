"""The libyaml path of :mod:`linter.reading.yamlload`: every text the C fast path declines.

libyaml (``yaml.CSafeLoader``) composes the node graph when it is available, pure-Python
``SafeLoader`` otherwise, and this module builds the values itself instead of letting PyYAML
construct them, because PyYAML's constructor

- turns ``2023-11-09T01:31:00Z`` into a ``datetime`` (and raises a bare ``ValueError`` on
  ``2023-13-09``), where the schema wants the text that was written;
- keeps the last of two equal keys without a word;
- expands aliases without bound ("billion laughs");
- drops every position.

Tags outside the JSON-compatible core (``!!python/object``, ``!custom``, ``!!binary``...) are
reported and never executed. Importing PyYAML costs more than linting a file, so this module
is imported only when a text needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import yaml

from linter.model import Finding, Position, pointer_join
from linter.reading.parsed import (
    INT_TOO_LONG,
    MAX_DEPTH,
    MAX_VALUES,
    Parsed,
    Positions,
    int_too_long,
    may_read_apart,
)

try:
    _Base: type[Any] = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Base = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader with a faster tag resolver (same answers: a test checks it).

    The composer asks the resolver once per node, and PyYAML's general resolver also walks
    path resolvers that a safe loader never has; a plain scalar's tag depends only on its
    text, so it is memoised.
    """

    _plain: ClassVar[dict[str, str]] = {}

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR_TAG
            tag = self._plain.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(self._plain) < 65_536:
                    self._plain[value] = tag
            return tag
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


_TAG = "tag:yaml.org,2002:"
_SCALARS = yaml.constructor.SafeConstructor()
_CONSTRUCT: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    _TAG + "str": lambda node: node.value,
    # Dates stay the text that was written: date rules judge it, JSON has no date type.
    _TAG + "timestamp": lambda node: node.value,
    _TAG + "null": lambda node: None,
    _TAG + "bool": _SCALARS.construct_yaml_bool,
    _TAG + "int": lambda node: (
        _integer(node.value) if node.value.isdigit() else _SCALARS.construct_yaml_int(node)
    ),
    _TAG + "float": _SCALARS.construct_yaml_float,
}


def _integer(text: str) -> int:
    # Plain decimal digits, the usual case; YAML 1.1 reads a leading 0 as octal ("0755").
    return int(text, 8) if len(text) > 1 and text[0] == "0" else int(text)


# What both safe loaders resolve plain scalars with (untyped in PyYAML's stubs).
_RESOLVER: Any = yaml.resolver.Resolver()


def plain_value(text: str) -> tuple[bool, Any]:
    """``(True, value)`` of a plain scalar as ``parse`` builds it; ``(False, None)`` for a tag
    that ``parse`` reports instead (``=``, ``<<``)."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    construct = _CONSTRUCT.get(tag)
    if construct is None:
        return False, None
    try:
        value = construct(yaml.ScalarNode(tag, text))
    except (ValueError, OverflowError):
        return tag != _INT, text  # an integer too long to convert: ``parse`` reports it
    return not int_too_long(value), value


_COLLECTION_TAGS = {_TAG + "seq", _TAG + "map"}
_INT = _TAG + "int"
_MERGE = _TAG + "merge"
_STR = _TAG + "str"


class _LimitExceeded(Exception):
    """The front matter needs more work than any article can; stop building it."""


def parse(text: str, first_line: int) -> Parsed:
    """Parse ``text`` (the front matter, starting on file line ``first_line``) with libyaml."""
    result = Parsed()
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        result.findings.append(("invalid-yaml", _syntax_finding(error, text, first_line)))
        return result
    except yaml.YAMLError as error:
        message = f"front matter is not valid YAML: {error}".lower()
        result.findings.append(("invalid-yaml", Finding("", message, Position(first_line, 1))))
        return result
    except RecursionError:  # the pure-Python composer recurses once per nesting level
        result.findings.append(("limit-exceeded", _depth_finding(first_line)))
        return result
    if root is None:
        return result
    positions = result.nodes = Positions(first_line)
    builder = _Builder(first_line, result, positions)
    try:
        result.data, result.index = builder.run(root)
    except _LimitExceeded as limit:
        result.data = None
        result.nodes = Positions(first_line)
        result.suspects = []
        result.findings.append(("limit-exceeded", limit.args[0]))
    return result


def _depth_finding(line: int) -> Finding:
    return Finding("", f"front matter is nested deeper than {MAX_DEPTH} levels", Position(line, 1))


def _syntax_finding(error: yaml.MarkedYAMLError, text: str, first_line: int) -> Finding:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
    found = text[mark.index] if mark is not None and mark.index < len(text) else ""
    started = error.context_mark.line + first_line if error.context_mark else line
    problem = (error.problem or "syntax error").rstrip(".")
    for pattern, explain in _EXPLANATIONS:
        if pattern in problem or (found == "\t" and pattern == "\t"):
            return Finding(
                "",
                "invalid yaml: " + explain.format(line=started, found=found),
                Position(line, column),
            )
    context = f" {error.context}" if error.context else ""
    return Finding("", f"invalid yaml: {problem}{context}", Position(line, column))


# libyaml's words for the usual mistakes, and what they mean in a front matter.
_EXPLANATIONS = (
    ("\t", "a tab is used for indentation; expected spaces"),
    ("tab character", "a tab is used for indentation; expected spaces"),
    (
        "did not find expected key",
        "this line does not continue the mapping that starts on line {line} "
        "(a quote left open, or a wrong indentation?); expected a 'key: value' line",
    ),
    (
        "mapping values are not allowed",
        "found ': ' where no mapping can start (a wrong indentation, or a "
        "value with ': ' that needs quotes?); expected a quoted value or a 'key: value' line",
    ),
    (
        "found unexpected end of stream",
        "a quoted value opened on line {line} is never closed; expected its closing quote",
    ),
    (
        "could not find expected ':'",
        "a key on line {line} has no ':' after it; expected 'key: value'",
    ),
    (
        "found undefined alias",
        "an alias refers to an anchor that does not exist; expected '&name' first",
    ),
    ("cannot start any token", "found {found!r}, which cannot start a value; expected it quoted"),
    (
        "found unknown escape character",
        "a double-quoted value has an unknown escape; expected \\\\, "
        '\\" or a valid escape such as \\n',
    ),
)


class _Builder:
    """Builds plain values from composed nodes, recording each value's position."""

    def __init__(self, first_line: int, result: Parsed, positions: Positions) -> None:
        self._first_line = first_line
        self._result = result
        self._marks = positions.marks
        self._index: dict[str, list[tuple[str, Any]]] = {}
        self.index_complete = True
        self._built = 0

    def run(self, root: yaml.Node) -> tuple[Any, dict[str, list[tuple[str, Any]]] | None]:
        """The value of ``root`` and, unless a duplicate key spoiled it, the pattern index."""
        data = self.build(root, "", "", 0)
        self._index[""] = [("", data)]
        return data, self._index if self.index_complete else None

    def _step(self, node: yaml.Node) -> None:
        """Count one unit of work: a value built, a merge source or a merged pair visited.

        Aliases and merge keys (``<<: [*a, *a]``) let a few bytes name exponentially many
        nodes; counting every visit, not only the values kept, bounds the work by
        ``MAX_VALUES`` whatever the graph."""
        self._built += 1
        if self._built > MAX_VALUES:
            raise _LimitExceeded(
                Finding(
                    "",
                    f"front matter expands to more than {MAX_VALUES} values "
                    "(aliases that repeat aliases?); expected a plain article",
                    self._position(node.start_mark),
                )
            )

    def build(self, node: yaml.Node, pointer: str, pattern: str, depth: int) -> Any:
        self._built += 1  # ``_step``, inlined: this runs once per value
        if self._built > MAX_VALUES:
            self._step(node)
        if depth > MAX_DEPTH:
            raise _LimitExceeded(_depth_finding(self._position(node.start_mark).line))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, pointer)
        self._check_tag(node, pointer, _COLLECTION_TAGS)
        if isinstance(node, yaml.SequenceNode):
            items = f"{pattern}/*"
            return [
                self._child(item, f"{pointer}/{index}", items, item, depth)
                for index, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.MappingNode)
        return self._mapping(node, pointer, pattern, depth)

    def _child(
        self, node: yaml.Node, pointer: str, pattern: str, key: yaml.Node, depth: int
    ) -> Any:
        self._marks[pointer] = (key.start_mark, node.start_mark, node.end_mark)
        if type(node) is yaml.ScalarNode and node.tag == _STR:  # the common case, inlined
            self._built += 1
            value = node.value
        else:
            value = self.build(node, pointer, pattern, depth + 1)
        # A plain scalar's style: None from PyYAML's parser, "" from libyaml's.
        if type(node) is yaml.ScalarNode and not node.style and may_read_apart(node.value):
            self._result.suspects.append((pointer, pattern, value))
        entries = self._index.get(pattern)
        if entries is None:
            self._index[pattern] = [(pointer, value)]
        else:
            entries.append((pointer, value))
        return value

    def _scalar(self, node: yaml.ScalarNode, pointer: str) -> Any:
        construct = _CONSTRUCT.get(node.tag)
        if construct is None:
            self._check_tag(node, pointer, ())
            return node.value
        try:
            value = construct(node)
            too_long = int_too_long(value)
        except (ValueError, OverflowError):
            if node.tag != _INT:
                return node.value
            too_long = True  # Python refuses to convert an integer this long
        if too_long:
            raise _LimitExceeded(Finding(pointer, INT_TOO_LONG, self._position(node.start_mark)))
        return value

    def _check_tag(self, node: yaml.Node, pointer: str, allowed: Any) -> None:
        if node.tag in allowed:
            return
        message = f"unsupported yaml tag {node.tag!r}; expected plain yaml values"
        finding = Finding(pointer, message, self._position(node.start_mark))
        self._result.findings.append(("unsupported-tag", finding))

    def _mapping(
        self, node: yaml.MappingNode, pointer: str, pattern: str, depth: int
    ) -> dict[str, Any]:
        pairs = node.value
        if _MERGE in [key_node.tag for key_node, _ in pairs]:
            return self._merging(node, pointer, pattern, depth)
        out: dict[str, Any] = {}
        for key_node, value_node in pairs:
            # The hot loop of a run: keys are almost always plain strings without '/' or '~'.
            if type(key_node) is not yaml.ScalarNode:
                self._complex_key(key_node, pointer)
                continue
            key = str(key_node.value)  # as written: ``2023:`` and ``yes:`` name fields
            if key in out:
                first = next(k for k, _ in pairs if k.value == key_node.value)
                self._duplicate(key, key_node, first, pointer)
                self.index_complete = False  # the index also holds the overwritten value
            if "/" in key or "~" in key:
                child, child_pattern = pointer_join(pointer, key), pointer_join(pattern, key)
            else:
                child, child_pattern = f"{pointer}/{key}", f"{pattern}/{key}"
            out[key] = self._child(value_node, child, child_pattern, key_node, depth)
        return out

    def _merging(
        self, node: yaml.MappingNode, pointer: str, pattern: str, depth: int
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node, merged in self._pairs(node, depth):
            if type(key_node) is not yaml.ScalarNode:
                self._complex_key(key_node, pointer)
                continue
            key = str(key_node.value)
            if merged and key in out:
                continue  # explicit keys win over merged ones (YAML merge key spec)
            if not merged and key in first_seen:
                self._duplicate(key, key_node, first_seen[key], pointer)
                self.index_complete = False
            if not merged:
                first_seen[key] = key_node
            child = pointer_join(pointer, key)
            out[key] = self._child(value_node, child, pointer_join(pattern, key), key_node, depth)
        return out

    def _pairs(
        self, node: yaml.MappingNode, depth: int
    ) -> Iterator[tuple[yaml.Node, yaml.Node, bool]]:
        """Explicit pairs first, then pairs brought in by merge keys (``<<: *base``)."""
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            self._step(key_node)
            if key_node.tag == _MERGE:
                merges.append(value_node)
            else:
                yield key_node, value_node, False
        for source in merges:
            yield from self._merged(source, depth)

    def _merged(self, source: yaml.Node, depth: int) -> Iterator[tuple[yaml.Node, yaml.Node, bool]]:
        self._step(source)
        if depth > MAX_DEPTH:
            raise _LimitExceeded(_depth_finding(self._position(source.start_mark).line))
        if isinstance(source, yaml.MappingNode):
            for key_node, value_node, _ in self._pairs(source, depth + 1):
                yield key_node, value_node, True
        elif isinstance(source, yaml.SequenceNode):
            for item in source.value:
                yield from self._merged(item, depth + 1)
        else:
            message = "merge key '<<' must refer to a mapping or a list of mappings"
            finding = Finding("", message, self._position(source.start_mark))
            self._result.findings.append(("invalid-yaml", finding))

    def _complex_key(self, node: yaml.Node, pointer: str) -> None:
        kind = "list" if isinstance(node, yaml.SequenceNode) else "mapping"
        message = f"mapping key must be a plain string (got a {kind})"
        self._result.findings.append(
            ("non-string-key", Finding(pointer, message, self._position(node.start_mark)))
        )

    def _duplicate(self, key: str, node: yaml.Node, first: yaml.Node, pointer: str) -> None:
        first_line = self._position(first.start_mark).line
        message = (
            f"duplicate key {key!r} (first defined on line {first_line}); "
            "yaml keeps only the last value"
        )
        finding = Finding(pointer_join(pointer, key), message, self._position(node.start_mark))
        self._result.findings.append(("duplicate-key", finding))

    def _position(self, mark: yaml.Mark) -> Position:
        return Position(mark.line + self._first_line, mark.column + 1)


def pairs_at(text: str, pointer: str) -> list[tuple[yaml.Node, yaml.Node]]:
    """Every ``(key node, value node)`` written for the key ``pointer`` names, duplicates included.

    For fixes, which need the YAML nodes that the data model has merged away.
    """
    from linter.model import pointer_tokens

    try:
        node: Any = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return []
    tokens = pointer_tokens(pointer)
    for token in tokens[:-1]:
        if isinstance(node, yaml.MappingNode):
            matches = [
                v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == token
            ]
            node = matches[-1] if matches else None
        elif (
            isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value)
        ):
            node = node.value[int(token)]
        else:
            return []
    if not isinstance(node, yaml.MappingNode) or not tokens:
        return []
    return [
        (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == tokens[-1]
    ]


def value_of(node: yaml.Node) -> Any:
    """The plain value of one node, built as ``parse`` builds it."""
    return _Builder(1, Parsed(), Positions()).build(node, "", "", 0)
