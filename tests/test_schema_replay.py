"""A warm run does not load its schemas: it asks the questions their loads asked of the file
system again (``linter.validation.inputs``), and a schema whose answers changed in any way
is loaded again. Each test is a way a kept load could go stale."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from linter.cli import main
from linter.validation import inputs, schema

SCHEMA = {
    "type": "object",
    "properties": {"title": {"type": "string"}, "author": {"$ref": "defs.json#/$defs/author"}},
}
DEFS = {"$defs": {"author": {"type": "string", "minLength": 3}}}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / ".article-lint.toml").write_text('schema = "s.json"\n')
    (root / "s.json").write_text(json.dumps(SCHEMA))
    (root / "defs.json").write_text(json.dumps(DEFS))
    (root / "post.md").write_text("---\ntitle: Hello\nauthor: Al\n---\nbody\n")
    monkeypatch.chdir(root)
    return root


def run(*args: str, cache: bool = True) -> tuple[int, list[tuple[str, str]]]:
    """Exit code and (rule, message) of each problem of one in-process run."""
    schema.load_validator.cache_clear()  # a run is a process: schemas are read anew
    out = io.StringIO()
    where = ["--cache-dir", "cache"] if cache else ["--no-cache"]
    code = main(["--format", "json", *where, *args], out=out)
    found = json.loads(out.getvalue()) if code in (0, 1) else []
    return code, [(row["code"], row["message"]) for row in found]


def unloadable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any schema load in this process fail loudly."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the schema was loaded")

    monkeypatch.setattr(schema, "_load", refuse)


def test_a_warm_run_asks_again_instead_of_loading(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run(".")
    assert first[0] == 1  # "Al" is too short
    unloadable(monkeypatch)
    assert run(".") == first
    assert run("post.md") == first  # the hook's way in too


def test_a_ref_file_rewritten_with_the_same_size_and_times_is_seen(project: Path) -> None:
    before = run(".")
    defs = project / "defs.json"
    status = defs.stat()
    changed = json.dumps(DEFS).replace('"minLength": 3', '"minLength": 1')
    assert len(changed) == status.st_size
    defs.write_text(changed)
    os.utime(defs, ns=(status.st_atime_ns, status.st_mtime_ns))
    after = run(".")
    assert after == run(".", cache=False)
    assert after != before


def test_a_new_ref_is_seen(project: Path) -> None:
    run(".")
    (project / "more.json").write_text(json.dumps({"type": "string", "maxLength": 2}))
    changed = dict(SCHEMA, properties={**SCHEMA["properties"], "title": {"$ref": "more.json"}})  # type: ignore[dict-item]
    (project / "s.json").write_text(json.dumps(changed))
    after = run(".")
    assert after == run(".", cache=False)
    assert any("title" in message for _, message in after[1])


def test_a_schema_broken_after_a_warm_run_is_a_usage_error(project: Path) -> None:
    run(".")
    run(".")
    (project / "s.json").write_text(json.dumps({**SCHEMA, "type": 12}))
    assert run(".")[0] == 2
    (project / "s.json").write_text(json.dumps(SCHEMA))
    (project / "defs.json").unlink()  # the $ref leads nowhere
    assert run(".")[0] == 2


def test_a_ref_file_replaced_by_a_link_to_another_is_seen(project: Path) -> None:
    before = run(".")
    (project / "other.json").write_text(json.dumps({"$defs": {"author": {"type": "string"}}}))
    (project / "defs.json").unlink()
    (project / "defs.json").symlink_to("other.json")
    after = run(".")
    assert after == run(".", cache=False)
    assert after != before


def test_a_kept_load_that_was_tampered_with_is_not_trusted(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = run(".")
    kept = list((project / "cache").glob("load-*.json"))
    assert len(kept) == 1
    data = kept[0].read_bytes()
    # Questions that would replay whatever the schema holds: none at all.
    kept[0].write_bytes(data[:32] + b"[[],null]")
    (project / "defs.json").write_text(json.dumps({"$defs": {"author": {"type": "string"}}}))
    after = run(".")
    assert after == run(".", cache=False)
    assert after != before


def test_a_load_in_a_run_gets_the_answers_its_cache_key_was_made_of(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"type": "object", "maxProperties": 1}))
    schema.load_validator.cache_clear()
    kept = list(schema.load_validator(path).questions)
    answers = schema.replayed(kept)
    assert answers is not None
    inputs.pin("test", kept, answers)
    try:
        path.write_text(json.dumps({"type": "object", "maxProperties": 9}))
        assert schema.replayed(kept) is None  # the file changed: a later run loads again
        schema.load_validator.cache_clear()
        pinned = schema.load_validator(path)
        assert pinned.schema["maxProperties"] == 1  # this run: what its cache key says
        assert list(pinned.questions) == kept
    finally:
        inputs.unpin()
        schema.load_validator.cache_clear()
    assert schema.load_validator(path).schema["maxProperties"] == 9


def test_every_kind_of_answer_is_compared(tmp_path: Path) -> None:
    present = tmp_path / "a.json"
    present.write_text("{}")
    absent = str(tmp_path / "b.json")
    with inputs.recording() as asked:
        inputs.files.is_file(absent)
        inputs.files.real(str(present))
        inputs.files.read(str(present))
        inputs.files.read(absent)
    kept = list(inputs.questions(asked))
    assert inputs.replay(kept) is not None
    Path(absent).write_text("{}")  # a file where there was none
    assert inputs.replay(kept) is None
    Path(absent).unlink()
    present.write_text("{ }")  # other bytes
    assert inputs.replay(kept) is None
    present.write_text("{}")
    assert inputs.replay(kept) is not None
    assert inputs.replay([*kept, ("fetch", "https://example.com/s.json", "s{}")]) is None


def test_a_remote_load_is_never_replayed() -> None:
    assert schema.load_name(Path("s.json"), remote=()) is None
    assert schema.load_name(Path("s.json")) is not None
    assert schema.load_name(None) is not None


def test_a_schema_needed_by_a_warm_run_is_not_checked_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(".")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the schema was checked again")

    monkeypatch.setattr(schema, "_check_schema", refuse)
    (project / "post.md").write_text("---\ntitle: Hello\nauthor: Alice\n---\nbody\n")
    assert run(".") == (0, [])  # the changed file was linted, with the schema loaded
    (project / "post.md").write_text("---\ntitle: 12\nauthor: Al\n---\nbody\n")
    code, found = run(".")
    assert code == 1
    assert sorted(rule for rule, _ in found) == ["invalid-value", "wrong-type"]


def test_a_hook_whose_file_the_cache_knows_loads_no_schema(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / ".article-lint.toml").write_text(
        'schema = "s.json"\n[rules.duplicate-url]\nfields = ["/slug"]\n'
    )
    (project / "post.md").write_text("---\ntitle: Hello\nslug: a/b\nauthor: Al\n---\n")
    (project / "other.md").write_text("---\ntitle: Hello\nslug: a/b\nauthor: Alice\n---\n")
    first = run(".")
    assert {rule for rule, _ in first[1]} == {"duplicate-url", "invalid-value"}
    unloadable(monkeypatch)
    hook = run("post.md")  # compared with other.md for the cross-file rules
    assert {rule for rule, _ in hook[1]} == {rule for rule, _ in first[1]}
    os.utime(project / "post.md")  # touched: read again, answered by its bytes' entry
    assert run("post.md") == hook


def test_a_field_map_is_kept_whole(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {
                "properties": {
                    "date": {"type": "string", "format": "date-time"},
                    "link": {"type": "string", "format": "uri"},
                    "cover": {
                        "type": "object",
                        "properties": {
                            "url": {"type": "string", "format": "uri"},
                            "width": {"type": "integer"},
                            "height": {"type": "integer"},
                        },
                    },
                    "draft": {"type": "boolean"},
                }
            }
        )
    )
    schema.load_validator.cache_clear()
    for loaded in (schema.load_validator(path, dialect="jekyll"), schema.load_validator()):
        kept = json.loads(json.dumps(schema.kept_fields(loaded)))
        assert schema._fields_from(kept) == loaded.fields
    assert schema._fields_from({**kept, "urls": "/link"}) is None
    assert schema._fields_from({**kept, "images": [["/cover"]]}) is None
    assert schema._fields_from({**kept, "bundled": 1}) is None
    assert schema._fields_from([]) is None


def test_kept_questions_changed_on_disk_are_not_read(tmp_path: Path) -> None:
    # Every byte of a kept load is under its MAC: questions edited in the cache folder (an
    # answer's digest made to match a changed file) are a miss, not replayed.
    from linter.engine import cache

    loads = cache.Loads(tmp_path, secret=b"k" * 32)
    loads.put("a load", [("read", "/site/defs.json", "digest-1")], {"kept": 1})
    assert loads.get("a load") == ([("read", "/site/defs.json", "digest-1")], {"kept": 1})
    (kept,) = tmp_path.glob("load-*.json")
    kept.write_bytes(kept.read_bytes().replace(b"digest-1", b"digest-2"))
    assert loads.get("a load") is None
    assert cache.Loads(tmp_path, secret=b"x" * 32).get("a load") is None  # another machine's
