"""Finds publication dates in the future.

What it does: reports a publication date later than now plus `tolerance-days`: every
`format: date-time`/`date` field of the schema named as a publication or change date
(`date`, `publishedDateTime`, `pubDate`, `lastmod`, `updated`...; not `publishDate`, which
schedules posts, nor expiry or event dates, which may lie ahead), or those `[fields]
publication-dates` lists. Dates are read in the site's `date-dialect`; a date without a
time (`2099-01-01`) is read as its midnight UTC in every dialect, the default included.
Why it is bad: an article dated 2099 sorts above every other one forever; usually the
year or the century was mistyped.
Example: `publishedDateTime: 2099-01-01T00:00:00Z` -> `"publishedDateTime" is
2099-01-01T00:00:00Z, in the future; expected a date before 2026-11-28`.
Options: tolerance-days (1): how far ahead a date may be (time zones, scheduled posts).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule
from linter.validation import dates


@dataclass(frozen=True)
class Options:
    tolerance_days: float = 1.0

    def __post_init__(self) -> None:
        if self.tolerance_days < 0:
            raise ValueError(f"tolerance-days must not be negative (got {self.tolerance_days})")


def check(doc: Document, options: Options) -> Iterator[Finding]:
    surely_past = _surely_past(options.tolerance_days, int(time.time()) // 60)
    latest: datetime | None = None  # the exact limit, worked out for a date that needs it
    for pointer, value in doc.each(*doc.fields.publication_dates):
        if not isinstance(value, str) or value[:10] < surely_past:
            continue
        if latest is None:
            latest = datetime.now(UTC) + timedelta(days=options.tolerance_days)
        moment = dates.read(value, doc.fields.dialect)
        if isinstance(moment, str):
            moment = dates.read_date(value)  # a date-only value, in every dialect
        if not isinstance(moment, str) and moment > latest:
            message = (
                f'"{display_path(pointer)}" is {value}, in the future; '
                f"expected a date before {latest:%Y-%m-%d}"
            )
            yield Finding(pointer, message)


@functools.lru_cache(maxsize=4)
def _surely_past(tolerance_days: float, minute: int) -> str:
    """The day (``YYYY-MM-DD``) before which a date written so is before the limit whatever
    its offset (< 24 h): two days before the limit as of the start of ``minute``, at most a
    minute early, so a day early at worst (a date more is parsed, none is missed). Comparing
    the written YYYY-MM-DD spares most dates the parse; working it out once a minute, not
    once a file, spares the date arithmetic."""
    latest = datetime.fromtimestamp(minute * 60, UTC) + timedelta(days=tolerance_days)
    return (latest - timedelta(days=2)).date().isoformat()


RULE = Rule(
    id="future-date",
    severity=Severity.ERROR,
    check=check,
    options=Options,
    reads=("publication_dates",),
    timely=True,
)
