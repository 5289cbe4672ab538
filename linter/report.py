"""Reporters: turn problems into text for people or machines, picked by name from a table."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from linter.model import Problem, Severity


@dataclass(frozen=True)
class Summary:
    """What a reporter may say besides the problems."""

    files: int
    quiet: bool = False


def text(problems: list[Problem], summary: Summary) -> str:
    lines = [
        f"{p.file}:{p.line}:{p.column}: {p.severity.value} [{p.code}] {p.message}" for p in problems
    ]
    if not summary.quiet:
        lines.append(summary_line(problems, summary.files))
    return "\n".join(lines) + "\n" if lines else ""


def summary_line(problems: list[Problem], files: int) -> str:
    """``3 problems (2 errors, 1 warning) in 2 of 10 files``, or that all is clean."""
    checked = f"{files} file{'s' if files != 1 else ''}"
    if not problems:
        return f"no problems in {checked}"
    counts = Counter(p.severity for p in problems)
    parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity if counts[s]]
    affected = len({p.file for p in problems})
    total = len(problems)
    return f"{total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {affected} of {checked}"


def as_json(problems: list[Problem], summary: Summary) -> str:
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False) + "\n"


Reporter = Callable[[list[Problem], Summary], str]

FORMATTERS: dict[str, Reporter] = {
    "text": text,
    "json": as_json,
}
