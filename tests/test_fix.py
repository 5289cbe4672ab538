"""Autofix: --diff writes nothing, --fix changes only the spans of fixable problems."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED, article, needs_shared, replace

from linter import edits
from linter.cli import main
from linter.config import Config
from linter.engine import fix
from linter.engine.runner import lint_bytes

FIXABLE = {"padded-text", "duplicate-item", "non-canonical-domain", "duplicate-key"}


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main([*argv, "--no-cache"], out=out), out.getvalue()


def messy() -> str:
    text = article(title='"\u00a0Harbour news\t"')
    text = replace("  - AI\n", "  - AI\n  - AI Ethics\n", text)
    text = replace("domain: harbour-news.example.com", "domain: Harbour-News.example.com.", text)
    text = replace("\ntype: article\n", "\ntype: article\ntype: article\n", text)
    return replace(
        "      name: Coastal Weekly", "      name: '  Coastal Weekly'  # keep this comment", text
    )


def test_diff_prints_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(messy())
    before = Path("a.md").read_bytes()
    code, out = run("--diff", "a.md")
    assert code == 1 and Path("a.md").read_bytes() == before
    assert out.startswith("--- a/a.md\n+++ b/a.md\n")
    assert "-  domain: Harbour-News.example.com.\n+  domain: harbour-news.example.com\n" in out
    assert run("--diff", "a.md")[0] == 1


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_fix_changes_only_what_it_must(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newline: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("a.md")
    path.write_bytes(messy().replace("\n", newline).encode())
    path.chmod(0o640)
    before = path.read_bytes().decode().split(newline)
    code, out = run("--fix", "--format", "json", "a.md")
    after = path.read_bytes().decode().split(newline)
    assert (code, json.loads(out)) == (0, [])
    assert path.stat().st_mode & 0o777 == 0o640
    assert len(before) - len(after) == 2  # a repeated topic and a repeated key, both removed
    changed = [line for line in after if line not in before]
    assert changed == [
        'title: "Harbour news"',
        "  domain: harbour-news.example.com",
        "      name: 'Coastal Weekly'  # keep this comment",
    ]
    snapshot = path.read_bytes()
    assert run("--fix", "a.md")[0] == 0 and path.read_bytes() == snapshot  # idempotent
    assert not list(tmp_path.glob(".a.md.*"))  # no temporary file left behind


def test_unsafe_cases_are_reported_not_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = replace("\ntype: article\n", "\ntype: article\ntype: video\n")  # values differ
    text = replace('excerpt: "Three', "excerpt: |\n  Three", text).replace(
        'published the weights."', "published the weights.  "
    )
    Path("a.md").write_text(text)
    code, _ = run("--fix", "a.md")
    assert code == 1 and Path("a.md").read_text() == text


def test_plain_values_that_would_change_type_get_quoted() -> None:
    text = article(category="\u00a0123")
    outcome = fix.fix_file(
        "a.md", text.encode(), list(lint_bytes("a.md", text.encode(), Config()).problems), Config()
    )
    assert outcome.after is not None and b'category: "123"\n' in outcome.after


def test_flow_list_duplicate() -> None:
    text = replace("topics:\n  - AI Ethics\n  - AI\n", "topics: [AI, AI Ethics, AI]\n")
    problems = list(lint_bytes("a.md", text.encode(), Config()).problems)
    outcome = fix.fix_file("a.md", text.encode(), problems, Config())
    assert outcome.after is not None and b"topics: [AI, AI Ethics]\n" in outcome.after


def test_a_fix_that_breaks_the_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    text = article(title='" Harbour news"')
    problems = list(lint_bytes("a.md", text.encode(), Config()).problems)
    import linter.rules.padded_text as padded

    monkeypatch.setattr(
        padded, "replace_scalar", lambda doc, pointer, value: [edits.Edit(0, 3, "[[[")]
    )
    outcome = fix.fix_file("a.md", text.encode(), problems, Config())
    assert outcome.after is None and "would not parse" in outcome.refused


@needs_shared
def test_labelled_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "c"
    subprocess.run(
        [sys.executable, str(SHARED / "corpus" / "make_corpus.py"), str(corpus), "--files", "300"],
        check=True,
        capture_output=True,
    )
    for i, pad in enumerate([" ", "\t", "\u00a0"]):
        (corpus / f"padded{i}.md").write_text(
            article(
                title=f'"{pad}Padded {i}{pad}"',
                originalUrl=f'"https://harbour-news.example.com/p{i}/"',
            )
        )
    monkeypatch.chdir(corpus)
    before_files = {p: p.read_bytes() for p in corpus.rglob("*.md")}
    _, out = run("--format", "json", ".")
    before = json.loads(out)
    fixable_files = {str(corpus / p["file"]) for p in before if p["code"] in FIXABLE}
    assert run("--diff", ".")[0] == 1
    assert {p: p.read_bytes() for p in corpus.rglob("*.md")} == before_files
    run("--fix", ".")
    _, out = run("--format", "json", ".")
    after = json.loads(out)
    assert not [p for p in after if p["code"] in FIXABLE]
    old = {(p["file"], p["code"], p["message"]) for p in before}
    assert [p for p in after if (p["file"], p["code"], p["message"]) not in old] == []
    lines_with_fixable = {
        (str(corpus / p["file"]), p["line"]) for p in before if p["code"] in FIXABLE
    }
    for path, data in before_files.items():
        now = path.read_bytes()
        if str(path) not in fixable_files:
            assert now == data, path
            continue
        old_lines, new_lines = data.splitlines(), now.splitlines()
        for number, line in enumerate(old_lines, 1):
            if line not in new_lines:
                assert (str(path), number) in lines_with_fixable, (path, number)
    snapshot = {p: p.read_bytes() for p in corpus.rglob("*.md")}
    run("--fix", ".")
    assert {p: p.read_bytes() for p in corpus.rglob("*.md")} == snapshot
    shutil.rmtree(corpus)
