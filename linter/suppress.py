"""Inline suppression comments in the front matter.

- ``# article-lint: disable=rule-id[,rule-id]`` at the end of a line silences those rules on
  that line; alone on a line, on the next line. ``disable`` without ids silences every rule.
- ``# article-lint: disable-file=rule-id[,rule-id]`` anywhere in the front matter silences
  them for the whole file.
"""

from __future__ import annotations

import re

from linter.model import Suppressions

_DIRECTIVE = re.compile(
    r"#\s*article-lint:\s*(disable-file|disable)(?:\s*=\s*([a-z0-9\-]+(?:\s*,\s*[a-z0-9\-]+)*))?\s*$"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ALL = "*"  # the id that stands for every rule (``disable`` without ids)
_FIRST_LINE = 2  # front matter text starts on the line after the opening ``---``


# One object for every file without a directive: a worker's results pickle it once a batch.
_NONE = Suppressions()


def parse(front_matter: str) -> Suppressions:
    """Read the directives in the front matter text."""
    if "article-lint:" not in front_matter:
        return _NONE
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
