"""Finds a key written twice in the same mapping.

What it does: reports the second (and every later) occurrence of a key in one mapping.
Why it is bad: YAML parsers silently keep only the last value, so an edit to the first
one has no effect; YAML 1.2 forbids it outright.
Example: two `title:` lines -> `duplicate key 'title' (first defined on line 3); yaml
keeps only the last value`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule, reported

RULE = Rule(id="duplicate-key", severity=Severity.ERROR, check=reported("duplicate-key"))
