"""Finds a list item written twice, such as a repeated topic.

What it does: reports every repeat of an item in a list whose items must be unique
(`topics`), at the repeat, naming the first occurrence. Fixable: the repeat is removed.
Why it is bad: the article is counted twice under the topic and the tag cloud lies.
Example: topics `AI`, `AI` -> `"AI" is listed twice in "topics" (first at topics[0]);
expected each once`.
Options: none.
"""

from __future__ import annotations

from linter.edits import Edit, remove_item
from linter.model import Document, Finding, Severity
from linter.rules import Rule


def fix(doc: Document, finding: Finding) -> list[Edit]:
    return remove_item(doc, finding.pointer)


RULE = Rule(id="duplicate-item", severity=Severity.ERROR, found_by="schema", fix=fix)
