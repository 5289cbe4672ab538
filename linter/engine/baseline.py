"""Baselines: record today's problems, then report only new ones.

A fingerprint is the file, the rule, the field pointer and the message, without the line and
column, so that a problem keeps its fingerprint when lines above it move. Equal fingerprints
are counted: a file that had two such problems and now has three reports one.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from linter.config import ConfigError
from linter.model import Problem

_VERSION = 1


def fingerprint(problem: Problem) -> str:
    text = "\x1f".join((problem.file, problem.code, problem.pointer, problem.message))
    import hashlib  # here: only a baseline needs it, and it loads OpenSSL

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def write(path: Path, problems: list[Problem]) -> None:
    counts = Counter(fingerprint(p) for p in problems)
    data = {"version": _VERSION, "fingerprints": dict(sorted(counts.items()))}
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def load(path: Path) -> Counter[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read baseline {path}: {error.strerror or error}") from error
    except ValueError as error:
        raise ConfigError(f"baseline {path} is not valid JSON: {error}") from error
    if (
        not isinstance(data, dict)
        or data.get("version") != _VERSION
        or not isinstance(data.get("fingerprints"), dict)
    ):
        raise ConfigError(f"baseline {path} is not an article-lint baseline (version {_VERSION})")
    return Counter({str(k): int(v) for k, v in data["fingerprints"].items()})


def new_problems(problems: list[Problem], known: Counter[str]) -> list[Problem]:
    """The problems not accounted for by the baseline."""
    remaining = Counter(known)
    fresh: list[Problem] = []
    for problem in problems:
        key = fingerprint(problem)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            fresh.append(problem)
    return fresh
