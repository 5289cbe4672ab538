"""Finds URLs whose /YYYY/MM/ path disagrees with the publication date.

What it does: reports a URL field whose path carries a year and month (`/2021/09/`) other
than the month of the publication date beside it (in the same object: the article, a
related item), a day either side allowed for time zones. Which fields are dates and URLs
comes from the schema (and `[fields]`); dates are read in the site's `date-dialect`.
Why it is bad: one of them is wrong, most often a date with day and month swapped
(2021-01-09 for 2021-09-01).
Example: `publishedDateTime: 2021-01-09T08:00:00Z` with `.../2021/09/story/` ->
`"originalUrl" says 2021/09 but "publishedDateTime" is 2021-01-09T08:00:00Z`.
Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule
from linter.validation import dates

_YEAR_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")


def check(doc: Document, options: object) -> Iterator[Finding]:
    fields = doc.fields
    for date_pattern in fields.publication_dates:
        parent = date_pattern.rsplit("/", 1)[0]
        siblings = [url for url in fields.urls if url.rsplit("/", 1)[0] == parent]
        if not siblings:
            continue
        for date_pointer, written in doc.each(date_pattern):
            moment = dates.read(written, fields.dialect) if isinstance(written, str) else None
            if moment is None or isinstance(moment, str):
                continue  # invalid-date reports it
            prefix = date_pointer.rsplit("/", 1)[0]
            # A day either side: the date as written may be a day off its UTC instant.
            months = _months_around(moment.year, moment.month, moment.day)
            for url_pattern in siblings:
                pointer = prefix + "/" + url_pattern.rsplit("/", 1)[1]
                url = doc.get(pointer)
                match = _YEAR_MONTH.search(url) if isinstance(url, str) else None
                if match and (int(match.group(1)), int(match.group(2))) not in months:
                    message = (
                        f'"{display_path(pointer)}" says {match.group(1)}/{match.group(2)} '
                        f'but "{display_path(date_pointer)}" is {written}'
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


RULE = Rule(
    id="date-url-mismatch",
    severity=Severity.WARNING,
    check=check,
    reads=("publication_dates", "urls"),
)
