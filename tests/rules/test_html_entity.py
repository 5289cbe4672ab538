from conftest import article


def test_entity_in_excerpt(lint):
    assert lint(article(excerpt='"Q&amp;A with the harbour master"')) == [(4, 10, "html-entity")]


def test_plain_ampersand_is_fine(lint):
    assert lint(article(excerpt='"Q&A with the harbour master; &nope; here"')) == []
