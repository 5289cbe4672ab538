"""Many files: the process pool and the result cache give exactly the serial, uncached answer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import article

from linter.config import Config, from_table
from linter.engine import batch, cache, discovery, rerun, runner


def make_repo(root: Path, count: int) -> None:
    for i in range(count):
        text = article(title=f'"Story {i % 50}"', quality=str(i) if i % 7 else '"high"')
        if i % 11 == 0:
            text = text.replace("2023-11-09T01:31:00Z", "2023-02-30T01:31:00Z")
        (root / f"a{i:04d}.md").write_text(text)


def run(root: Path, config: Config, **options: object) -> list[dict[str, object]]:
    found = list(discovery.discover([str(root)], config))
    problems = runner.finish(
        batch.lint_files(batch.jobs_for(found, config), config, **options), config
    )  # type: ignore[arg-type]
    return [p.as_dict() for p in problems]


def test_pool_gives_the_serial_answer(tmp_path: Path) -> None:
    make_repo(tmp_path, 240)
    serial = run(tmp_path, Config(), workers=1)
    assert run(tmp_path, Config(), workers=2) == serial
    assert {p["code"] for p in serial} >= {
        "wrong-type",
        "invalid-date",
        "duplicate-url",
        "duplicate-title",
    }


def count_lints(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = runner.lint_bytes

    def counting(name: str, data: bytes, config: Config, **kwargs: bool) -> object:
        calls.append(name)
        return real(name, data, config, **kwargs)

    monkeypatch.setattr(runner, "lint_bytes", counting)
    return calls


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files read from now on (``batch._read``), in order."""
    reads: list[str] = []
    real_read = batch._read
    monkeypatch.setattr(
        batch, "_read", lambda job, config: reads.append(job.found.name) or real_read(job, config)
    )
    return reads


def test_second_run_is_answered_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, folder = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    make_repo(repo, 30)
    uncached = run(repo, Config(), workers=1)
    calls = count_lints(monkeypatch)
    first = run(repo, Config(), workers=1, cache=cache.Cache(folder, "ctx"))
    assert first == uncached and len(calls) == 30
    second = run(repo, Config(), workers=1, cache=cache.Cache(folder, "ctx"))
    assert second == uncached and len(calls) == 30  # nothing linted again
    (repo / "a0003.md").write_text(article(title='" changed"'))
    run(repo, Config(), workers=1, cache=cache.Cache(folder, "ctx"))
    assert calls[30:] == [str(repo / "a0003.md")]
    run(repo, Config(), workers=1, cache=cache.Cache(folder, "other configuration"))
    assert len(calls) == 61


def test_a_corrupt_cache_is_rebuilt_never_trusted(tmp_path: Path) -> None:
    repo, folder = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    make_repo(repo, 12)
    expected = run(repo, Config(), workers=1)
    run(repo, Config(), workers=1, cache=cache.Cache(folder, "ctx"))
    db = sqlite3.connect(folder / "results-v5.sqlite")
    with db:
        db.execute("""UPDATE results SET value = '{"p": [[1, "x"]]}'""")
    db.close()
    assert run(repo, Config(), workers=1, cache=cache.Cache(folder, "ctx")) == expected
    (folder / "results-v5.sqlite").write_bytes(b"this is not a database" * 100)
    assert run(repo, Config(), workers=1, cache=cache.Cache(folder, "ctx")) == expected


def test_cache_keeps_project_rule_facts_and_suppressions(tmp_path: Path) -> None:
    repo, folder = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    (repo / "a.md").write_text(article(title='" Padded"  # article-lint: disable=padded-text'))
    (repo / "b.md").write_text(article(title='"Other"'))
    expected = run(repo, Config(), workers=1)
    assert {p["code"] for p in expected} == {"duplicate-url"}
    run(repo, Config(), workers=1, cache=cache.Cache(folder, "ctx"))
    assert run(repo, Config(), workers=1, cache=cache.Cache(folder, "ctx")) == expected


def test_cli_uses_the_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.cli import main

    monkeypatch.chdir(tmp_path)
    make_repo(tmp_path, 3)
    assert main(["--cache-dir", "c", "."]) == 1
    assert (tmp_path / "c" / "results-v5.sqlite").is_file()
    assert main(["--no-cache", "--cache-dir", "d", "."]) == 1
    assert not (tmp_path / "d").exists()
    cfg = from_table(
        {"ignore": ["wrong-type", "duplicate-url", "duplicate-title", "invalid-date"]},
        root=tmp_path,
    )
    assert cfg.fingerprint() != Config().fingerprint()


