"""Finds publication dates in the future.

What it does: reports a `publishedDateTime` (the article's or a related item's) later
than now plus `tolerance-days`.
Why it is bad: an article dated 2099 sorts above every other one forever; usually the
year or the century was mistyped.
Example: `publishedDateTime: 2099-01-01T00:00:00Z` -> `"publishedDateTime" is
2099-01-01T00:00:00Z, in the future; expected a date before 2026-11-28`.
Options: tolerance-days (1): how far ahead a date may be (time zones, scheduled posts).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from linter.fields import DATES
from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule
from linter.validation.formats import parse_datetime


@dataclass(frozen=True)
class Options:
    tolerance_days: float = 1.0

    def __post_init__(self) -> None:
        if self.tolerance_days < 0:
            raise ValueError(f"tolerance-days must not be negative (got {self.tolerance_days})")


def check(doc: Document, options: Options) -> Iterator[Finding]:
    latest = datetime.now(UTC) + timedelta(days=options.tolerance_days)
    # A date written two days before the limit is before it whatever its offset (< 24 h):
    # comparing the written YYYY-MM-DD spares most dates the parse.
    surely_past = (latest - timedelta(days=2)).date().isoformat()
    for pointer, value in doc.each(*DATES):
        if not isinstance(value, str) or value[:10] < surely_past:
            continue
        moment = parse_datetime(value)
        if moment is not None and moment > latest:
            message = (
                f'"{display_path(pointer)}" is {value}, in the future; '
                f"expected a date before {latest:%Y-%m-%d}"
            )
            yield Finding(pointer, message)


RULE = Rule(id="future-date", severity=Severity.ERROR, check=check, options=Options)
