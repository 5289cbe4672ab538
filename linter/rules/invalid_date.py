"""Finds dates that are not real RFC 3339 date-times.

What it does: reports `publishedDateTime` values (the article's and every related
item's) that are not RFC 3339 (`09/11/2023`, RFC 2822 strings, `20231109T013100Z`), lack
a time or a timezone, or name a moment that does not exist (February 29 of a common
year, November 31, hour 25, offset +25:00).
Why it is bad: feeds and sitemaps need a real instant; generators either crash or guess
the timezone.
Example: `publishedDateTime: 2023-02-29T10:00:00Z` -> `"publishedDateTime" is not a real
date-time: february 2023 has no day 29`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="invalid-date", severity=Severity.ERROR, found_by="schema", reads=("dates",))
