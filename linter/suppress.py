"""Inline suppression comments in the front matter.

- ``# article-lint: disable=rule-id[,rule-id]`` at the end of a line silences those rules on
  that line; alone on a line, on the next line. ``disable`` without ids silences every rule.
- ``# article-lint: disable-file=rule-id[,rule-id]`` anywhere in the front matter silences
  them for the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linter.model import Problem

_DIRECTIVE = re.compile(
    r"#\s*article-lint:\s*(disable-file|disable)(?:\s*=\s*([a-z0-9\-]+(?:\s*,\s*[a-z0-9\-]+)*))?\s*$"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ALL = "*"
_FIRST_LINE = 2  # front matter text starts on the line after the opening ``---``


@dataclass(frozen=True)
class Suppressions:
    """Which rules are silenced on which lines, and in the whole file."""

    lines: dict[int, frozenset[str]] = field(default_factory=dict)
    file: frozenset[str] = frozenset()

    def silences(self, problem: Problem) -> bool:
        for ids in (self.file, self.lines.get(problem.line, frozenset())):
            if _ALL in ids or problem.code in ids:
                return True
        return False


def parse(front_matter: str) -> Suppressions:
    """Read the directives in the front matter text."""
    if "article-lint:" not in front_matter:
        return Suppressions()
    lines: dict[int, frozenset[str]] = {}
    whole_file: set[str] = set()
    for index, text in enumerate(_LINE_BREAK.split(front_matter)):
        match = _DIRECTIVE.search(text)
        if match is None:
            continue
        kind, listed = match.groups()
        ids = frozenset(part.strip() for part in listed.split(",")) if listed else frozenset({_ALL})
        if kind == "disable-file":
            whole_file |= ids
            continue
        alone = not text[: match.start()].strip()
        line = index + _FIRST_LINE + (1 if alone else 0)
        lines[line] = lines.get(line, frozenset()) | ids
    return Suppressions(lines, frozenset(whole_file))
