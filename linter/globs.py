"""Glob patterns over ``/``-separated relative paths, gitignore style.

``*`` and ``?`` stay within one path segment, ``**`` spans segments, and a pattern without
a ``/`` matches the last segment anywhere (``*.md`` matches ``2023/11/story.md``).
"""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """A regex matching the relative paths that ``pattern`` names (or any path below them)."""
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
            close = pattern.find("]", index + 1)
            if close == -1:
                parts.append(re.escape("["))
                index += 1
            else:
                body = pattern[index + 1 : close].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                parts.append(f"[{body}]")
                index = close + 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"{prefix}{''.join(parts)}(?:/.*)?", re.DOTALL)


def matches(pattern: str, path: str) -> bool:
    """Whether the relative ``/``-separated ``path`` is matched by ``pattern``."""
    return compile_glob(pattern).fullmatch(path) is not None


def matches_any(patterns: tuple[str, ...] | list[str], path: str) -> bool:
    return _any_of(tuple(patterns)).fullmatch(path) is not None


@functools.lru_cache(maxsize=256)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # One regex for all the patterns: discovery asks this for every file it meets.
    if not patterns:
        return re.compile("(?!)")
    return re.compile("|".join(f"(?:{compile_glob(p).pattern})" for p in patterns), re.DOTALL)


def compiled(patterns: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """One regex whose ``fullmatch`` is ``matches_any`` for these patterns."""
    return _any_of(tuple(patterns))


@functools.lru_cache(maxsize=256)
def has_folders(patterns: tuple[str, ...]) -> bool:
    """Whether any pattern names a folder (and so must see the whole relative path)."""
    return any("/" in pattern for pattern in patterns)
