from conftest import article, seed_text

from linter.engine.batch import lint_paths


def test_same_title_other_case(tmp_path):
    (tmp_path / "a.md").write_text(seed_text())
    other = article(
        title='"harbour cities test  shared models for flood forecasting"',
        originalUrl='"https://harbour-news.example.com/b/"',
        webUrl='"https://harbour-news.example.com/b/"',
    )
    (tmp_path / "b.md").write_text(other)
    problems = [p for p in lint_paths([str(tmp_path)]) if p.code == "duplicate-title"]
    assert [(p.line, p.severity.value) for p in problems] == [(3, "warning"), (3, "warning")]


def _site(tmp_path, config: str) -> list[tuple[str, str]]:
    import io
    import json

    from linter.cli import main

    for lang in ("en", "fr"):
        (tmp_path / "content" / lang).mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / lang / "hello.md").write_text("---\ntitle: Hello\n---\n")
    (tmp_path / "content" / "en" / "again.md").write_text("---\ntitle: hello\n---\n")
    (tmp_path / "blog.schema.json").write_text('{"type": "object"}')
    (tmp_path / ".article-lint.toml").write_text('schema = "blog.schema.json"\n' + config)
    out = io.StringIO()
    main(["--format", "json", "--no-cache", "--config", str(tmp_path / ".article-lint.toml"),
          str(tmp_path / "content")], out=out)  # fmt: skip
    return sorted(
        (p["file"].split("content/")[1], p["code"])
        for p in json.loads(out.getvalue())
        if p["code"] == "duplicate-title"
    )


OPT_IN = '[rules.duplicate-title]\nfields = ["/title"]\n'


def test_a_users_schema_compares_titles_only_when_the_configuration_says_so(tmp_path):
    # Titles repeat by design on most sites (a series, two pages called "translate").
    assert _site(tmp_path, "") == []
    assert len(_site(tmp_path, OPT_IN)) == 3  # every file: the same title in two languages


def test_translations_are_not_duplicates_within_a_language_scope(tmp_path):
    scoped = _site(tmp_path, OPT_IN + 'scope = "language"\n')
    assert scoped == [("en/again.md", "duplicate-title"), ("en/hello.md", "duplicate-title")]


def test_scope_by_glob_groups(tmp_path):
    config = OPT_IN + 'scope = "groups"\ngroups = ["**/fr/**", "**/en/**"]\n'
    assert _site(tmp_path, config) == [
        ("en/again.md", "duplicate-title"),
        ("en/hello.md", "duplicate-title"),
    ]
