import pytest
from conftest import article


@pytest.mark.parametrize(
    "value", ['"/2023/11/story/"', '"//harbour-news.example.com/x"', '"www.example.com/x"']
)
def test_relative(lint, value):
    assert (6, 14, "relative-url") in lint(article(originalUrl=value))
