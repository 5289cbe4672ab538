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

from linter.fields import FieldMap
from linter.model import Document, Finding, Severity, display_path, pointer_join
from linter.rules import Rule
from linter.validation import dates

_YEAR_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")


def check(doc: Document, options: object) -> Iterator[Finding]:
    dialect = doc.fields.dialect
    for parent, date_key, url_keys in _groups(doc.fields):
        for prefix, item in doc.each(parent):
            written = item.get(date_key) if isinstance(item, dict) else None
            if not isinstance(written, str):
                continue
            months: set[tuple[int, int]] | None = None
            for key in url_keys:
                url = item.get(key)
                match = _YEAR_MONTH.search(url) if isinstance(url, str) else None
                if match is None or _surely_in(written, match.group(1), match.group(2)):
                    continue
                if months is None:
                    moment = dates.read(written, dialect)
                    if isinstance(moment, str):
                        break  # invalid-date reports it
                    # A day either side: the date as written may be a day off its UTC instant.
                    months = _months_around(moment.year, moment.month, moment.day)
                if (int(match.group(1)), int(match.group(2))) not in months:
                    pointer = pointer_join(prefix, key)
                    date_field = display_path(pointer_join(prefix, date_key))
                    message = (
                        f'"{display_path(pointer)}" says {match.group(1)}/{match.group(2)} '
                        f'but "{date_field}" is {written}'
                    )
                    yield Finding(pointer, message)


_GROUPS: dict[int, tuple[FieldMap, tuple[tuple[str, str, tuple[str, ...]], ...]]] = {}


def _groups(fields: FieldMap) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Each object holding a publication date: its pattern, the date's key, its URLs' keys.

    Kept by the field map's identity: a run has one or two maps, and hashing one (an lru
    cache's key) costs more than the rule's own work on a file.
    """
    known = _GROUPS.get(id(fields))
    if known is not None and known[0] is fields:
        return known[1]
    groups = []
    for date in fields.publication_dates:
        parent, _, date_key = date.rpartition("/")
        keys = tuple(
            _unescape(url.rpartition("/")[2])
            for url in fields.urls
            if url.rpartition("/")[0] == parent
        )
        if keys:
            groups.append((parent, _unescape(date_key), keys))
    _GROUPS[id(fields)] = (fields, tuple(groups))
    return tuple(groups)


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _surely_in(written: str, year: str, month: str) -> bool:
    """Whether a date written ``YYYY-MM-DD...`` falls in ``year``/``month`` whatever its time
    and offset: a day from the 2nd to the 27th is in its month a day either side. Most dates
    are so, and need no parse."""
    return (
        len(written) >= 10
        and written[4] == "-"
        and written[7] == "-"
        and written[:4] == year
        and written[5:7] == month
        and written[8:10].isdigit()
        and "02" <= written[8:10] <= "27"
    )


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
