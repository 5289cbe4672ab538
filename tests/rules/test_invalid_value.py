from conftest import article


def test_unknown_type(lint):
    assert lint(article(type="blog")) == [(8, 7, "invalid-value")]
