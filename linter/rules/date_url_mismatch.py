"""Finds URLs whose /YYYY/MM/ path disagrees with the publication date.

What it does: reports an article or related item whose `originalUrl`, `webUrl` or
`ampWebUrl` path carries a year and month (`/2021/09/`) other than the month of its
`publishedDateTime` (a day either side is allowed for time zones).
Why it is bad: one of them is wrong, most often a date with day and month swapped
(2021-01-09 for 2021-09-01).
Example: `publishedDateTime: 2021-01-09T08:00:00Z` with `.../2021/09/story/` ->
`"originalUrl" says 2021/09 but "publishedDateTime" is 2021-01-09T08:00:00Z`.
Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.fields import ARTICLES
from linter.model import Document, Finding, Severity, display_path, pointer_join
from linter.rules import Rule
from linter.validation.formats import diagnose_datetime

_YEAR_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")
_URL_KEYS = ("originalUrl", "webUrl", "ampWebUrl")


def check(doc: Document, options: object) -> Iterator[Finding]:
    for prefix, article in doc.each(*ARTICLES):
        if not isinstance(article, dict) or not isinstance(article.get("publishedDateTime"), str):
            continue
        written = article["publishedDateTime"]
        if diagnose_datetime(written) is not None:
            continue  # invalid-date reports it
        months = _months_around(int(written[:4]), int(written[5:7]), int(written[8:10]))
        for key in _URL_KEYS:
            url = article.get(key)
            match = _YEAR_MONTH.search(url) if isinstance(url, str) else None
            if match and (int(match.group(1)), int(match.group(2))) not in months:
                pointer = pointer_join(prefix, key)
                date_field = display_path(pointer_join(prefix, "publishedDateTime"))
                message = (
                    f'"{display_path(pointer)}" says {match.group(1)}/{match.group(2)} '
                    f'but "{date_field}" is {article["publishedDateTime"]}'
                )
                yield Finding(pointer, message)


def _months_around(year: int, month: int, day: int) -> set[tuple[int, int]]:
    """The months of the date as written and of the days either side (time zones)."""
    months = {(year, month)}
    if day == 1:
        months.add((year - 1, 12) if month == 1 else (year, month - 1))
    if day == _days_in(year, month):
        months.add((year + 1, 1) if month == 12 else (year, month + 1))
    return months


def _days_in(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


RULE = Rule(id="date-url-mismatch", severity=Severity.WARNING, check=check)
