import pytest
from conftest import article


@pytest.mark.parametrize(
    "value",
    [
        '"htps://harbour-news.example.com/x/"',
        '"https//harbour-news.example.com/x/"',
        '"https://harbour-news.example.com /x y/"',
        '"https://"',
        '"not a url"',
        '"https://exa_mple.com/x"',
        '"https://a..b.com/x"',
        '"https://-bad.com/x"',
        '"https://harbour-news.example.com:99999/x"',
        '"https://[::1/x"',
        '"https://[zz::1]/x"',
        '"https:/harbour-news.example.com/x"',
        '"hxxps://harbour-news.example.com/x"',
        '"https://harbour-news.example.com/%zz"',
        '"https://localhost/x"',
    ],
)
def test_malformed(lint, value):
    assert (6, 14, "invalid-url") in lint(article(originalUrl=value))


@pytest.mark.parametrize(
    "value",
    ['"https://bücher.example/x/"', '"https://[2001:db8::1]:8443/x"', '"https://93.184.216.34/x"'],
)
def test_good(codes, value):
    assert "invalid-url" not in codes(article(originalUrl=value))
