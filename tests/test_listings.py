"""A walk does not list again a folder whose stat is the one kept from an earlier walk
(``linter.engine.discovery.Listings``). Each test changes a folder in a way a kept listing
could miss: the run must find what a walk without kept listings finds."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pytest
from conftest import SETTLE

from linter.cli import main
from linter.engine import discovery, rerun
from linter.validation import schema

BAD = "---\ntitle: 12\n---\nbody\n"
pytestmark = pytest.mark.usefixtures("short_racy_window")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "one.md").write_text(BAD)
    (root / "a" / "b" / "two.md").write_text(BAD)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text(BAD)
    monkeypatch.chdir(root)
    time.sleep(SETTLE)
    return root


def files(*args: str) -> list[str]:
    """The files a run reports, each once, in order."""
    schema.load_validator.cache_clear()
    out = io.StringIO()
    assert main(["--format", "json", "--cache-dir", "../cache", *args, "."], out=out) == 1
    return sorted({row["file"] for row in json.loads(out.getvalue())})


def fresh() -> list[str]:
    out = io.StringIO()
    main(["--format", "json", "--no-cache", "."], out=out)
    return sorted({row["file"] for row in json.loads(out.getvalue())})


def kept(root: Path) -> dict[str, object]:
    (walks,) = (root.parent / "cache").glob("walks-*.json")
    return dict(json.loads(walks.read_bytes()[32:]))


def test_folders_are_kept_and_used(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert files() == ["a/b/two.md", "a/one.md"]
    assert set(kept(tree)) == {str(tree), str(tree / "a"), str(tree / "a" / "b")}

    def refuse(handle: object) -> object:
        raise AssertionError("a folder was listed again")

    monkeypatch.setattr(discovery, "_listing", refuse)
    assert files() == ["a/b/two.md", "a/one.md"]


def test_a_file_added_to_a_kept_folder_is_found(tree: Path) -> None:
    files()
    (tree / "a" / "b" / "three.md").write_text(BAD)
    assert files() == fresh() == ["a/b/three.md", "a/b/two.md", "a/one.md"]


def test_a_file_removed_or_renamed_is_seen(tree: Path) -> None:
    files()
    (tree / "a" / "one.md").rename(tree / "a" / "uno.md")
    (tree / "a" / "b" / "two.md").unlink()
    assert files() == fresh() == ["a/uno.md"]


def test_a_folder_replaced_by_a_link_out_of_the_tree_is_not_followed(tree: Path) -> None:
    files()
    (tree / "a" / "b" / "two.md").unlink()
    (tree / "a" / "b").rmdir()
    (tree / "a" / "b").symlink_to(tree.parent / "outside")
    assert files() == fresh() == ["a/one.md"]
    assert str(tree / "a") not in kept(tree)  # it holds a link: not kept


def test_a_folder_changed_just_before_a_run_is_not_kept(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rerun, "RACY_NS", 3600 * 10**9)
    files()
    assert not list((tree.parent / "cache").glob("walks-*.json"))


def test_kept_listings_that_were_tampered_with_are_not_used(tree: Path) -> None:
    files()
    (walks,) = (tree.parent / "cache").glob("walks-*.json")
    data = walks.read_bytes()
    entry = json.loads(data[32:])
    entry[str(tree / "a" / "b")][5] = []  # "two.md is not there"
    walks.write_bytes(data[:32] + json.dumps(entry).encode())
    assert files() == ["a/b/two.md", "a/one.md"]


def test_a_folder_with_the_same_times_but_another_inode_is_listed_again(tree: Path) -> None:
    files()
    folder = tree / "a" / "b"
    status = folder.stat()
    (folder / "two.md").rename(tree / "two.md")
    folder.rmdir()
    folder.mkdir()
    (folder / "four.md").write_text(BAD)
    os.utime(folder, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert files() == fresh()
    assert "a/b/four.md" in files()


def test_folders_no_longer_walked_are_dropped(tree: Path) -> None:
    # The kept listings grow with the tree, not with every folder ever walked from here.
    files()
    assert str(tree / "a" / "b") in kept(tree)
    (tree / "a" / "b" / "two.md").unlink()
    (tree / "a" / "b").rmdir()
    time.sleep(SETTLE)
    assert files() == fresh() == ["a/one.md"]
    assert set(kept(tree)) == {str(tree), str(tree / "a")}


def test_folders_of_other_walks_from_here_are_kept(tree: Path) -> None:
    # A hook's walk of a subfolder must not drop what the whole tree's walk kept (the next
    # whole-tree run would list them all again, and write them all back).
    files()
    schema.load_validator.cache_clear()
    assert main(["--format", "json", "--cache-dir", "../cache", "a/b"], out=io.StringIO()) == 1
    assert set(kept(tree)) == {str(tree), str(tree / "a"), str(tree / "a" / "b")}


def test_a_file_added_to_a_folder_whose_time_is_set_back_is_found(tree: Path) -> None:
    # Only the folder's change time, which no program can set, says that it changed.
    files()
    folder = tree / "a" / "b"
    status = folder.stat()
    (folder / "three.md").write_text(BAD)
    os.utime(folder, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert files() == fresh() == ["a/b/three.md", "a/b/two.md", "a/one.md"]


def test_a_kept_listing_of_another_inode_is_not_used(tree: Path) -> None:
    # Same device and times as the folder, another inode: a folder the listing is not of.
    from linter.engine import cache

    files()
    folder = tree / "a" / "b"
    walks = cache.Walks(tree.parent / "cache", os.getcwd())
    listings = walks.get()
    status = folder.stat()
    stat = [status.st_dev, status.st_ino + 1, status.st_mtime_ns, status.st_ctime_ns]
    listings[str(folder)] = [*stat, [], []]  # "nothing in it"
    walks.put(listings)
    assert files() == ["a/b/two.md", "a/one.md"]
