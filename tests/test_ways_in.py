"""One answer, whatever the way in: a differential test over one project.

The project mixes what real sites hold: articles of the bundled format (one with an
impossible date, one padded, two copies of one article), a blog under its own schema (with a
``$ref`` to a second schema file, ``[fields]``, a YAML 1.1 value and duplicate titles), a
TOML front matter, a subfolder with a configuration of its own. A whole-tree run from the
project's top is the reference; every other way in must report, for each file, exactly its
findings (file, line, column, rule, severity, message), each once.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import replace

from linter.cli import main
from linter.validation import schema

Finding = tuple[str, int, int, str, str, str]

BLOG_SCHEMA = {
    "type": "object",
    "required": ["title", "date"],
    "properties": {
        "title": {"type": "string", "maxLength": 40},
        "date": {"type": "string"},
        "link": {"type": "string", "format": "uri"},
        "draft": {"type": "boolean"},
        "author": {"$ref": "defs.schema.json#/$defs/author"},
    },
}
DEFS_SCHEMA = {"$defs": {"author": {"type": "string", "minLength": 3}}}
CONFIG = """\
date-dialect = "jekyll"

[[schemas]]
files = ["blog/**"]
schema = "blog.schema.json"

[fields]
dates = { add = ["/date"] }
"""
NESTED_CONFIG = """\
ignore = ["padded-text"]
"""


def _news(title: str, slug: str, date: str = "2023-11-09T01:31:00Z") -> str:
    """The seed article under another title, URL path and publication date."""
    text = replace('"Harbour Cities Test Shared Models for Flood Forecasting"', f'"{title}"')
    text = text.replace("harbour-cities-test-shared-models-for-flood-forecasting", slug, 2)
    return text.replace("publishedDateTime: 2023-11-09T01:31:00Z", f"publishedDateTime: {date}", 1)


def _project(root: Path) -> list[str]:
    files = {
        "_news/good.md": _news("A good article", "good"),
        "_news/bad-date.md": _news("An impossible date", "bad-date", "2023-02-30T01:31:00Z"),
        "_news/twin-a.md": _news("The same article", "same"),
        "_news/twin-b.md": _news("The same article", "same"),
        "_news/deep/padded.md": _news("  Padded title", "padded"),
        "blog/post.md": "---\ntitle: Hello\ndate: 2023-02-30 10:00:00 +0000\n"
        "link: htp://example.com/\ndraft: yes\nauthor: Al\n---\nbody\n",
        "blog/other.md": "---\ntitle: Hello\ndate: 2023-01-02 10:00:00 +0000\n---\nbody\n",
        "blog/toml.md": '+++\ntitle = "A title that is far too long for this blog"\n'
        'date = "2023-01-03 10:00:00 +0000"\n+++\nbody\n',
        "notes/sub/padded.md": _news("  Padded again", "padded-again"),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "blog.schema.json").write_text(json.dumps(BLOG_SCHEMA))
    (root / "defs.schema.json").write_text(json.dumps(DEFS_SCHEMA))
    (root / ".article-lint.toml").write_text(CONFIG)
    (root / "notes" / ".article-lint.toml").write_text(NESTED_CONFIG)
    return sorted(files)


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, list[str]]:
    root = tmp_path / "site"
    root.mkdir()
    files = _project(root)
    if shutil.which("git"):
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "site")
    return root, files


def _run(
    cwd: Path,
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    stdin: bytes | None = None,
    root: Path,
) -> Counter[Finding]:
    """Findings of one in-process run, their files (and the files messages name) as paths
    relative to the project's top."""
    monkeypatch.chdir(cwd)
    schema.load_validator.cache_clear()  # a run is a process: schemas are read anew
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    out = io.StringIO()
    code = main(["--format", "json", *args], out=out)
    assert code in (0, 1), (args, code)
    found: Counter[Finding] = Counter()

    def project_path(name: str) -> str:
        return os.path.relpath(os.path.normpath(cwd / name), root)

    for row in json.loads(out.getvalue()):
        # Files are named relative to where the command runs (absolute outside it), in the
        # report and in messages alike: compared as paths of the project.
        message = re.sub(r"[\w./-]+\.md\b", lambda m: project_path(m.group()), row["message"])
        key = (project_path(row["file"]), row["line"], row["column"], row["code"])
        found[(*key, row["severity"], message)] += 1
    return found


def _of(found: Counter[Finding], *names: str) -> Counter[Finding]:
    return Counter({k: n for k, n in found.items() if k[0] in names})


