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