def test_an_unchanged_tree_is_answered_by_the_last_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rerun, "RACY_NS", 0)  # files written just now stand for their bytes
    repo, folder = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    make_repo(repo, 20)
    config = Config()
    jobs = batch.jobs_for(list(discovery.discover([str(repo)], config)), config)
    first = [
        p.as_dict()
        for p in batch.lint_run(jobs, config, cache=cache.Cache(folder, "ctx"), workers=1)
    ]
    reads = count_reads(monkeypatch)
    again = batch.lint_run(jobs, config, cache=cache.Cache(folder, "ctx"), workers=1)
    assert [p.as_dict() for p in again] == first
    assert reads == []  # not one file read
    assert len(list((folder / "runs").glob("*.json"))) == 1  # the memo of the first run
    for memo in (folder / "runs").glob("*.json"):
        memo.write_text('{"not": "a list of problems"}')  # not what we wrote: a miss
    again = batch.lint_run(jobs, config, cache=cache.Cache(folder, "ctx"), workers=1)
    assert [p.as_dict() for p in again] == first
    (repo / "a0001.md").write_text(article(title='" Changed"'))
    changed = batch.lint_run(jobs, config, cache=cache.Cache(folder, "ctx"), workers=1)
    assert [p.as_dict() for p in changed] != first and reads == [str(repo / "a0001.md")]


def test_a_large_run_with_one_change_reads_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rerun, "RACY_NS", 0)  # files written just now stand for their bytes
    # More files than the first window and than a look-up by name: the stats of the whole
    # run are loaded, not only the first window's (every other file was read again).
    repo, folder = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    make_repo(repo, cache._SCAN_FROM + 100)
    config = Config()
    jobs = batch.jobs_for(list(discovery.discover([str(repo)], config)), config)
    first = batch.lint_run(jobs, config, cache=cache.Cache(folder, "ctx"), workers=1)
    reads = count_reads(monkeypatch)
    (repo / "a0700.md").write_text(article(title='" Changed"'))
    changed = batch.lint_run(jobs, config, cache=cache.Cache(folder, "ctx"), workers=1)
    assert reads == [str(repo / "a0700.md")]
    assert changed != first


def test_only_the_last_runs_are_remembered(tmp_path: Path) -> None:
    memo = cache.Cache(tmp_path, "ctx")
    for number in range(20):
        memo.put_run(f"run{number:02d}", [])
    kept = sorted(path.stem for path in (tmp_path / "runs").glob("*.json"))
    assert len(kept) == 16 and "run19" in kept
    assert memo.get_run("run19") == [] and memo.get_run("nothing") is None
    assert not (tmp_path / "results-v5.sqlite").exists()  # memos need no database


def test_a_date_ahead_of_now_is_judged_again_by_every_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # future-date depends on the time of the run, the cache only on its day: a date reported
    # as ahead at 00:05 may be behind by noon. Its file is never answered from the cache.
    repo, folder = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    make_repo(repo, 3)
    (repo / "ahead.md").write_text(article(publishedDateTime="2099-01-01T00:00:00Z"))
    calls = count_lints(monkeypatch)
    first = run(repo, Config(), workers=1, cache=cache.Cache(folder, "ctx"))
    assert "future-date" in {p["code"] for p in first} and len(calls) == 4
    again = run(repo, Config(), workers=1, cache=cache.Cache(folder, "ctx"))
    assert again == first and calls[4:] == [str(repo / "ahead.md")]


def test_a_file_changed_within_a_time_step_of_the_run_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file rewritten within the file system's time step of its stat keeps the stat, not
    # the bytes; so a stat that recent is not kept, and the next run reads the file again.
    repo, folder = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    make_repo(repo, 3)
    config = Config()
    jobs = batch.jobs_for(list(discovery.discover([str(repo)], config, with_stat=True)), config)
    stats = [(job.found.name, job.found.stat) for job in jobs]
    assert all(stat is not None for _, stat in stats)
    monkeypatch.setattr(rerun, "RACY_NS", 3600 * 10**9)  # every file is "just changed"
    batch.lint_run(jobs, config, cache=cache.Cache(folder, "ctx"), workers=1)
    known = cache.Cache(folder, "ctx")
    assert [known.stat_key(name, stat) for name, stat in stats if stat] == [None] * 3
    monkeypatch.setattr(rerun, "RACY_NS", 0)
    batch.lint_run(jobs, config, cache=cache.Cache(folder, "another"), workers=1)
    known = cache.Cache(folder, "ctx")
    assert None not in [known.stat_key(name, stat) for name, stat in stats if stat]
