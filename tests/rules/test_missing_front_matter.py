from linter.rules import registry


def test_text_before_front_matter(lint):
    assert lint("Draft notes\n---\ntitle: x\n---\n") == [(1, 1, "missing-front-matter")]


def test_a_body_only(lint):
    assert lint("# Harbours\n\nJust a body.\n") == [(1, 1, "missing-front-matter")]


def test_toml_and_json_front_matter_are_front_matter(lint):
    """Hugo writes them: they are read (and judged by the schema), not missing."""
    for text in ("+++\ntitle = 'x'\n+++\n", '{\n  "title": "x"\n}\n'):
        assert "missing-front-matter" not in {code for _, _, code in lint(text)}


def test_is_an_error_by_default():
    assert registry()["missing-front-matter"].severity.value == "error"
