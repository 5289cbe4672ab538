"""Format checks: the quick path for usual URLs answers exactly as the general one."""

from __future__ import annotations

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
