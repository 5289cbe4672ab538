"""The README's three walkthroughs, run: a Jekyll blog, a Hugo site with TOML front matter and
two languages, an Astro content collection (``examples/``). Each was set up as the README
says, with ``article-lint init``; each holds one post with the defects of its kind."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from linter.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

EXPECTED = {
    "jekyll-blog": {
        ("_posts/2024-02-28-mistakes.md", 3, "padded-text", "/title"),
        ("_posts/2024-02-28-mistakes.md", 4, "invalid-date", "/date"),
        ("_posts/2024-02-28-mistakes.md", 8, "insecure-url", "/image/path"),
        ("_posts/2024-02-28-mistakes.md", 9, "invalid-image-size", "/image/width"),
        ("_posts/2024-02-28-mistakes.md", 11, "ambiguous-value", "/published"),
    },
    "hugo-site": {
        # The French post shares its title with the English one: a translation, not a
        # duplicate (scope = "language"). Its expiry date lies ahead: not a future date.
        ("content/en/posts/tides.md", 3, "future-date", "/date"),
        ("content/en/posts/tides.md", 4, "invalid-date", "/expiryDate"),
        ("content/en/posts/tides.md", 6, "extreme-aspect-ratio", "/cover"),
    },
    "astro-collection": {
        ("src/content/blog/third-post.md", 4, "invalid-date", "/pubDate"),
        ("src/content/blog/third-post.md", 5, "double-slash-path", "/heroImage"),
        # js-yaml reads `no` as the string "no": Astro's boolean draft rejects it.
        ("src/content/blog/third-post.md", 6, "wrong-type", "/draft"),
    },
}


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main([*args], out=out)
    return code, out.getvalue()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_reports_its_defects_and_nothing_else(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / name
    shutil.copytree(EXAMPLES / name, site)
    monkeypatch.chdir(site)
    code, out = run("--format", "json", "--no-cache", ".")
    found = {(p["file"], p["line"], p["code"], p["pointer"]) for p in json.loads(out)}
    assert found == EXPECTED[name]
    assert code == 1


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_init_writes_the_example_s_files(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The committed schema and configuration are what ``article-lint init`` writes."""
    site = tmp_path / name
    shutil.copytree(EXAMPLES / name, site)
    (site / "article.schema.json").unlink()
    (site / ".article-lint.toml").unlink()
    monkeypatch.chdir(site)
    code, out = run("init")
    assert code == 0 and out.startswith("surveyed 3 files")
    for written in ("article.schema.json", ".article-lint.toml"):
        assert (site / written).read_text() == (EXAMPLES / name / written).read_text()


def test_init_does_not_replace_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "jekyll-blog"  # the schema's title names the folder
    shutil.copytree(EXAMPLES / "jekyll-blog", site)
    monkeypatch.chdir(site)
    schema = (site / "article.schema.json").read_text()
    (site / "article.schema.json").write_text(schema.replace('"boolean"', '"string"'))
    assert run("init")[0] == 2
    assert run("init", "--force")[0] == 0
    assert (site / "article.schema.json").read_text() == schema


def test_init_run_twice_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "jekyll-blog"  # the schema's title names the folder
    shutil.copytree(EXAMPLES / "jekyll-blog", site)
    monkeypatch.chdir(site)
    before = {p: p.stat().st_mtime_ns for p in site.iterdir() if p.is_file()}
    code, out = run("init")
    assert code == 0
    assert "unchanged: article.schema.json and .article-lint.toml already say this" in out
    assert {p: p.stat().st_mtime_ns for p in site.iterdir() if p.is_file()} == before


def test_fields_shows_where_the_rules_look(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES / "hugo-site")
    code, out = run("fields", "--format", "json")
    listing = json.loads(out)
    assert code == 0 and listing["date-dialect"] == "hugo"
    assert listing["kinds"]["publication_dates"] == {
        "fields": ["/date", "/lastmod"],  # lastmod: documented by Hugo, used by no post yet
        "rules": ["date-url-mismatch", "future-date"],
    }
    assert listing["kinds"]["dates"]["fields"] == [
        "/date",
        "/expiryDate",
        "/lastmod",
        "/publishDate",
    ]
    assert listing["kinds"]["images"]["fields"] == ["/cover (url: image)"]
    assert listing["identity"]["duplicate-title"] == "/title (scope: language)"
