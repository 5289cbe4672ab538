"""Finds a key written twice in the same mapping.

What it does: reports the second (and every later) occurrence of a key in one mapping.
Why it is bad: YAML parsers silently keep only the last value, so an edit to the first
one has no effect; YAML 1.2 forbids it outright.
Example: two `title:` lines -> `duplicate key 'title' (first defined on line 3); yaml
keeps only the last value`.
Fixable when both values are equal: the later line is removed (different values need a
person to choose).
Options: none.
"""

from __future__ import annotations

from linter.edits import Edit, remove_lines
from linter.model import Document, Finding, Severity
from linter.rules import Rule


def fix(doc: Document, finding: Finding) -> list[Edit]:
    from linter.reading import yamllib  # here: only --fix needs the YAML nodes again

    if finding.position is None:
        return []
    pairs = yamllib.pairs_at(doc.front_matter, finding.pointer)
    later = [(k, v) for k, v in pairs if k.start_mark.line + 2 == finding.position.line]
    earlier = [(k, v) for k, v in pairs if k.start_mark.line + 2 < finding.position.line]
    if len(later) != 1 or not earlier:
        return []
    key, value = later[0]
    if yamllib.value_of(value) != yamllib.value_of(earlier[-1][1]):
        return []
    return remove_lines(doc, key.start_mark.index, value.end_mark.index, prefix=r"[ \t]*")


RULE = Rule(id="duplicate-key", severity=Severity.ERROR, found_by="parsing", fix=fix)
