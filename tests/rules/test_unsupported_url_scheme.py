import pytest
from conftest import article


@pytest.mark.parametrize(
    "value",
    [
        '"javascript:alert(1)"',
        '"ftp://harbour-news.example.com/x"',
        '"mailto:a@b.example"',
        '"file:///etc/passwd"',
        '"data:text/html,hi"',
    ],
)
def test_not_web(lint, value):
    assert (7, 9, "unsupported-url-scheme") in lint(article(webUrl=value))
