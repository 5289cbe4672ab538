"""--fix never loses an edit, never writes through a link, and one failure stops nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import article

from linter.cli import main
from linter.engine import fix

PADDED = article(title='" Padded title"')


def run(*argv: str) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    code = main([*argv, "--no-cache", "--format", "json"], out=out)
    return code, json.loads(out.getvalue())


def test_an_edit_made_during_the_run_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(PADDED)
    Path("b.md").write_text(PADDED.replace("Padded title", "Other padded title"))
    edited = PADDED.replace("Padded title", "Saved by an editor")
    real = fix.fix_file

    def editor_saves_meanwhile(path: str, *args: Any, **kwargs: Any) -> fix.Outcome:
        outcome = real(path, *args, **kwargs)
        if path == "a.md":
            Path("a.md").write_text(edited)
        return outcome

    monkeypatch.setattr(fix, "fix_file", editor_saves_meanwhile)
    code, problems = run("--fix", "--select", "padded-text,unwritable-file", ".")
    assert Path("a.md").read_text() == edited  # the editor's bytes, not the fix
    assert '\ntitle: "Other padded title"\n' in Path("b.md").read_text()  # the other is fixed
    assert code == 1
    assert [(p["file"], p["line"], p["code"]) for p in problems] == [
        ("a.md", 1, "unwritable-file"),
        ("a.md", 3, "padded-text"),
    ]
    assert problems[0]["message"] == (
        "fixes not written: the file changed while article-lint ran; run again"
    )


def test_a_link_is_not_replaced_or_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("real").mkdir()
    Path("real/b.md").write_text(PADDED)
    Path("a.md").symlink_to("real/b.md")
    code, problems = run("--fix", "--select", "padded-text,unwritable-file", "a.md")
    assert Path("a.md").is_symlink() and Path("real/b.md").read_text() == PADDED
    assert code == 1 and problems[0]["code"] == "unwritable-file"
    assert "symbolic link" in problems[0]["message"]


def test_it_can_be_ignored_like_any_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("real.md").write_text(PADDED)
    Path("a.md").symlink_to("real.md")
    argv = ("--fix", "--select", "padded-text,unwritable-file", "a.md")
    assert [p["code"] for p in run(*argv)[1]] == ["unwritable-file", "padded-text"]
    code, problems = run(*argv, "--ignore", "unwritable-file")
    assert (code, [p["code"] for p in problems]) == (0, ["padded-text"])  # a warning only
