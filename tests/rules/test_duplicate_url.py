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
