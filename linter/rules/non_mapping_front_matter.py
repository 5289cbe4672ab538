"""Finds front matter that is not a mapping of fields.

What it does: reports front matter that is a list or a single value instead of
`key: value` lines. Empty front matter (`---` twice, or comments alone) is no such problem:
Jekyll and Hugo read it as no fields, and the schema says which fields are missing.
Why it is bad: an article is described by named fields; a list or a scalar has none.
Example: `- title` between the `---` lines -> `front matter is a list; expected a mapping
of article fields`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(
    id="non-mapping-front-matter",
    severity=Severity.ERROR,
    found_by="reading",
)
