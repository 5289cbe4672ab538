"""Finds dates that are not real dates, as the site writes them.

What it does: reports a date field that the site's `date-dialect` cannot read (RFC 3339 by
default: `09/11/2023`, RFC 2822 strings, `20231109T013100Z`, a date-time without a time or
a timezone), or that names a moment that does not exist (February 29 of a common year,
November 31, hour 25, offset +25:00). Date fields are the schema's `format: date-time` and
`date` strings (`publishedDateTime` in the bundled format) and those `[fields] dates` adds:
those are checked here even where the schema says nothing of their format; a date without
a time (`2023-11-09`) is a date there in every dialect.
Why it is bad: feeds and sitemaps need a real instant; generators either crash or guess
the timezone.
Example: `publishedDateTime: 2023-02-29T10:00:00Z` -> `"publishedDateTime" is not a real
date-time: february 2023 has no day 29`.
Options: none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule, reported
from linter.validation import dates


def check(doc: Document, options: object) -> Iterator[Finding]:
    # The schema's formats are checked by the schema stage; what it reported is not repeated.
    done: frozenset[str] | None = None
    for pointer, value in doc.each(*doc.fields.dates):
        if not isinstance(value, str):
            continue
        reason = dates.problem(value, doc.fields.dialect)
        if reason is None:
            continue
        only_date = dates.read_date(value)
        if not isinstance(only_date, str):
            continue
        if _shaped_as_date(value):
            reason = only_date
        done = reported(doc) if done is None else done
        if pointer not in done:
            shown = json.dumps(value, ensure_ascii=False)
            yield Finding(pointer, f'"{display_path(pointer)}" {reason} (got {shown})')


def _shaped_as_date(value: str) -> bool:
    """Written as a date without a time (``2023-02-30``): its reason says which day is wrong."""
    return len(value) == 10 and value[4:5] == "-" and value[7:8] == "-"


RULE = Rule(
    id="invalid-date", severity=Severity.ERROR, check=check, found_by="schema", reads=("dates",)
)
