def test_list(lint):
    assert lint("---\n- a\n- b\n---\n") == [(1, 1, "non-mapping-front-matter")]


def test_scalar(lint):
    assert lint("---\njust text\n---\n") == [(1, 1, "non-mapping-front-matter")]


def test_empty_front_matter_is_an_empty_mapping(lint, tmp_path):
    # Jekyll processes a page whose front matter is "---" twice; Hugo's docs keep pages so.
    for text in ("---\n---\n", "---\n# Do not remove front matter.\n---\n"):
        assert {code for _, _, code in lint(text)} == {"missing-field"}  # the bundled format
        (tmp_path / "s.json").write_text('{"type": "object"}')
        assert lint(text, {"schema": str(tmp_path / "s.json")}) == []
