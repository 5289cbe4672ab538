"""``$schema`` in the front matter: the article's own schema, and what cannot be used."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter.cli import main
from linter.validation import schema


def _codes(*argv: str) -> list[tuple[str, int, str]]:
    schema.load_validator.cache_clear()  # each run a process of its own
    out = io.StringIO()
    main(["--format", "json", *argv], out=out)
    return sorted((p["file"], p["line"], p["code"]) for p in json.loads(out.getvalue()))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "schemas").mkdir()
    (tmp_path / "posts").mkdir()
    post = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"title": {"type": "string", "maxLength": 10}},
    }
    (tmp_path / "schemas" / "post.json").write_text(json.dumps(post))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_article_is_judged_by_the_schema_it_names(site: Path) -> None:
    (site / "posts" / "a.md").write_text(
        "---\n$schema: ../schemas/post.json\ntitle: Too long a title\n---\n"
    )
    # The key itself is not judged (additionalProperties is false), the title is.
    assert _codes("--no-cache", "posts") == [("posts/a.md", 3, "invalid-value")]


def test_a_schema_that_cannot_be_used_is_reported_at_the_key(site: Path) -> None:
    outside = site.parent / "outside.json"
    outside.write_text("{}")
    for name, named in (
        ("a", "../schemas/none.json"),
        ("b", str(outside)),
        ("c", "https://example.com/s.json"),
    ):
        (site / "posts" / f"{name}.md").write_text(f"---\n$schema: {named}\ntitle: x\n---\n")
    found = _codes("--no-cache", "--select", "unusable-schema", "posts")
    assert found == [(f"posts/{n}.md", 2, "unusable-schema") for n in "abc"]


def test_a_change_to_the_named_schema_is_seen_by_a_warm_run(site: Path, tmp_path: Path) -> None:
    (site / "posts" / "a.md").write_text("---\n$schema: ../schemas/post.json\ntitle: Short\n---\n")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert _codes(*cache, "posts") == []
    assert _codes(*cache, "posts") == []
    stricter = {"properties": {"title": {"type": "string", "maxLength": 2}}}
    (site / "schemas" / "post.json").write_text(json.dumps(stricter))
    assert _codes(*cache, "posts") == [("posts/a.md", 3, "invalid-value")]
