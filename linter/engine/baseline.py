"""Baselines: record today's problems, then report only new ones.

A baseline is readable text that a reviewer can check: each entry names the file, the rule,
the field and the message (not the line and column, so that a problem keeps its entry when
lines above it move), with a count: a file that had two such problems and now has three
reports one. A pull request that adds entries to silence its own errors shows them in its
diff, in words.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from linter.config import ConfigError
from linter.guard import fsguard
from linter.model import Problem

_VERSION = 2
_KEYS = ("file", "rule", "pointer", "message")

Entry = tuple[str, str, str, str]


def entry(problem: Problem) -> Entry:
    """What identifies a problem in a baseline: file, rule, field and message."""
    return (problem.file, problem.code, problem.pointer, problem.message)


def dumps(problems: list[Problem]) -> str:
    """The baseline of ``problems``, as the text of its file: one entry per line."""
    counts = Counter(entry(p) for p in problems)
    lines = [
        json.dumps({**dict(zip(_KEYS, key, strict=True)), "count": count}, ensure_ascii=False)
        for key, count in sorted(counts.items())
    ]
    return f'{{"version": {_VERSION}, "problems": [\n' + ",\n".join(lines) + "\n]}\n"


def load(path: Path) -> Counter[Entry]:
    """The entries of the baseline at ``path``, read as an article is (a regular file of its
    folder, bounded: never a FIFO, a device or a link out of it)."""
    where = str(path)
    try:
        data = json.loads(
            fsguard.read_article(where, os.path.realpath(os.path.dirname(os.path.abspath(where))))
        )
    except fsguard.NotReadable as error:
        raise ConfigError(f"cannot read baseline {path}: {error}") from None
    except ValueError as error:
        raise ConfigError(f"baseline {path} is not valid JSON: {error}") from None
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        raise ConfigError(
            f"baseline {path} is not an article-lint baseline of version {_VERSION}; write it"
            " again with --write-baseline (version 1 held opaque fingerprints)"
        )
    entries: Counter[Entry] = Counter()
    problems = data.get("problems")
    for item in problems if isinstance(problems, list) else [None]:
        if (
            not isinstance(item, dict)
            or not all(isinstance(item.get(key), str) for key in _KEYS)
            or not isinstance(item.get("count"), int)
            or item["count"] < 1
        ):
            raise ConfigError(
                f"baseline {path}: each entry needs file, rule, pointer, message and a count"
            )
        entries[(item["file"], item["rule"], item["pointer"], item["message"])] += item["count"]
    return entries


def new_problems(problems: list[Problem], known: Counter[Entry]) -> list[Problem]:
    """The problems not accounted for by the baseline."""
    remaining = Counter(known)
    fresh: list[Problem] = []
    for problem in problems:
        key = entry(problem)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            fresh.append(problem)
    return fresh
