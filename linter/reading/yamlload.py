"""Parse front matter into plain data, remembering where every value was written.

Two parsers give the same answer. The C fast path (``linter/reading/_fastyaml.c``) reads the plain
block YAML that front matter almost always is, in one pass, without importing PyYAML; for
anything else, or without a C compiler, :mod:`linter.reading.yamllib` composes the text with libyaml
and builds the values itself (see there why not with PyYAML's constructor). A differential
test keeps the two equal: values and their types, every position, their order and the index.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from linter.reading.parsed import MAX_DEPTH, MAX_VALUES, PackedSpans, Parsed, Positions

__all__ = ["MAX_DEPTH", "MAX_VALUES", "PackedSpans", "Parsed", "Positions", "parse"]


def _fast_parser() -> ModuleType | None:
    try:
        return importlib.import_module("linter.reading._fastyaml")
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
        from linter.reading import yamllib

        supported, value = yamllib.plain_value(text)
        if not supported:
            return _BAIL
        if len(_PLAIN_MEMO) < 65_536:
            _PLAIN_MEMO[text] = value
    return value


def parse(text: str, first_line: int) -> Parsed:
    """Parse ``text`` (the front matter, starting on file line ``first_line``)."""
    if _fastyaml is not None:
        fast = _fastyaml.parse(text, _plain_value, _BAIL)
        if fast is not None:
            data, spans, index, suspects = fast
            index[""] = [("", data)]
            return Parsed(data, PackedSpans(spans, first_line), index, suspects=suspects)
    from linter.reading import yamllib

    return yamllib.parse(text, first_line)
