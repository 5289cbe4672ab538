"""Finds text fields that are empty or only whitespace.

What it does: reports a required text (title, excerpt, category, provider name, topic,
related title) that is empty or holds only spaces, tabs or no-break spaces.
Why it is bad: the article shows up with a blank headline or teaser.
Example: `excerpt: "   "` -> `"excerpt" must not be empty or whitespace-only (got "   ")`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="empty-text", severity=Severity.ERROR, found_by="schema")
