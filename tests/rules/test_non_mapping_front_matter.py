def test_list(lint):
    assert lint("---\n- a\n- b\n---\n") == [(1, 1, "non-mapping-front-matter")]


def test_scalar_and_empty(lint):
    assert lint("---\njust text\n---\n") == [(1, 1, "non-mapping-front-matter")]
    assert lint("---\n---\n") == [(1, 1, "non-mapping-front-matter")]
