import pytest
from conftest import article


@pytest.mark.parametrize(
    "host",
    ["www.example.org", "harbour-news.example.com.evil.example", "evilharbour-news.example.com"],
)
def test_other_host(lint, host):
    text = article(originalUrl=f'"https://{host}/2023/11/x/"')
    assert (6, 14, "url-host-mismatch") in lint(text)


def test_subdomain_matches(codes):
    text = article(originalUrl='"https://amp.harbour-news.example.com/2023/11/x/"')
    assert "url-host-mismatch" not in codes(text)
