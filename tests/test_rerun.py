"""A rerun answered from the record of an earlier run (``linter.engine.rerun``) says what the
whole command would say. Each test changes one thing a run depends on after a run was
recorded: the record must no longer answer, and the command's answer must be the new one."""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SETTLE

from linter import cli
from linter.engine import rerun
from linter.validation import schema

GOOD = "---\ntitle: Hello\nauthor: Alice\nslug: a\n---\nbody\n"
SHORT = "---\ntitle: Hello\nauthor: Al\nslug: b\n---\nbody\n"


pytestmark = pytest.mark.usefixtures("short_racy_window")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "above" / "site"
    (root / "posts" / "deep").mkdir(parents=True)
    (root / ".article-lint.toml").write_text(
        'schema = "s.json"\n[rules.duplicate-url]\nfields = ["/slug"]\n'
    )
    (root / "s.json").write_text(
        json.dumps(
            {
                "properties": {
                    "author": {"$ref": "defs.json#/$defs/author"},
                    "slug": {"type": "string"},
                }
            }
        )
    )
    (root / "defs.json").write_text(
        json.dumps({"$defs": {"author": {"type": "string", "minLength": 3}}})
    )
    (root / "posts" / "a.md").write_text(GOOD)
    (root / "posts" / "deep" / "b.md").write_text(SHORT)
    (root.parent / "cache").mkdir()  # made by the first run else: a change above the tree
    monkeypatch.chdir(root)
    time.sleep(SETTLE)
    return root


ARGV = ["--format", "json", "--cache-dir", "../cache", "."]


def command(argv: list[str]) -> tuple[str, int]:
    """The whole command, as ``article-lint`` runs it (recording), in this process."""
    schema.load_validator.cache_clear()  # a run is a process: schemas are read anew
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli._main_recorded(list(argv))
    return out.getvalue(), code


def recorded(argv: list[str] = ARGV) -> tuple[str, int]:
    """Run the command until a record answers it; the answer."""
    first = command(argv)
    assert command(argv) == first  # answered by the result cache whole: recorded
    assert rerun.answer(argv) == first
    return first


def test_a_record_answers_what_the_command_says(site: Path) -> None:
    out, code = recorded()
    assert code == 1
    assert {row["code"] for row in json.loads(out)} == {"invalid-value"}
    hook = ["--format", "json", "--cache-dir", "../cache", "posts/a.md"]
    assert recorded(hook) == command(hook)


def test_a_run_the_cache_did_not_answer_whole_leaves_no_record(site: Path) -> None:
    command(ARGV)
    assert rerun.answer(ARGV) is None


def _same_size_same_time(path: Path, text: str) -> None:
    status = path.stat()
    assert len(text) == status.st_size
    path.write_text(text)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


def _added_time_kept(folder: Path, name: str, text: str) -> None:
    """A file added to ``folder``, whose modification time is then set back: only its change
    time (which no program can set) says that it changed."""
    status = folder.stat()
    (folder / name).write_text(text)
    os.utime(folder, ns=(status.st_atime_ns, status.st_mtime_ns))


