"""Glob patterns over ``/``-separated relative paths, gitignore style.

``*`` and ``?`` stay within one path segment, ``**`` spans segments, and a pattern without
a ``/`` matches the last segment anywhere (``*.md`` matches ``2023/11/story.md``).

Patterns come from the configuration and paths from the tree, both written by whoever
opened the pull request, so they are matched by RE2, whose time is linear in the path
whatever the pattern: a backtracking engine takes minutes on ``*a*a*a*a*a*a*a*a*a*a*b``
against a 200-character name. ``.gitignore`` files go through the same engine
(``linter.engine.discovery``).
"""

from __future__ import annotations

import functools
from typing import Any, Protocol

import re2  # type: ignore[import-untyped]  # google-re2 ships no type hints


class Match(Protocol):
    """What a matcher answers when a path matches (a true value)."""


PatternError: type[Exception] = re2.error
_OPTIONS: Any = re2.Options()
# RE2 answers in linear time with a DFA while its states fit in this memory, and falls back
# to a simulation that costs the pattern's size per character when they do not: 8 MiB (the
# default) made 500 '*a*a*a*a*a*a*a*a*a*a*a*a*b' lines cost 100 ms per path, 64 MiB 0.1 ms.
_OPTIONS.max_mem = 64 << 20
_OPTIONS.log_errors = False


class Matcher:
    """A compiled pattern with the ``fullmatch`` and ``search`` of ``re.Pattern``, in
    linear time. Raises ``PatternError`` for a pattern RE2 cannot compile."""

    __slots__ = ("_regex", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._regex: Any = re2.compile(f"(?s){pattern}", _OPTIONS)

    def search(self, text: str) -> Match | None:
        """A match of the pattern anywhere in ``text``, else ``None``."""
        try:
            found: Match | None = self._regex.search(text)
        except UnicodeEncodeError:
            found = self._regex.search(utf8(text))
        return found

    def fullmatch(self, path: str) -> Match | None:
        """A match when the whole ``path`` matches, else ``None``."""
        try:
            found: Match | None = self._regex.fullmatch(path)
        except UnicodeEncodeError:  # a name that is not UTF-8 (surrogate escapes)
            found = self._regex.fullmatch(utf8(path))
        return found


def utf8(text: str) -> str:
    """``text`` with its surrogate escapes (bytes of a name that is not UTF-8) replaced by
    U+FFFD, one per byte, so a linear engine that takes only UTF-8 can match it."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@functools.lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> Matcher:
    """A matcher of the relative paths that ``pattern`` names (or any path below them)."""
    return Matcher(translate(pattern))


def translate(pattern: str) -> str:
    """The RE2 regular expression of ``pattern`` (see the module docstring)."""
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
    # Letters and digits as they are; anything else by its code point, which RE2 reads
    # as itself whatever it is (punctuation, a space, a control character).
    return char if char.isalnum() and char.isascii() else f"\\x{{{ord(char):x}}}"


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
        return Matcher("[^\\x{0}-\\x{10ffff}]")  # matches nothing (RE2 has no lookahead)
    return Matcher("|".join(f"(?:{compile_glob(p).pattern})" for p in patterns))


def compiled(patterns: tuple[str, ...] | list[str]) -> Matcher:
    """One matcher whose ``fullmatch`` is ``matches_any`` for these patterns."""
    return _any_of(tuple(patterns))


@functools.lru_cache(maxsize=256)
def has_folders(patterns: tuple[str, ...]) -> bool:
    """Whether any pattern names a folder (and so must see the whole relative path)."""
    return any("/" in pattern for pattern in patterns)
