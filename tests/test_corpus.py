"""The linter on real data and on a labelled synthetic corpus (skipped without ../shared)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import SHARED, needs_shared

from linter.config import Config
from linter.engine.batch import lint_paths

REAL = SHARED / "corpus" / "real"
pytestmark = needs_shared


def news_folders() -> list[Path]:
    return sorted(p for p in REAL.glob("*/_news") if p.is_dir())


@pytest.mark.parametrize("folder", news_folders(), ids=lambda p: p.parent.name)
def test_real_news_folders_lint_clean_of_schema_errors(folder: Path) -> None:
    problems = lint_paths([str(folder)], Config())
    schema_codes = {
        "missing-field",
        "wrong-type",
        "invalid-value",
        "unknown-field",
        "invalid-yaml",
        "invalid-date",
    }
    assert [p for p in problems if p.code in schema_codes] == []
    assert len({p.file for p in problems if p.severity.value == "error"}) <= 30


def test_real_defects_are_reported() -> None:
    folder = REAL / "everyday-cc__powerapps" / "_news"
    problems = lint_paths([str(folder)], Config())
    padded_titles = [p for p in problems if p.code == "padded-text" and p.pointer == "/title"]
    assert len(padded_titles) == 7
    assert any(p.code == "duplicate-url" and p.pointer == "/originalUrl" for p in problems)
    assert any(p.code == "insecure-url" and p.pointer.startswith("/images/") for p in problems)


def test_whole_real_corpus_never_crashes() -> None:
    problems = lint_paths([str(REAL)], Config())
    assert not [p for p in problems if p.code == "internal-error"]


def test_crlf_copies_parse() -> None:
    folder = REAL / "SmartableAI__microsoft-power-apps" / "_news"
    crlf = [p for p in folder.iterdir() if b"\r\n" in p.read_bytes()]
    assert crlf
    problems = lint_paths([str(p) for p in crlf], Config())
    assert not [p for p in problems if p.code in {"invalid-yaml", "missing-front-matter"}]


def test_labelled_corpus_score(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    subprocess.run(
        [sys.executable, str(SHARED / "corpus" / "make_corpus.py"), str(corpus), "--files", "600"],
        check=True,
        capture_output=True,
    )
    labels = [json.loads(line) for line in (corpus / "labels.jsonl").read_text().splitlines()]
    problems = lint_paths([str(corpus)], Config())
    by_file: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for p in problems:
        by_file[Path(p.file).relative_to(corpus).as_posix()].append(
            (p.pointer, p.line, p.severity.value)
        )
    report = tmp_path / "r.json"
    report.write_text(json.dumps([p.as_dict() for p in problems]))
    done = subprocess.run(
        [sys.executable, str(SHARED / "corpus" / "score.py"), str(corpus), str(report), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    summary = json.loads(done.stdout[: done.stdout.rindex("}") + 1])
    assert summary["recall"] >= 0.99
    assert summary["on_line"] >= 0.97 * summary["found"]
    assert summary["clean_files_with_errors"] == 0
    assert len(labels) == 600
