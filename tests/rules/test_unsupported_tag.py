from conftest import article


def test_python_tag_is_reported_and_not_run(lint, tmp_path):
    target = tmp_path / "pwned"
    text = article(category=f"!!python/object/apply:os.system ['touch {target}']")
    assert (2, 11, "unsupported-tag") in lint(text)
    assert not target.exists()
