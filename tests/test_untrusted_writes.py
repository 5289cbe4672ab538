"""The tree under review cannot make a run write, or read, outside it (issue: round 2).

Each test commits what a pull request could (links, a configuration, a baseline) and shows
that nothing outside the tree changed and nothing outside it was read.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import article

from linter.cli import main
from linter.engine import cache


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main([*argv, "--no-cache"], out=out)
    return code, out.getvalue()


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project (a git work tree) beside a folder ``outside`` that it must not touch."""
    (tmp_path / "outside").mkdir()
    site = tmp_path / "site"
    site.mkdir()
    (site / ".git").mkdir()
    (site / "a.md").write_text(article(title='" padded"'))
    monkeypatch.chdir(site)
    return site


def test_reports_and_baselines_are_not_written_through_a_committed_link(tree: Path) -> None:
    target = tree.parent / "outside" / "evil.pth"
    for name in ("report.txt", "base.json"):
        (tree / name).symlink_to(target)
    assert _run("--output-file", "report.txt", "a.md")[0] == 0
    assert _run("--write-baseline", "base.json", "a.md")[0] == 0
    assert not target.exists()
    assert (
        not (tree / "report.txt").is_symlink()
        and "padded-text" in (tree / "report.txt").read_text()
    )
    assert json.loads((tree / "base.json").read_text())["problems"][0]["rule"] == "padded-text"


def test_nothing_is_written_into_a_folder_reached_through_a_link(tree: Path) -> None:
    (tree / "out").symlink_to(tree.parent / "outside")
    code, _ = _run("--output-file", "out/report.txt", "a.md")
    assert code == 2
    code, _ = _run("--cache-dir", "out/cache", "a.md")  # the cache is not used: no error
    assert code == 0
    assert list((tree.parent / "outside").iterdir()) == []


def test_a_named_folder_that_links_out_of_the_tree_is_refused(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tree.parent / "outside"
    (outside / "b.md").write_text(article(title='" padded"'))
    (tree / "content").symlink_to(outside)
    assert _run("content")[0] == 2
    assert "not followed: content is a link to" in capsys.readouterr().err
    # Named through the link, a file is reported unreadable; --fix leaves it alone.
    code, report = _run("--fix", "content/b.md")
    assert code == 1 and "[unreadable-file]" in report
    assert '" padded"' in (outside / "b.md").read_text()


def test_a_committed_configuration_names_no_schema_outside_its_project(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tree.parent / "outside" / "key.json"
    secret.write_text('{"private_key": "hunter2"}')
    for value in ("../outside/key.json", str(secret)):
        (tree / ".article-lint.toml").write_text(f"schema = {json.dumps(value)}\n")
        code, report = _run("a.md")
        assert code == 2 and report == ""
        err = capsys.readouterr().err
        assert "is outside the project" in err and "hunter2" not in err


def test_a_baseline_is_readable_text_read_safely(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("--write-baseline", "base.json", "a.md")[0] == 0
    text = (tree / "base.json").read_text()
    assert '"file": "a.md", "rule": "padded-text", "pointer": "/title"' in text
    assert _run("--baseline", "base.json", "a.md") == (0, "no problems in 1 file\n")
    opaque = {"version": 1, "fingerprints": {"0" * 32: 1}}
    (tree / "old.json").write_text(json.dumps(opaque))
    assert _run("--baseline", "old.json", "a.md")[0] == 2
    (tree / "zero.json").symlink_to("/dev/zero")
    assert _run("--baseline", "zero.json", "a.md")[0] == 2
    os.mkfifo(tree / "fifo.json")
    assert _run("--baseline", "fifo.json", "a.md")[0] == 2  # refused, not waited on
    assert "cannot read baseline" in capsys.readouterr().err


def test_a_ref_is_never_taken_as_a_git_option(tree: Path) -> None:
    (tree / ".git").rmdir()
    subprocess.run(["git", "init", "-q"], cwd=tree, check=True)
    written = tree.parent / "outside" / "x"
    assert _run(f"--changed-since=--output={written}")[0] == 2
    assert not written.exists()


def test_a_committed_cache_database_with_a_view_or_trigger_is_not_trusted(tree: Path) -> None:
    import sqlite3

    folder = tree / ".cache-x"
    folder.mkdir()
    db = sqlite3.connect(folder / cache._DB)
    db.executescript(
        "CREATE VIEW results AS WITH RECURSIVE r(key, value, mac) AS"
        " (SELECT 1, 1, 1 UNION ALL SELECT key + 1, 1, 1 FROM r) SELECT * FROM r;"
        "CREATE TABLE stats (name TEXT);"
        "CREATE TRIGGER t AFTER INSERT ON stats BEGIN DELETE FROM stats; END;"
    )
    db.close()
    done = subprocess.run(
        [sys.executable, "-m", "linter", "--cache-dir", str(folder), "a.md"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and "padded-text" in done.stdout, done.stderr
    kinds = sqlite3.connect(folder / cache._DB).execute("SELECT type FROM sqlite_master")
    assert {kind for (kind,) in kinds} <= {"table", "index"}


def test_a_file_git_tracks_is_linted_whatever_gitignore_says(tree: Path) -> None:
    (tree / ".git").rmdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], cwd=tree, check=True)
    (tree / "hidden").mkdir()
    (tree / "hidden" / "bad.md").write_text(article(title='" hidden"'))
    (tree / "ignored.md").write_text(article(title='" ignored"'))
    (tree / ".gitignore").write_text("hidden/\nignored.md\n")
    subprocess.run([*git, "add", "-A"], cwd=tree, check=True)
    subprocess.run([*git, "add", "-f", "hidden/bad.md"], cwd=tree, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tree, check=True)
    _, report = _run(".")
    assert "hidden/bad.md:3:8: warning [padded-text]" in report
    assert "ignored.md" not in report  # not tracked: ignored, as git ignores it
    _, named = _run("--force-exclude", "hidden/bad.md", "ignored.md")
    assert "hidden/bad.md:3:8" in named and "ignored.md" not in named
    (tree / "hidden" / "bad.md").write_text(article(title='" changed"'))
    _, changed = _run("--changed-since", "HEAD")
    assert "hidden/bad.md:3:8" in changed


def test_init_writes_no_file_through_a_committed_link(tree: Path) -> None:
    target = tree.parent / "outside" / "planted.json"
    (tree / "article.schema.json").symlink_to(target)  # dangling: the file does not exist
    (tree / ".article-lint.toml").symlink_to("/dev/zero")
    (tree / "posts").mkdir()
    for name in ("a", "b"):
        (tree / "posts" / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n")
    out = io.StringIO()
    assert main(["init", "--force", "posts", "--output", "."], out=out) == 0
    assert not target.exists()
    assert not (tree / "article.schema.json").is_symlink()
    assert "schema" in (tree / ".article-lint.toml").read_text()


def test_a_configuration_that_is_a_fifo_or_deep_is_one_line_and_exit_2(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(tree / ".article-lint.toml")
    assert _run("a.md")[0] == 2  # refused, not waited on
    (tree / ".article-lint.toml").unlink()
    (tree / ".article-lint.toml").write_text("a" + ".a" * 40_000 + " = 1\n")
    assert _run("a.md")[0] == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "nested deeper" in err
