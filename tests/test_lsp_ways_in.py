"""One answer: for each file of a project, the language server reports what the command line's
whole-tree run from the project's top reports for it, each finding once.

The project has what tells the ways in apart: articles of the bundled format (a duplicate pair,
an impossible date, a padded title after non-ASCII text), a user schema for ``blog/`` through
``[[schemas]]``, ``[fields]``, duplicate titles compared within groups of paths, a folder with
a configuration of its own, TOML front matter and a YAML 1.1 ``draft: yes``. The server is the real one, a
subprocess spoken to over stdio; LSP counts lines from 0 and columns in UTF-16 code units.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import article, replace

pytest.importorskip("pygls")

from test_lsp import Client, open_document

Finding = tuple[str, str, int, int, str, str]  # file, code, line, column, severity, message

BLOG_SCHEMA = {
    "type": "object",
    "required": ["title", "date"],
    "properties": {
        "title": {"type": "string", "description": "The post's headline."},
        "date": {"type": "string", "format": "date"},
        "draft": {"type": "boolean"},
        "link": {"type": "string", "format": "uri"},
        "summary": {"type": "string"},
    },
}


def news(slug: str, **fields: str) -> str:
    """An article of the bundled format with its own URLs (the twins share theirs)."""
    url = f'"https://harbour-news.example.com/2023/11/{slug}/"'
    return article(originalUrl=url, webUrl=url, **fields)


FILES = {
    "_news/good.md": news("good", title='"A good article"'),
    "_news/bad-date.md": news(
        "bad-date", title='"An impossible date"', publishedDateTime="2023-02-30T01:31:00Z"
    ),
    # Problems after non-ASCII text: columns differ in code points and in UTF-16 units.
    "_news/padded.md": replace(
        "topics:\n  - AI Ethics\n  - AI\n",
        'topics: ["🌊 AI", "🌊 AI"]\n',
        news("padded", title='"🌊 Ports "'),
    ),
    "_news/twin-a.md": news("twin"),
    "_news/twin-b.md": news("twin"),
    # The blog's title, in another group of duplicate-title: not a duplicate.
    "_news/hello.md": news("hello", title="Hello"),
    "blog/post.md": (
        "---\ntitle: Hello\ndate: 2023-02-30\ndraft: yes\nlink: http://e.org/\n"
        'summary: " Padded, a text by [fields]"\n---\nB\n'
    ),
    "blog/other.md": "---\ntitle: Hello\ndate: 2023-01-02\n---\nbody\n",
    # A folder with a configuration of its own: its files are compared with one another,
    # not with the other articles (one has their URL), and named from the project's top.
    "notes/b.md": news("notes", title='" Padded, not here"'),
    "notes/deep/c.md": news("notes", title='" Padded, not here"'),
    "_news/notes.md": news("notes", title='"Notes, elsewhere"'),
    "blog/toml.md": '+++\ntitle = " Hello 🌊"\ndate = "2023-13-01"\n+++\nbody\n',
}
CONFIG = """
[[schemas]]
files = ["blog/**"]
schema = "blog.schema.json"

[fields]
texts = { add = ["/summary"] }

[rules.duplicate-title]
scope = "groups"
groups = ["_news/**", "blog/**"]
"""
SEVERITIES = {1: "error", 2: "warning", 3: "info"}


def build(root: Path) -> None:
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "blog.schema.json").write_text(json.dumps(BLOG_SCHEMA))
    (root / ".article-lint.toml").write_text(CONFIG)
    (root / "notes" / ".article-lint.toml").write_text('ignore = ["padded-text"]\n')


def whole_tree(root: Path) -> Counter[Finding]:
    """``article-lint --format json .`` run from ``root``."""
    ran = subprocess.run(
        [sys.executable, "-m", "linter", "--format", "json", "--no-cache", "."],
        check=False,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode in (0, 1), ran.stderr
    return Counter(
        (r["file"], r["code"], r["line"], r["column"], r["severity"], r["message"])
        for r in json.loads(ran.stdout)
    )


def as_reported(name: str, text: str, diagnostic: dict[str, Any]) -> Finding:
    """A diagnostic as the command line reports it: 1-based line, column in code points."""
    start = diagnostic["range"]["start"]
    lines = text.split("\n")
    line = lines[start["line"]] if start["line"] < len(lines) else ""
    units = line.encode("utf-16-le")[: start["character"] * 2]
    column = len(units.decode("utf-16-le")) + 1
    severity = SEVERITIES[diagnostic["severity"]]
    return (name, diagnostic["code"], start["line"] + 1, column, severity, diagnostic["message"])


def test_the_server_reports_what_the_whole_tree_run_reports(tmp_path: Path) -> None:
    root = tmp_path / "site"
    build(root)
    expected = whole_tree(root)
    # What the project must show, so that the comparison means something.
    codes = {finding[1] for finding in expected}
    assert {"duplicate-url", "duplicate-title", "invalid-date", "padded-text"} <= codes
    assert {"ambiguous-value", "duplicate-item"} <= codes
    assert any(f[0] == "blog/toml.md" for f in expected)
    assert ("blog/post.md", "padded-text") in {f[:2] for f in expected}  # [fields]
    assert not any(f[0] == "_news/hello.md" for f in expected)  # duplicate-title's groups
    assert ("notes/b.md", "duplicate-url") in {f[:2] for f in expected}
    assert not any(f[0] == "_news/notes.md" for f in expected)

    # The server runs elsewhere: what it reports must not depend on its own folder.
    client = Client(tmp_path)
    try:
        client.initialize(root)
        got: Counter[Finding] = Counter()
        for name, text in FILES.items():
            uri = open_document(client, root / name, text)
            got.update(as_reported(name, text, d) for d in client.diagnostics(uri))
    finally:
        client.close()
    assert got == expected
