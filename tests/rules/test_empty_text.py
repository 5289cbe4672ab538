from conftest import article


def test_empty_and_blank(lint):
    assert lint(article(title='""')) == [(3, 8, "empty-text")]
    assert lint(article(excerpt='"   "')) == [(4, 10, "empty-text")]
    assert lint(article(excerpt='"\u00a0"')) == [(4, 10, "empty-text")]
