"""The tree under review is untrusted: its cache folder, its links and its configuration can
hide no problem, touch nothing outside it and widen no network access."""

from __future__ import annotations

import io
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import article

from linter.cli import main
from linter.engine import cache
from linter.guard import signing

BAD = article(publishedDateTime="2023-02-30T01:31:00Z")  # an impossible date: invalid-date


def run(*argv: str) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    code = main([*argv, "--format", "json"], out=out)
    return code, json.loads(out.getvalue()) if out.getvalue() else []


def use_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Run as the user whose cache folder (and cache secret) is ``home``."""
    monkeypatch.setenv("ARTICLE_LINT_CACHE_HOME", str(home))


def forge(folder: Path, secret: bytes) -> None:
    """What an attacker does on their own machine: every entry says "no problems", signed
    with their own secret, ready to be committed with the pull request."""
    signer = signing.Signer(secret)
    empty = '{"p":[],"f":[],"sl":{},"sf":[]}'
    db = sqlite3.connect(folder / "results-v5.sqlite")
    with db:
        for (key,) in db.execute("SELECT key FROM results").fetchall():
            db.execute(
                "UPDATE results SET value = ?, mac = ? WHERE key = ?",
                (empty, signer.mac(key, empty), key),
            )
    db.close()
    for memo in (folder / "runs").glob("*.json"):
        memo.write_bytes(signer.mac(memo.stem, b"[]").encode() + b"[]")


def test_a_committed_cache_hides_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    monkeypatch.chdir(tree)
    Path("bad.md").write_text(BAD)
    attacker = tmp_path / "attacker"
    use_home(monkeypatch, attacker)
    code, honest = run("--cache-dir", ".article-lint-cache", ".")
    assert code == 1 and "invalid-date" in {p["code"] for p in honest}
    forge(tree / ".article-lint-cache", signing.machine_secret())
    # The forgery works where its key is known (the attacker's machine)...
    assert run("--cache-dir", ".article-lint-cache", ".") == (0, [])
    # ...and nowhere else: CI's machine has its own secret, so every entry is a miss.
    use_home(monkeypatch, tmp_path / "ci")
    assert run("--cache-dir", ".article-lint-cache", ".") == (code, honest)


def test_a_tampered_entry_is_a_miss(tmp_path: Path) -> None:
    folder, secret = tmp_path / "cache", b"k" * 32
    from linter.model import FileResult

    store = cache.Cache(folder, "ctx", secret)
    store.put_many([("key", FileResult("a.md", ()))])
    store.close()
    db = sqlite3.connect(folder / "results-v5.sqlite")
    with db:
        db.execute("""UPDATE results SET value = '{"p":[],"f":[],"sl":{},"sf":["*"]}'""")
    db.close()
    assert cache.Cache(folder, "ctx", secret).get_many(["key"], {"key": "a.md"}) == {}


@pytest.mark.parametrize(
    "value",
    [
        '{"p":[[1e400,1,"x","error","m",""]],"f":[],"sl":{},"sf":[]}',
        "[" * 100_000 + "]" * 100_000,
        '{"p":[],"f":[[1,2,3]],"sl":{"x":1},"sf":7}',
        '"just a string"',
    ],
)
def test_a_value_of_any_shape_is_a_miss_never_a_crash(tmp_path: Path, value: str) -> None:
    """Even correctly signed (a bug, or a secret that leaked): decoding never raises."""
    folder, secret = tmp_path / "cache", b"k" * 32
    store = cache.Cache(folder, "ctx", secret)
    store.put_many([])
    db = sqlite3.connect(folder / "results-v5.sqlite")
    with db:
        db.execute(
            "INSERT INTO results VALUES (?, ?, ?)",
            ("key", value, signing.Signer(secret).mac("key", value)),
        )
    db.close()
    assert cache.Cache(folder, "ctx", secret).get_many(["key"], {"key": "a.md"}) == {}
    runs = folder / "runs"
    runs.mkdir(exist_ok=True)
    (runs / "memo.json").write_bytes(
        signing.Signer(secret).mac("memo", value.encode()).encode() + value.encode()
    )
    assert cache.Cache(folder, "ctx", secret).get_run("memo") is None


def test_links_in_the_cache_folder_reach_nothing_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    (tree / ".article-lint-cache").mkdir(parents=True)
    outside.mkdir()
    for i in range(20):
        (outside / f"keep{i}.json").write_text("{}")
    (tree / ".article-lint-cache" / "runs").symlink_to(outside, target_is_directory=True)
    (tree / ".article-lint-cache" / ".gitignore").symlink_to(outside / "created")
    (tree / "linked-cache").symlink_to(outside, target_is_directory=True)
    monkeypatch.chdir(tree)
    Path("bad.md").write_text(BAD)
    before = sorted(p.name for p in outside.iterdir())
    for folder in (".article-lint-cache", "linked-cache", ".article-lint-cache/runs"):
        for _ in range(2):
            code, problems = run("--cache-dir", folder, ".")
            assert code == 1 and "invalid-date" in {p["code"] for p in problems}
    assert sorted(p.name for p in outside.iterdir()) == before  # nothing made, nothing pruned


def test_the_default_cache_is_outside_the_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree, home = tmp_path / "tree", tmp_path / "home"
    tree.mkdir()
    use_home(monkeypatch, home)
    monkeypatch.chdir(tree)
    Path("bad.md").write_text(BAD)
    assert run(".")[0] == 1 and run(".")[0] == 1
    assert sorted(p.name for p in tree.iterdir()) == ["bad.md"]
    assert (home / "secret").stat().st_mode & 0o777 == 0o600
    assert list((home / "projects").glob("*/results-v5.sqlite"))


def test_a_link_out_of_the_tree_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree, elsewhere = tmp_path / "tree", tmp_path / "elsewhere"
    tree.mkdir()
    elsewhere.mkdir()
    (elsewhere / "secret.yaml").write_text("---\ntoken: hunter2-secret-value\n---\n")
    (tree / "notes.md").symlink_to(elsewhere / "secret.yaml")
    (tree / "inside.md").symlink_to("real.md")
    (tree / "real.md").write_text(article(title='" padded"'))
    monkeypatch.chdir(tree)
    for argv in ((".",), ("notes.md", "inside.md"), ("--fix", "notes.md")):
        out = io.StringIO()
        main([*argv, "--no-cache"], out=out)
        report = out.getvalue()
        assert "hunter2" not in report and "token" not in report
        assert "notes.md:1:1: error [unreadable-file] not read: the file is a link to " in report
        assert "outside" in report
    assert (tree / "notes.md").is_symlink()
    _, problems = run("--no-cache", "inside.md")  # a link inside the tree is read as usual
    assert [p["code"] for p in problems] == ["padded-text"]


@pytest.mark.skipif(not Path("/proc/self/pagemap").exists(), reason="needs Linux /proc")
def test_special_files_are_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("pagemap.md").symlink_to("/proc/self/pagemap")  # endless: read until memory runs out
    Path("kmsg.md").symlink_to("/proc/kmsg")  # blocks forever
    os.mkfifo("fifo.md")
    _, problems = run("--no-cache", ".")
    # A walk lists regular files only (the FIFO is not among them); the links lead outside.
    assert [(p["file"], p["code"]) for p in problems] == [
        ("kmsg.md", "unreadable-file"),
        ("pagemap.md", "unreadable-file"),
    ]
    _, named = run("--no-cache", "fifo.md", "/proc/self/pagemap")
    # Only a head is read, whatever a file holds: the endless one ends as what its head is.
    assert [p["message"] for p in named] == [
        "file is binary (contains NUL bytes); expected text",
        "not read: the file is a FIFO; expected a regular file",
    ]


def test_the_configuration_cannot_allow_private_addresses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".article-lint.toml").write_text('allow-hosts = ["0.0.0.0/0", "::/0"]\n')
    Path("a.md").write_text(article())
    assert main(["--no-cache", "--online", "."]) == 2
    error = capsys.readouterr().err
    assert "allow-hosts cannot be set in a configuration file" in error
    assert "--allow-host" in error and "ARTICLE_LINT_ALLOW_HOSTS" in error


# --- online: one bad URL is one problem, and every run ends -----------------------------


def test_a_malformed_url_is_one_problem_and_the_run_goes_on(tmp_path: Path) -> None:
    pytest.importorskip("aiohttp")
    from httpserver import lint_online, online_codes, serve, write_article

    with serve("127.0.0.1") as (base, _):
        write_article(tmp_path, "port", base, "http://example.com:99999/")
        write_article(tmp_path, "ipv6", base, "http://[::1/x")
        write_article(tmp_path, "location", base, base + "/bad-location")
        write_article(tmp_path, "location6", base, base + "/bad-ipv6-location")
        write_article(tmp_path, "fine", base, base + "/404")
        problems = lint_online(tmp_path)
    for name in ("port", "ipv6", "location", "location6", "fine"):
        assert online_codes(problems, name) == [("dead-link", "error", "/webUrl")], name
    messages = {Path(str(p["file"])).stem: str(p["message"]) for p in problems}
    assert "not a valid url: port out of range" in messages["port"]
    assert "redirects to a malformed address 'http://example.com:99999/'" in messages["location"]


def test_a_host_that_never_answers_is_given_up(tmp_path: Path) -> None:
    pytest.importorskip("aiohttp")
    from httpserver import black_hole, lint_online, online_codes, serve, write_article

    with serve("127.0.0.1") as (base, _), black_hole("127.0.0.3") as (hole, accepted):
        for i in range(20):
            write_article(tmp_path, f"a{i:02d}", base, f"{hole}/page{i}")
        problems = lint_online(tmp_path, "--allow-host", "127.0.0.3", "--timeout", "0.5")
    for i in range(20):
        assert online_codes(problems, f"a{i:02d}") == [("unverifiable-link", "warning", "/webUrl")]
    # 20 links x 3 attempts would be 60 requests: the host is given up after a few.
    assert accepted[0] <= 8
    given_up = [p for p in problems if "given up for this run" in str(p["message"])]
    assert len(given_up) >= 12


def test_an_endless_retry_after_is_not_waited_for(tmp_path: Path) -> None:
    pytest.importorskip("aiohttp")
    from httpserver import lint_online, online_codes, serve, write_article

    with serve("127.0.0.1") as (base, site):
        write_article(tmp_path, "limited", base, base + "/forever429")
        problems = lint_online(tmp_path)
        assert site.requests["/forever429"] == 1  # asked once, never again after "inf"
    assert online_codes(problems, "limited") == [("unverifiable-link", "warning", "/webUrl")]
    assert "expected at most 30s in all" in str(problems[0]["message"])


def test_the_budget_ends_the_run_with_what_it_has(tmp_path: Path) -> None:
    pytest.importorskip("aiohttp")
    from httpserver import lint_online, online_codes, serve, write_article

    with serve("127.0.0.1") as (base, _):
        write_article(tmp_path, "slow", base, base + "/stall")  # answers after 20 s
        write_article(tmp_path, "quick", base, base + "/404")
        problems = lint_online(tmp_path, "--online-budget", "1.5", "--timeout", "30")
    assert online_codes(problems, "quick") == [("dead-link", "error", "/webUrl")]
    assert online_codes(problems, "slow") == [("unverifiable-link", "warning", "/webUrl")]
    slow = next(p for p in problems if str(p["file"]).endswith("slow.md"))
    assert "the online budget of 1.5s ran out" in str(slow["message"])


# --- clean endings ------------------------------------------------------------------------


def test_a_closed_pipe_and_ctrl_c_end_quietly(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    for i in range(1500):
        (tmp_path / f"a{i:03d}.md").write_text(BAD.replace("Harbour", f"Harbour {i}"))
    command = [sys.executable, "-m", "linter", "--no-cache", "--statistics", str(tmp_path)]
    # | head -1: the reader goes away after one line.
    piped = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert piped.stdout is not None and piped.stderr is not None
    piped.stdout.readline()
    piped.stdout.close()
    assert piped.wait(timeout=60) == 141
    assert piped.stderr.read() == b""
    # Ctrl-C reaches the whole process group, workers included.
    for delay in (0.4, 0.8):  # after start-up (its first ~0.1 s is the interpreter's)
        run = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        time.sleep(delay)
        os.killpg(run.pid, signal.SIGINT)
        _, error = run.communicate(timeout=60)
        if run.returncode == 1:  # finished before the signal came
            continue
        assert (run.returncode, error) == (130, b"article-lint: interrupted\n"), error[-500:]


def test_no_host_answering_is_the_network_not_dead_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every host failing to connect (a CI runner's outage) is said once, exit 2; one host
    failing among hosts that answer is still a dead link. (Loopback only: refused ports.)"""
    pytest.importorskip("aiohttp")
    from httpserver import lint_online, online_codes, serve, write_article

    down = tmp_path / "down"
    down.mkdir()
    write_article(down, "a", "http://127.0.0.1:1", "http://127.0.0.2:1/page")
    argv = ["--no-cache", "--online", "--allow-host", "127.0.0.0/8", str(down)]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "no host answered" in error and "offline" in error
    with serve("127.0.0.1") as (base, _):
        mixed = tmp_path / "mixed"
        mixed.mkdir()
        write_article(mixed, "a", base, "http://127.0.0.2:1/page")
        problems = lint_online(mixed, "--allow-host", "127.0.0.2")
    assert ("dead-link", "error", "/webUrl") in online_codes(problems, "a")


def test_a_named_link_between_folders_of_the_project_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a hook names it: posts/a.md -> ../shared/a.md stays inside the project."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "posts").mkdir()
    (tmp_path / "shared" / "a.md").write_text(BAD)
    (tmp_path / "posts" / "a.md").symlink_to("../shared/a.md")
    monkeypatch.chdir(tmp_path / "posts")
    _, problems = run("--no-cache", "a.md")
    assert "invalid-date" in {p["code"] for p in problems}
