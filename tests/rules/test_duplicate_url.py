from conftest import article, seed_text

from linter.engine.batch import lint_paths


def test_reported_on_every_file_naming_the_others(tmp_path):
    (tmp_path / "a.md").write_text(seed_text())
    (tmp_path / "b.md").write_text(
        article(title='"Another title"', webUrl='"https://harbour-news.example.com/b/"')
    )
    (tmp_path / "c.md").write_text(
        article(
            title='"Third"',
            originalUrl='"https://harbour-news.example.com/c/"',
            webUrl='"https://harbour-news.example.com/c/"',
        )
    )
    problems = [p for p in lint_paths([str(tmp_path)]) if p.code == "duplicate-url"]
    assert [(p.file.rsplit("/", 1)[1], p.line, p.pointer) for p in problems] == [
        ("a.md", 6, "/originalUrl"),
        ("b.md", 6, "/originalUrl"),
    ]
    assert problems[0].message.endswith("is also in " + str(tmp_path / "b.md"))


def test_a_user_s_identity_fields_and_a_language_scope(tmp_path):
    import io
    import json

    from linter.cli import main

    posts = {
        "a.md": "---\ntitle: A\npermalink: /2023/11/story/\nlang: en\n---\n",
        "b.md": "---\ntitle: B\npermalink: 2023/11/Story\nlang: en\n---\n",
        "c.md": "---\ntitle: C\npermalink: /2023/11/story/\nlang: fr\n---\n",
    }
    for name, text in posts.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "blog.schema.json").write_text('{"type": "object"}')
    config = tmp_path / ".article-lint.toml"
    config.write_text(
        'schema = "blog.schema.json"\n[rules.duplicate-url]\nfields = ["/permalink"]\n'
        'scope = "language"\n'
    )
    out = io.StringIO()
    main(["--format", "json", "--no-cache", "--config", str(config), str(tmp_path)], out=out)
    flagged = sorted(p["file"].rsplit("/", 1)[1] for p in json.loads(out.getvalue()))
    assert flagged == ["a.md", "b.md"]
