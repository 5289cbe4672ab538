"""Glob patterns over ``/``-separated relative paths, gitignore style.

``*`` and ``?`` stay within one path segment, ``**`` spans segments, and a pattern without
a ``/`` matches the last segment anywhere (``*.md`` matches ``2023/11/story.md``).

Patterns come from the configuration and paths from the tree, both written by whoever
opened the pull request, so a pattern that could make a backtracking engine try every split
of a name (``*a*a*a*a*a*a*a*a*a*a*b``: minutes against a 200-character name) is matched by
RE2, whose time is linear in the path whatever the pattern; ``.gitignore`` files go through
RE2 too (``linter.engine.discovery``). The usual pattern, with one ``*``, is linear in
Python's ``re`` as well, and faster there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, Protocol


class Match(Protocol):
    """What a matcher answers when a path matches (a true value)."""


class PatternError(Exception):
    """A pattern RE2 cannot compile (its memory bound, or a syntax it lacks)."""


@functools.cache
def _re2() -> tuple[Any, Any]:
    """google-re2 and the options of every compile, imported when a pattern is first
    matched (15 ms: a hook run that names its files matches none)."""
    import re2  # type: ignore[import-untyped]  # google-re2 ships no type hints

    options = re2.Options()
    # RE2 answers in linear time with a DFA while its states fit in this memory, and falls
    # back to a simulation that costs the pattern's size per character when they do not:
    # 8 MiB (the default) made 500 '*a*a*a*a*a*a*a*a*a*a*a*a*b' lines cost 100 ms per path,
    # 64 MiB 0.1 ms.
    options.max_mem = 64 << 20
    options.log_errors = False
    return re2, options


def engine_errors() -> tuple[type[Exception], ...]:
    """What RE2 raises when it cannot compile (also through pathspec's RE2 backend)."""
    return (_re2()[0].error,)


class Matcher:
    """A compiled pattern with the ``fullmatch`` and ``search`` of ``re.Pattern``, in time
    linear in the text. Raises ``PatternError`` for a pattern RE2 cannot compile.

    ``backtracks``: whether Python's backtracking engine could take more than linear time on
    it; such a pattern goes to RE2, any other to ``re``, ten times faster per call.
    """

    __slots__ = ("_regex", "fullmatch", "pattern", "search")

    def __init__(self, pattern: str, *, backtracks: bool = True) -> None:
        self.pattern = pattern
        self.fullmatch: Callable[[str], Match | None]
        self.search: Callable[[str], Match | None]
        if not backtracks:
            compiled = re.compile(pattern, re.DOTALL)
            self.fullmatch, self.search = compiled.fullmatch, compiled.search
            return
        re2, options = _re2()
        try:
            self._regex: Any = re2.compile(f"(?s){pattern}", options)
        except re2.error as error:
            raise PatternError(str(error)) from None
        self.fullmatch, self.search = self._re2_fullmatch, self._re2_search

    def _re2_search(self, text: str) -> Match | None:
        try:
            found: Match | None = self._regex.search(text)
        except UnicodeEncodeError:  # a name that is not UTF-8 (surrogate escapes)
            found = self._regex.search(utf8(text))
        return found

    def _re2_fullmatch(self, path: str) -> Match | None:
        try:
            found: Match | None = self._regex.fullmatch(path)
        except UnicodeEncodeError:
            found = self._regex.fullmatch(utf8(path))
        return found


def utf8(text: str) -> str:
    """``text`` with its surrogate escapes (bytes of a name that is not UTF-8) replaced by
    U+FFFD, one per byte, so a linear engine that takes only UTF-8 can match it."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@functools.lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> Matcher:
    """A matcher of the relative paths that ``pattern`` names (or any path below them)."""
    return Matcher(translate(pattern), backtracks=backtracks(pattern))


def backtracks(pattern: str) -> bool:
    """Whether ``pattern``'s regular expression could backtrack more than linearly.

    With one ``*`` the regex has one free repetition besides the implicit "in any folder"
    prefix and "or below" suffix, which can only meet at a ``/``: each ``/`` is tried once,
    and the segment after it in linear time. Two (``*a*b``, ``a/**/b``) can try every split
    of a segment between them, and ``k`` of them n**k splits.
    """
    return pattern.count("*") > 1


def translate(pattern: str) -> str:
    """The regular expression of ``pattern``, in the syntax that ``re`` and RE2 share."""
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/")
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        elif pattern[index] == "[":
            close = _class_end(pattern, index)
            body = _class(pattern[index + 1 : close]) if close != -1 else None
            if body is None:
                parts.append(_literal("["))
                index += 1
            else:
                parts.append(body)
                index = close + 1
        else:
            parts.append(_literal(pattern[index]))
            index += 1
    prefix = "" if anchored else "(?:.*/)?"
    return f"{prefix}{''.join(parts)}(?:/.*)?"


def _literal(char: str) -> str:
    # ASCII punctuation escaped (both engines read "\\" and a punctuation mark as the mark);
    # anything else, a space, a letter, a control character, stands for itself.
    return f"\\{char}" if char in _PUNCTUATION else char


_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _class_end(pattern: str, start: int) -> int:
    """Where the bracket expression opened at ``start`` closes (``-1``: it does not).
    A ``]`` right after ``[`` or ``[!`` is a member, as in git and fnmatch."""
    at = start + 1
    if at < len(pattern) and pattern[at] in "!^":
        at += 1
    if at < len(pattern) and pattern[at] == "]":
        at += 1
    return pattern.find("]", at)


def _class(body: str) -> str | None:
    """The RE2 class of a bracket expression's ``body``; ``None`` when a range is reversed
    (``[z-a]``), and the ``[`` is then a plain character."""
    negated = body[:1] in ("!", "^")
    if negated:
        body = body[1:]
    members: list[str] = []
    index = 0
    while index < len(body):
        if index + 2 < len(body) and body[index + 1] == "-":
            low, high = body[index], body[index + 2]
            if low > high:
                return None
            members.append(f"{_literal(low)}-{_literal(high)}")
            index += 3
        else:
            members.append(_literal(body[index]))
            index += 1
    if negated:
        members.append(_literal("/"))  # a wildcard never matches a folder separator
        return f"[^{''.join(members)}]"
    return f"[{''.join(members)}]" if members else None


def matches(pattern: str, path: str) -> bool:
    """Whether the relative ``/``-separated ``path`` is matched by ``pattern``."""
    return compile_glob(pattern).fullmatch(path) is not None


def matches_any(patterns: tuple[str, ...] | list[str], path: str) -> bool:
    return _any_of(tuple(patterns)).fullmatch(path) is not None


@functools.lru_cache(maxsize=256)
def _any_of(patterns: tuple[str, ...]) -> Matcher:
    # One regex for all the patterns: discovery asks this for every file it meets.
    if not patterns:
        return Matcher("[^\\s\\S]", backtracks=False)  # nothing (RE2 has no lookahead)
    union = "|".join(f"(?:{compile_glob(p).pattern})" for p in patterns)
    return Matcher(union, backtracks=any(map(backtracks, patterns)))


def compiled(patterns: tuple[str, ...] | list[str]) -> Matcher:
    """One matcher whose ``fullmatch`` is ``matches_any`` for these patterns."""
    return _any_of(tuple(patterns))


@functools.lru_cache(maxsize=256)
def has_folders(patterns: tuple[str, ...]) -> bool:
    """Whether any pattern names a folder (and so must see the whole relative path)."""
    return any("/" in pattern for pattern in patterns)
