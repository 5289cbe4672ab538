"""Dates as the site's generator reads them: one dialect per site, the calendar checked in all.

- ``rfc3339``: ``2023-11-09T01:31:00Z``, a timezone required (the bundled format; JSON
  Schema's ``date-time``);
- ``jekyll``: as Jekyll's Ruby reads front matter dates: ``2013-02-06 13:35:34 +0000``,
  ``2013-11-22 5:00:00 +0000`` (one-digit hours), ``2014-03-12``, ISO 8601 too;
- ``hugo``: RFC 3339, a plain date, or a local date-time with ``T`` or a space, with or
  without an offset (``+01:00``, ``+0100``, ``Z``);
- ``javascript``: what ``new Date(string)`` reads (Astro's ``z.coerce.date()``): the ISO
  forms ``2024``, ``2024-03``, ``2024-03-05``, ``2024-03-05T10:00``, seconds and
  milliseconds, ``Z`` or ``+01:00``; and the forms every engine reads too: ``Jul 08 2022``,
  ``July 8, 2022``, ``8 July 2022``, ``2022/07/08``, each with an optional ``10:00(:00)``.

Whatever the dialect, a day, month, hour or offset that does not exist is an error: the
generators would roll ``2013-02-30`` over into March, or fail the build. A date-time without
an offset is taken as UTC for the future-date rule (a day of tolerance covers the zones).
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta

from linter.fields import DIALECTS
from linter.validation.formats import (
    EXAMPLE_DATE,
    calendar_problem,
    clock_problem,
    diagnose_datetime,
    offset_problem,
    parse_datetime,
)

EXAMPLES = {
    "rfc3339": EXAMPLE_DATE,
    "jekyll": "2023-11-09 01:31:00 +0000",
    "hugo": "2023-11-09T01:31:00+01:00",
    "javascript": "2023-11-09T01:31:00.000Z",
}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
__all__ = ["DIALECTS", "EXAMPLES", "read", "read_date", "shaped"]


_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>\.\d+)?)?"
_OFFSET = r"(?P<zulu>[Zz])|(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2})"
_FORM_TEXTS = {
    "jekyll": (
        rf"(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})"
        rf"(?:[Tt ]{_TIME}(?: ?(?:{_OFFSET}))?)?"
    ),
    "hugo": (
        rf"(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})"
        rf"(?:[Tt ]{_TIME}(?: ?(?:{_OFFSET}))?)?"
    ),
    "javascript": (
        rf"(?P<year>\d{{4}})(?:-(?P<month>\d{{2}})(?:-(?P<day>\d{{2}})"
        rf"(?:T{_TIME}(?:{_OFFSET})?)?)?)?"
    ),
}
_CLOCK = r"(?: (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
_WRITTEN_TEXTS = (
    (rf"(?P<name>[A-Za-z]{{3,9}})\.? (?P<day>\d{{1,2}}),? (?P<year>\d{{4}}){_CLOCK}"),
    (rf"(?P<day>\d{{1,2}}) (?P<name>[A-Za-z]{{3,9}})\.?,? (?P<year>\d{{4}}){_CLOCK}"),
    (rf"(?P<year>\d{{4}})/(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}}){_CLOCK}"),
)
_MONTH_NAMES = {
    name: number
    for number, full in enumerate(
        (
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december",
        ),
        start=1,
    )
    for name in (full, full[:3], "sept" if full == "september" else full[:3])
}  # fmt: skip


@functools.cache
def _forms() -> tuple[dict[str, re.Pattern[str]], tuple[re.Pattern[str], ...]]:
    """The dialects' regexes, compiled when a site first reads a date in one (not on every
    run: most read RFC 3339)."""
    return (
        {dialect: re.compile(text) for dialect, text in _FORM_TEXTS.items()},
        tuple(re.compile(text) for text in _WRITTEN_TEXTS),
    )


def read(value: str, dialect: str) -> datetime | str:
    """The instant ``value`` names in ``dialect``, or why it names none (lowercase)."""
    return _read(value, dialect)


def problem(value: str, dialect: str) -> str | None:
    """Why ``value`` names no instant in ``dialect`` (``read``'s reason), or ``None``."""
    if dialect == "rfc3339":
        # Without building the instant: the schema's format check asked the same question.
        diagnosis = diagnose_datetime(value)
        return diagnosis.reason if diagnosis is not None else None
    found = read(value, dialect)
    return found if isinstance(found, str) else None


@functools.lru_cache(maxsize=256)
def _read(value: str, dialect: str) -> datetime | str:
    if dialect == "rfc3339":
        moment = parse_datetime(value)
        if moment is not None:
            return moment
        diagnosis = diagnose_datetime(value)
        return diagnosis.reason if diagnosis is not None else "is not a date-time"
    forms, written = _forms()
    match = forms[dialect].fullmatch(value)
    if match is None and dialect == "javascript":
        match = next((m for form in written if (m := form.fullmatch(value.strip()))), None)
    if match is None:
        return f"is not a {dialect} date; expected a date such as {EXAMPLES[dialect]}"
    # Every group as text ("" when absent): the forms name different groups.
    parts: dict[str, str] = {
        key: text or "" for key, text in match.groupdict().items() if isinstance(text, str | None)
    }
    name = parts.get("name", "")
    if name:
        month_number = _MONTH_NAMES.get(name.lower())
        if month_number is None:
            return f"is not a {dialect} date: no month is called {name!r}"
        parts["month"] = str(month_number)

    def number(key: str, default: int) -> int:
        return int(parts.get(key) or default)

    year, month, day = number("year", 1), number("month", 1), number("day", 1)
    hour, minute, second = number("hour", 0), number("minute", 0), number("second", 0)
    problem = calendar_problem(year, month, day) or clock_problem(hour, minute, second)
    if problem is None and parts.get("sign"):
        problem = offset_problem(number("oh", 0), number("om", 0))
    if problem is not None:
        return f"is not a real date: {problem}"
    offset = timedelta(0)
    if parts.get("sign"):
        sign = 1 if parts["sign"] == "+" else -1
        offset = sign * timedelta(hours=number("oh", 0), minutes=number("om", 0))
    leap = second == 60
    moment = datetime(year, month, day, hour, minute, 59 if leap else second, tzinfo=UTC)
    try:
        return moment - offset + timedelta(seconds=1 if leap else 0)
    except OverflowError:
        return (datetime.max if offset < timedelta(0) else datetime.min).replace(tzinfo=UTC)


def shaped(value: str) -> bool:
    """Whether ``value`` is written as a date in some dialect, real or not (``Feb 30 2023``)."""
    return bool(
        _DATE.match(value)
        or any(form.fullmatch(value) for form in _forms()[0].values())
        or any(form.fullmatch(value.strip()) for form in _forms()[1])
    )


def read_date(value: str) -> datetime | str:
    """A ``format: date`` value (``2023-11-09``, in every dialect), or why it is none."""
    match = _DATE.fullmatch(value)
    if match is None:
        return "is not a date; expected a date such as 2023-11-09"
    year, month, day = (int(group) for group in match.groups())
    problem = calendar_problem(year, month, day)
    if problem is not None:
        return f"is not a real date: {problem}"
    return datetime(year, month, day, tzinfo=UTC)
