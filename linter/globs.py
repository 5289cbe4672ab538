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
    return any(matches(pattern, path) for pattern in patterns)
