"""Linting some files of a project: cross-file rules still compare them with every article."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import article

from linter.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(*args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=a@b.c", "-c", "user.name=t", *args],
        check=True,
        capture_output=True,
    )


def run(*argv: str) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    code = main([*argv, "--format", "json"], out=out)
    return code, json.loads(out.getvalue()) if out.getvalue().strip() else []


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    git("init", "-q")
    (tmp_path / "news").mkdir()
    for i in range(5):
        url = f'"https://harbour-news.example.com/2023/11/story-{i}/"'
        Path(f"news/a{i}.md").write_text(article(title=f'"Story {i}"', originalUrl=url, webUrl=url))
    git("add", ".")
    git("commit", "-qm", "articles")
    return tmp_path


def test_a_staged_copy_of_a_committed_article_is_a_duplicate(repo: Path) -> None:
    """As a hook calls it: the staged file by name; the committed one is on disk."""
    copy = Path("news/a2.md").read_text().replace('"Story 2"', '"Story 2, again"')
    Path("news/copy.md").write_text(copy)
    for cache in (["--no-cache"], [], []):  # cold, then with the cache filled
        code, problems = run(*cache, "news/copy.md")
        assert code == 1
        assert {(p["file"], p["code"]) for p in problems} == {("news/copy.md", "duplicate-url")}
        assert "news/a2.md" in problems[0]["message"]


def test_changed_since_lints_what_changed(repo: Path) -> None:
    Path("news/a1.md").write_text(article(publishedDateTime="2023-02-30T01:31:00Z"))
    Path("news/new.md").write_text(Path("news/a3.md").read_text().replace("Story 3", "S3"))
    Path("news/a4.md").unlink()  # deleted: skipped
    Path("notes.txt").write_text("not an article")
    code, problems = run("--changed-since", "HEAD")
    assert code == 1
    files = {p["file"] for p in problems}
    assert files == {"news/a1.md", "news/new.md"}
    assert ("news/new.md", "duplicate-url") in {(p["file"], p["code"]) for p in problems}
    git("add", ".")
    git("commit", "-qm", "more")
    assert run("--changed-since", "HEAD") == (0, [])


def test_changed_since_needs_a_ref_git_knows(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--changed-since", "no-such-ref"]) == 2
    assert "--changed-since no-such-ref" in capsys.readouterr().err