def test_every_way_in_gives_the_whole_tree_answer(
    site: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root, files = site
    no_cache = ["--no-cache"]
    whole = _run(root, [*no_cache, "."], monkeypatch, root=root)
    assert all(n == 1 for n in whole.values()), "a finding reported twice"
    codes = {k[3] for k in whole}
    # The project is a fair test: the schema, the rules, cross-file rules and both configs act.
    assert {"invalid-date", "duplicate-title", "duplicate-url", "ambiguous-value"} <= codes
    assert any(k[0] == "blog/toml.md" and k[3] == "schema-violation" for k in whole) or any(
        k[0] == "blog/toml.md" for k in whole
    )
    assert not any(k[0] == "notes/sub/padded.md" and k[3] == "padded-text" for k in whole)
    assert any(k[0] == "_news/deep/padded.md" and k[3] == "padded-text" for k in whole)

    ways: dict[str, Counter[Finding]] = {}
    ways["all files named"] = _run(root, [*no_cache, *files], monkeypatch, root=root)
    ways["each twice (a.md ./a.md)"] = _run(
        root, [*no_cache, *files, *[f"./{f}" for f in files]], monkeypatch, root=root
    )
    ways["from a subfolder, '..'"] = _run(root / "blog", [*no_cache, ".."], monkeypatch, root=root)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    ways["from outside, absolute"] = _run(outside, [*no_cache, str(root)], monkeypatch, root=root)
    for jobs in ("1", "2"):
        ways[f"--jobs {jobs}"] = _run(
            root, [*no_cache, "--jobs", jobs, "."], monkeypatch, root=root
        )
    cache = ["--cache-dir", str(tmp_path / "cache")]
    ways["cold cache"] = _run(root, [*cache, "."], monkeypatch, root=root)
    ways["warm cache"] = _run(root, [*cache, "."], monkeypatch, root=root)
    ways["warm cache, all named"] = _run(root, [*cache, *files], monkeypatch, root=root)
    shards = [
        _run(root, [*no_cache, "--shard", f"{k}/3", "."], monkeypatch, root=root) for k in (1, 2, 3)
    ]
    ways["three shards"] = shards[0] + shards[1] + shards[2]
    for way, got in ways.items():
        assert got == whole, way

    for name in files:
        want = _of(whole, name)
        folder, base = os.path.split(name)
        alone = {
            "named": _run(root, [*no_cache, name], monkeypatch, root=root),
            "./named": _run(root, [*no_cache, f"./{name}"], monkeypatch, root=root),
            "absolute": _run(outside, [*no_cache, str(root / name)], monkeypatch, root=root),
            "from its folder": _run(root / folder, [*no_cache, base], monkeypatch, root=root),
            "warm, named": _run(root, [*cache, name], monkeypatch, root=root),
            "stdin": _run(
                root,
                [*no_cache, "--stdin-filename", name, "-"],
                monkeypatch,
                stdin=(root / name).read_bytes(),
                root=root,
            ),
            "stdin, warm": _run(
                root,
                [*cache, "--stdin-filename", name, "-"],
                monkeypatch,
                stdin=(root / name).read_bytes(),
                root=root,
            ),
        }
        for way, got in alone.items():
            assert got == want, f"{name} {way}"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_changed_since_reports_the_changed_files_as_the_whole_tree_does(
    site: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = site
    (root / "blog" / "other.md").write_text("---\ntitle: Hello\ndate: 2023-02-31 10:00\n---\n")
    (root / "_news" / "twin-b.md").write_text(_news("Another article", "another"))
    whole = _run(root, ["--no-cache", "."], monkeypatch, root=root)
    changed = _run(root, ["--no-cache", "--changed-since", "HEAD"], monkeypatch, root=root)
    assert changed == _of(whole, "blog/other.md", "_news/twin-b.md")
    from_folder = _run(
        root / "blog", ["--no-cache", "--changed-since", "HEAD"], monkeypatch, root=root
    )
    assert from_folder == changed


def test_a_schema_change_behind_a_ref_is_seen_by_a_warm_run(
    site: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root, _ = site
    cache = ["--cache-dir", str(tmp_path / "cache")]
    before = _run(root, [*cache, "."], monkeypatch, root=root)
    assert before == _run(root, [*cache, "."], monkeypatch, root=root)
    (root / "defs.schema.json").write_text(
        json.dumps({"$defs": {"author": {"type": "string", "minLength": 1}}})
    )
    after = _run(root, [*cache, "."], monkeypatch, root=root)
    assert after == _run(root, ["--no-cache", "."], monkeypatch, root=root)
    assert after != before  # "Al" was too short for the author, and is not any more


def test_files_of_two_projects_are_each_judged_by_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, limit in (("one", 5), ("two", 50)):
        (tmp_path / name).mkdir()
        (tmp_path / name / ".article-lint.toml").write_text('schema = "s.json"\n')
        (tmp_path / name / "s.json").write_text(
            json.dumps({"properties": {"title": {"type": "string", "maxLength": limit}}})
        )
        (tmp_path / name / "post.md").write_text("---\ntitle: A longer title\n---\n")
    home = tmp_path / "home"
    home.mkdir()
    both = _run(
        home,
        ["--no-cache", str(tmp_path / "one"), str(tmp_path / "two" / "post.md")],
        monkeypatch,
        root=tmp_path,
    )
    assert {k[0] for k in both} == {"one/post.md"}
