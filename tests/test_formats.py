"""Format checks: the quick path for usual URLs answers exactly as the general one."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.validation import formats

URLS = [
    "https://techcrunch.com/2019/03/story/",
    "http://a.b/p?q=1#f",
    "https://a.com",
    "https://a.com?x",
    "https://a.b.",
    "https://1.2.3.4/a",
    "https://999.1.1.1/",
    "https://a..b/",
    "https://x/",
    "https://a-.com/",
    "https://xn--bcher-kva.ch/",
    "https://" + "a" * 64 + ".com/",
    "https://" + ".".join(["abcdefgh"] * 30) + ".com/",
]


@pytest.mark.parametrize("url", URLS)
def test_quick_path_takes_usual_urls(url: str) -> None:
    quick = formats._split_plain_url(url)
    assert quick is not None
    assert quick == formats._split_any_url(url)


@pytest.mark.parametrize(
    "url",
    ["HTTPS://a.com/", "https://A.com/", "https://a.com:8080/", "https://u@a.com/",
     "https://a.com/%zz", "https://a.com/a b", "https://[::1]/", "ftp://a.com/", "https://bücher.de/"],
)  # fmt: skip
def test_quick_path_leaves_the_rest_to_the_general_one(url: str) -> None:
    assert formats._split_plain_url(url) is None


@settings(max_examples=3000, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "HTTP://", "https:/", ""]),
    st.text(alphabet="abz09-.:@[]%", max_size=20),
    st.text(alphabet='/?#ab%20@ \\"<>é', max_size=12),
)
def test_quick_path_agrees_with_the_general_one(scheme: str, host: str, rest: str) -> None:
    url = scheme + host + rest
    quick = formats._split_plain_url(url)
    assert quick is None or quick == formats._split_any_url(url)


def _real(value: str) -> bool:
    """An independent verdict: the calendar of ``datetime``, the limits of RFC 3339."""
    import datetime
    import re

    parts = re.fullmatch(
        r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:Z|[+-](\d\d):(\d\d))", value
    )
    assert parts is not None
    year, month, day, hour, minute, second = map(int, parts.group(1, 2, 3, 4, 5, 6))
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    offset_ok = parts.group(7) is None or (int(parts.group(7)) <= 23 and int(parts.group(8)) <= 59)
    return hour <= 23 and minute <= 59 and second <= 60 and offset_ok


def test_date_times_at_every_edge_are_judged_by_the_calendar() -> None:
    # The quick verdict (digits compared as text) must never accept what the calendar refuses.
    years, months = ("0000", "0001", "1900", "2000", "2023", "2024"), ("00", "01", "02", "12", "13")
    days, clocks = ("00", "01", "28", "29", "30", "31", "32"), ("23:59:60", "23:59:61", "24:00:00")
    offsets = ("Z", "+23:59", "-24:00", "+00:60")
    for year, month, day, clock, offset in itertools.product(years, months, days, clocks, offsets):
        value = f"{year}-{month}-{day}T{clock}{offset}"
        assert (formats.diagnose_datetime(value) is None) == _real(value), value
