from linter.rules import registry


def test_text_before_front_matter(lint):
    assert lint("Draft notes\n---\ntitle: x\n---\n") == [(1, 1, "missing-front-matter")]


def test_toml_front_matter(lint):
    assert lint("+++\ntitle = 'x'\n+++\n") == [(1, 1, "missing-front-matter")]


def test_is_an_error_by_default():
    assert registry()["missing-front-matter"].severity.value == "error"