CHANGES: dict[str, Callable[[Path], None]] = {
    "an article added to a folder": lambda root: (root / "posts" / "c.md").write_text(SHORT),
    "an article in a new folder": lambda root: (
        (root / "posts" / "new").mkdir(),
        (root / "posts" / "new" / "c.md").write_text(SHORT),
    ),
    "an article removed": lambda root: (root / "posts" / "deep" / "b.md").unlink(),
    "an article added, the folder's time set back": lambda root: _added_time_kept(
        root / "posts" / "deep", "c.md", SHORT
    ),
    "an article rewritten, same size and time": lambda root: _same_size_same_time(
        root / "posts" / "deep" / "b.md", SHORT.replace("Al\nslug: b", "Alb\nslug: ")
    ),
    "the configuration edited": lambda root: (root / ".article-lint.toml").write_text(
        'schema = "s.json"\nignore = ["invalid-value"]\n'
    ),
    "a configuration in a folder walked": lambda root: (
        root / "posts" / ".article-lint.toml"
    ).write_text('ignore = ["invalid-value"]\n'),
    "a .gitignore in a folder walked": lambda root: (root / "posts" / ".gitignore").write_text(
        "deep/\n"
    ),
    "a .gitignore above": lambda root: (root.parent / ".gitignore").write_text("posts/\n"),
    "a configuration above": lambda root: (root.parent / "pyproject.toml").write_text(
        "[tool.article-lint]\n"
    ),
    "a git work tree above": lambda root: (root.parent / ".git").mkdir(),
    "a $ref'd schema rewritten, same size and time": lambda root: _same_size_same_time(
        root / "defs.json", (root / "defs.json").read_text().replace("3", "1")
    ),
    "a folder renamed": lambda root: (root / "posts" / "deep").rename(root / "posts" / "d2"),
    "an article made a link": lambda root: (
        (root / "posts" / "a.md").unlink(),
        (root / "posts" / "a.md").symlink_to("deep/b.md"),
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_after_a_record_is_seen(site: Path, change: str) -> None:
    before = recorded()
    CHANGES[change](site)
    assert rerun.answer(ARGV) is None
    after = command(ARGV)
    schema.load_validator.cache_clear()
    fresh = io.StringIO()
    code = cli.main(["--no-cache", "--format", "json", "."], out=fresh)
    assert after == (fresh.getvalue(), code)
    # Outside a git work tree, git's files change nothing: the record was not used all the same.
    above = ("a git work tree above", "a .gitignore above", "a configuration above")
    assert change in above or after != before


def test_another_environment_or_folder_is_another_record(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded()
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # another default format
    assert rerun.answer(ARGV) is None
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert rerun.answer(ARGV) is not None
    monkeypatch.chdir(site / "posts")
    assert rerun.answer(ARGV) is None


def test_a_hidden_folder_changed_still_has_the_record_answer(site: Path) -> None:
    (site / ".drafts").mkdir()
    time.sleep(SETTLE)
    before = recorded()
    (site / ".drafts" / "c.md").write_text(SHORT)  # never walked
    assert rerun.answer(ARGV) == before == command(ARGV)


def test_a_link_in_a_folder_walked_leaves_no_record(site: Path) -> None:
    (site / "posts" / "link.md").symlink_to("a.md")
    time.sleep(SETTLE)
    command(ARGV)
    command(ARGV)
    assert rerun.answer(ARGV) is None


def test_a_file_changed_just_before_a_run_leaves_no_record(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rerun, "RACY_NS", 3600 * 10**9)
    command(ARGV)
    command(ARGV)
    assert rerun.answer(ARGV) is None


def test_a_tampered_record_is_not_used(site: Path) -> None:
    recorded()
    (record,) = (site.parent / "cache" / "reruns").glob("*.json")
    data = record.read_bytes()
    record.write_bytes(data.replace(b'"code":1', b'"code":0'))
    assert rerun.answer(ARGV) is None


@pytest.mark.parametrize(
    "extra", [["--fix"], ["--statistics"], ["--no-cache"], ["--output-file", "../out.json"]]
)
def test_runs_that_write_or_print_more_leave_no_record(site: Path, extra: list[str]) -> None:
    argv = [*extra, *ARGV]
    command(argv)
    command(argv)
    assert rerun.answer(argv) is None


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["rules"]])
def test_only_a_lint_that_the_cache_answered_is_recorded(site: Path, argv: list[str]) -> None:
    recorded()
    command(argv)
    command(argv)
    assert rerun.answer(argv) is None


def test_what_else_a_folder_above_holds_does_not_matter(site: Path) -> None:
    before = recorded()
    (site.parent.parent / "unrelated.txt").write_text("")  # as /tmp changes all the time
    (site.parent / "another-site").mkdir()
    assert rerun.answer(ARGV) == before == command(ARGV)


@pytest.mark.parametrize("where", ["configuration", "command line"])
def test_a_schema_reached_through_a_link_that_is_moved_is_seen(site: Path, where: str) -> None:
    hidden = site / ".schemas"  # never walked: its links are not seen by a walk
    hidden.mkdir()
    for name, shortest in (("v1.json", 3), ("v2.json", 1)):
        author = {"type": "string", "minLength": shortest}
        (hidden / name).write_text(json.dumps({"properties": {"author": author}}))
    (hidden / "current.json").symlink_to("v1.json")
    argv = ARGV
    if where == "configuration":
        (site / ".article-lint.toml").write_text('schema = ".schemas/current.json"\n')
    else:
        argv = ["--schema", ".schemas/current.json", *ARGV]
    time.sleep(SETTLE)
    before = recorded(argv)
    (hidden / "current.json").unlink()
    (hidden / "current.json").symlink_to("v2.json")
    assert rerun.answer(argv) is None
    assert command(argv) != before


def test_a_config_named_on_the_command_line_edited_in_place_is_seen(site: Path) -> None:
    (site / "lint.toml").write_text('schema = "s.json"\n')
    time.sleep(SETTLE)
    argv = ["--format", "json", "--cache-dir", "../cache", "--config", "lint.toml", "posts"]
    _, code = recorded(argv)
    assert code == 1
    with (site / "lint.toml").open("w") as config:  # the same file (inode), written again
        config.write('schema = "s.json"\nignore = ["invalid-value"]\n')
    assert rerun.answer(argv) is None
    assert command(argv) == ("[]\n", 0)


def test_a_path_of_many_parts_leaves_no_record(site: Path) -> None:
    # Looked at part by part, "a/../" * N costs N*N: such a run is not recorded at all.
    (site / ".article-lint.toml").write_text('schema = "' + "posts/../" * 2000 + 's.json"\n')
    time.sleep(SETTLE)
    command(ARGV)
    command(ARGV)
    assert rerun.answer(ARGV) is None


def test_options_are_not_abbreviated(site: Path) -> None:
    # A record is found by the command line before it is parsed: "--cache" must be no
    # --cache-dir to argparse either (the record would go to another folder than the cache).
    _, code = command(["--format", "json", "--cache=../other", "."])
    assert code == 2
