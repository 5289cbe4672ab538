"""Every problem, whatever stage found it, is judged in one place: select, ignore,
per-file-ignores, severity and suppression comments apply alike."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import seed_text

from linter.cli import main


def lint(*args: str) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    code = main(["--format", "json", "--no-cache", *args], out=out)
    return code, json.loads(out.getvalue())


def test_a_broken_link_can_be_ignored(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(seed_text())
    os.symlink(tmp_path / "nowhere.md", tmp_path / "broken.md")
    code, problems = lint(str(tmp_path / "good.md"), str(tmp_path / "broken.md"))
    assert code == 1 and [p["code"] for p in problems] == ["unreadable-file"]
    assert lint("--ignore", "unreadable-file", str(tmp_path / "broken.md")) == (0, [])
    (tmp_path / ".article-lint.toml").write_text('[severity]\n"unreadable-file" = "warning"\n')
    config = str(tmp_path / ".article-lint.toml")
    code, problems = lint("--config", config, str(tmp_path / "broken.md"))
    assert code == 0 and [p["severity"] for p in problems] == ["warning"]


@pytest.fixture
def dead(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    pytest.importorskip("aiohttp")
    from httpserver import serve, write_article

    with serve("127.0.0.1") as (base, _):
        write_article(tmp_path, "dead", base, base + "/404")
        yield tmp_path, base


def online(folder: Path, *extra: str) -> tuple[int, list[str]]:
    code, problems = lint(
        "--online", "--allow-host", "127.0.0.1", "--timeout", "2", *extra, str(folder)
    )
    # The test server speaks http: insecure-url warnings are not this test's matter.
    return code, [f"{p['code']}:{p['severity']}" for p in problems if p["code"] == "dead-link"]


def test_online_problems_follow_the_configuration(dead: tuple[Path, str]) -> None:
    folder, _ = dead
    assert online(folder) == (1, ["dead-link:error"])
    assert online(folder, "--ignore", "dead-link") == (0, [])
    assert online(folder, "--select", "wrong-type") == (0, [])
    config = folder.parent / f"{folder.name}.toml"
    config.write_text('[severity]\n"dead-link" = "warning"\n')
    assert online(folder, "--config", str(config)) == (0, ["dead-link:warning"])
    config.write_text('[per-file-ignores]\n"*.md" = ["dead-link"]\n')
    assert online(folder, "--config", str(config)) == (0, [])


def test_online_problems_can_be_suppressed_inline(dead: tuple[Path, str]) -> None:
    folder, _ = dead
    article = folder / "dead.md"
    text = article.read_text()
    article.write_text(text.replace("---\n", "---\n# article-lint: disable-file=dead-link\n", 1))
    assert online(folder) == (0, [])
