"""What can be linted: standard input, .mdx, .html with front matter, and named paths that
hold nothing to lint (never a silent "no problems")."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import article

from linter.cli import main

BAD = article(publishedDateTime="2023-02-30T01:31:00Z")


def run(*argv: str, stdin: bytes | None = None) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        code = main([*argv, "--no-cache", "--format", "json"], out=out)
    finally:
        sys.stdin = sys.__stdin__
    return code, json.loads(out.getvalue()) if out.getvalue().strip() else []


@pytest.mark.parametrize("argument", ["-", "/dev/stdin"])
def test_standard_input(argument: str) -> None:
    code, problems = run(argument, stdin=BAD.encode())
    assert code == 1 and {p["file"] for p in problems} == {"-"}
    assert "invalid-date" in {p["code"] for p in problems}


def test_stdin_filename_names_it_for_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".article-lint.toml").write_text('per-file-ignores = { "drafts/**" = ["invalid-date"] }\n')
    code, problems = run("--stdin-filename", "posts/a.md", "-", stdin=BAD.encode())
    assert code == 1 and {p["file"] for p in problems} == {"posts/a.md"}
    _, problems = run("--stdin-filename", "drafts/a.md", "-", stdin=BAD.encode())
    assert "invalid-date" not in {p["code"] for p in problems}


def test_stdin_cannot_be_fixed(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--fix", "-", stdin=BAD.encode())[0] == 2
    assert "standard input" in capsys.readouterr().err


def test_a_named_folder_without_articles_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not an article")
    assert run(str(tmp_path / "empty"))[0] == 2
    assert "no articles in" in capsys.readouterr().err


def test_mdx_and_html_with_front_matter_are_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("post.mdx").write_text(BAD)
    Path("page.html").write_text(BAD)
    Path("plain.html").write_text("<!doctype html><title>A page</title>\n")
    Path("style.css").write_text(BAD)
    code, problems = run(".")
    assert code == 1
    assert {p["file"] for p in problems if p["code"] == "invalid-date"} == {"page.html", "post.mdx"}
    assert "plain.html" not in {p["file"] for p in problems}
