"""A user's own schema: every draft's keywords, $ref beside the file, by $id and across
[[schemas]], formats, and a clear exit 2 for a schema that cannot be used."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from linter.cli import main

BLOG = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["title", "date", "author"],
    "properties": {
        "title": {"type": "string"},
        "date": {"type": "string", "format": "date"},
        "author": {"$ref": "author.schema.json"},
        "cover": {"type": "string", "format": "uri"},
        "location": {"prefixItems": [{"type": "number"}, {"type": "number"}], "items": False},
        "series": {"type": "string"},
        "part": {"type": "integer", "minimum": 1},
    },
    "dependentRequired": {"part": ["series"]},
    "additionalProperties": False,
}
AUTHOR = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}, "email": {"type": "string", "format": "email"}},
}
GOOD = """---
title: A post
date: "2024-02-29"
author:
  name: Ada
  email: ada@example.com
cover: https://example.com/cover.png
location: [51.5, -0.12]
series: Harbours
part: 2
---
Body.
"""


def write_site(root: Path, blog: dict[str, Any] | None = None) -> None:
    (root / "schemas").mkdir(parents=True)
    (root / "schemas" / "blog.schema.json").write_text(json.dumps(blog or BLOG))
    (root / "schemas" / "author.schema.json").write_text(json.dumps(AUTHOR))
    (root / ".article-lint.toml").write_text('schema = "schemas/blog.schema.json"\n')
    (root / "posts").mkdir()


def run(*argv: str) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    code = main([*argv, "--no-cache", "--format", "json"], out=out)
    return code, json.loads(out.getvalue()) if out.getvalue().strip() else []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('date: "2024-02-29"', 'date: "2023-02-29"', (3, 7, "invalid-date", "/date")),
        (
            "  email: ada@example.com",
            "  email: ada(at)example.com",
            (6, 10, "invalid-value", "/author/email"),
        ),
        ("  name: Ada\n", "", (4, 1, "missing-field", "/author/name")),
        (
            "cover: https://example.com/cover.png",
            "cover: not a uri",
            (7, 8, "invalid-url", "/cover"),
        ),
        (
            "location: [51.5, -0.12]",
            'location: [51.5, "west"]',
            (8, 18, "wrong-type", "/location/1"),
        ),
        (
            "location: [51.5, -0.12]",
            "location: [51.5, -0.12, 3]",
            (8, 11, "invalid-value", "/location"),
        ),
        ("series: Harbours\n", "", (1, 1, "invalid-value", "")),
        ("part: 2", "part: 2\nPart: 3", (11, 1, "unknown-field", "/Part")),
    ],
)
def test_one_defect_per_post_each_an_error_at_its_field(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    old: str,
    new: str,
    expected: tuple[int, int, str, str],
) -> None:
    write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    Path("posts/good.md").write_text(GOOD)
    assert GOOD.count(old) == 1
    Path("posts/bad.md").write_text(GOOD.replace(old, new))
    code, problems = run(".")
    assert code == 1
    assert [
        (p["line"], p["column"], p["code"], p["pointer"])
        for p in problems
        if p["severity"] == "error"
    ] == [expected]
    assert {p["file"] for p in problems if p["severity"] == "error"} == {"posts/bad.md"}


def test_a_missing_dependency_names_what_is_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    Path("posts/bad.md").write_text(GOOD.replace("series: Harbours\n", ""))
    _, problems = run(".")
    assert "'series' is a dependency of 'part'" in problems[0]["message"]


def test_refs_by_id_resolve_beside_the_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blog = {**BLOG, "$id": "https://example.com/schemas/blog.schema.json"}
    write_site(tmp_path, blog)
    monkeypatch.chdir(tmp_path)
    Path("posts/a.md").write_text(GOOD.replace("  name: Ada\n", ""))
    code, problems = run(".")
    assert (code, [p["code"] for p in problems]) == (1, ["missing-field"])


def test_schemas_of_the_configuration_refer_to_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path)
    author = {
        **AUTHOR,
        "$id": "https://example.com/people/author",
        "$defs": {"bio": {"type": "string", "maxLength": 10}},
    }
    (tmp_path / "schemas" / "author.schema.json").write_text(json.dumps(author))
    person = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "properties": {"bio": {"$ref": "https://example.com/people/author#/$defs/bio"}},
    }
    (tmp_path / "people").mkdir()
    (tmp_path / "people-schema.json").write_text(json.dumps(person))
    (tmp_path / ".article-lint.toml").write_text(
        'schema = "schemas/blog.schema.json"\n'
        '[[schemas]]\nfiles = ["people/**"]\nschema = "people-schema.json"\n'
        '[[schemas]]\nfiles = ["never/**"]\nschema = "schemas/author.schema.json"\n'
    )
    monkeypatch.chdir(tmp_path)
    Path("people/ada.md").write_text("---\nbio: a very long biography\n---\n")
    code, problems = run(".")
    assert (code, [(p["line"], p["code"]) for p in problems]) == (1, [(2, "invalid-value")])


@pytest.mark.parametrize(
    ("reference", "said"),
    [
        (
            "https://schemas.example.com/author.json",
            "remote references are fetched only with --online",
        ),
        ("missing.schema.json", "cannot read"),
        ("../../../outside.json", "outside the folders of the configured schemas"),
        ("author.schema.json#/$defs/nothing", "the pointer leads nowhere"),
    ],
)
def test_a_reference_that_cannot_be_resolved_is_a_usage_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    reference: str,
    said: str,
) -> None:
    blog = json.loads(json.dumps(BLOG))
    blog["properties"]["author"] = {"$ref": reference}
    write_site(tmp_path / "site", blog)
    (tmp_path / "outside.json").write_text("{}")
    monkeypatch.chdir(tmp_path / "site")
    Path("posts/a.md").write_text(GOOD)
    assert main(["--no-cache", "."]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and reference in error and "blog.schema.json" in error
    assert said in error


def test_a_schema_that_breaks_its_metaschema_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(tmp_path, {**BLOG, "required": "title"})
    monkeypatch.chdir(tmp_path)
    Path("posts/a.md").write_text(GOOD)
    assert main(["--no-cache", "."]) == 2
    assert "is not a valid JSON Schema" in capsys.readouterr().err


def test_a_remote_ref_is_fetched_with_online_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("aiohttp")
    from httpserver import serve

    with serve("127.0.0.1") as (base, site):
        site.images["/author.json"] = ("application/json", json.dumps(AUTHOR).encode())
        blog = json.loads(json.dumps(BLOG))
        blog["properties"]["author"] = {"$ref": f"{base}/author.json"}
        write_site(tmp_path, blog)
        monkeypatch.chdir(tmp_path)
        Path("posts/a.md").write_text(GOOD.replace("  name: Ada\n", ""))
        # Public addresses only, unless the command line allows more.
        assert main(["--no-cache", "--online", "--select", "missing-field", "."]) == 2
        assert "127.0.0.1 is a loopback address" in capsys.readouterr().err
        argv = ["--no-cache", "--online", "--allow-host", "127.0.0.1", "--select", "missing-field"]
        assert main([*argv, "--format", "json", "."]) == 1
        assert site.requests["/author.json"] == 1
    capsys.readouterr()
    from linter.validation import schema

    schema.load_validator.cache_clear()
    # The server is gone: the copy fetched before answers.
    assert main([*argv, "--format", "json", "."]) == 1
    assert [p["code"] for p in json.loads(capsys.readouterr().out)] == ["missing-field"]


def one_line_usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["--no-cache", *argv]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1, error
    return error


def test_a_schema_kept_under_a_key_is_named_with_a_pointer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(tmp_path)
    config = {"lineWidth": -1, "schema": BLOG, "attribute-order": ["title"]}
    (tmp_path / "schemas" / "front-matter-config.json").write_text(json.dumps(config))
    monkeypatch.chdir(tmp_path)
    Path("posts/a.md").write_text(GOOD.replace("part: 2", "part: 0"))
    named = "schemas/front-matter-config.json#/schema"
    (tmp_path / ".article-lint.toml").write_text(f'schema = "{named}"\n')
    code, problems = run(".")
    assert code == 1 and [p["code"] for p in problems] == ["out-of-range"]
    # The same with --schema, and the whole configuration is not a JSON Schema.
    assert run("--schema", named, ".")[0] == 1
    error = one_line_usage_error(capsys, "--schema", "schemas/front-matter-config.json", ".")
    assert "is not a JSON Schema" in error and "#/" in error
    error = one_line_usage_error(capsys, "--schema", f"{named}/nothing", ".")
    assert "the pointer leads nowhere" in error


def test_a_schema_written_in_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    write_site(tmp_path)
    (tmp_path / "schemas" / "blog.schema.yaml").write_text(yaml.safe_dump(BLOG))
    (tmp_path / "schemas" / "author.schema.yml").write_text(yaml.safe_dump(AUTHOR))
    blog = tmp_path / "schemas" / "blog.schema.yaml"
    blog.write_text(blog.read_text().replace("author.schema.json", "author.schema.yml"))
    (tmp_path / ".article-lint.toml").write_text('schema = "schemas/blog.schema.yaml"\n')
    monkeypatch.chdir(tmp_path)
    Path("posts/a.md").write_text(GOOD)
    assert run(".") == (0, [])
    Path("posts/a.md").write_text(GOOD.replace("  name: Ada\n", ""))
    code, problems = run(".")
    assert code == 1 and [(p["code"], p["pointer"]) for p in problems] == [
        ("missing-field", "/author/name")
    ]


@pytest.mark.parametrize(
    ("schema_text", "said"),
    [
        ('{"name": "my-site", "version": "1.0.0"}', "is not a JSON Schema"),
        ("[1, 2]", "is not a JSON Schema"),
        ('{"type": "object"', "is not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested deeper than"),
        ('{"properties": {"a": ' * 50_000 + "{}" + "}}" * 50_000, "nested deeper than"),
        ('{"$ref": "#"}', "$ref cycle"),
        (
            '{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}',
            "$ref cycle",
        ),
        ('{"allOf": [{"$ref": "#"}]}', "$ref cycle"),
    ],
)
def test_a_schema_that_cannot_be_used_is_one_line_and_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    schema_text: str,
    said: str,
) -> None:
    write_site(tmp_path)
    (tmp_path / "schemas" / "blog.schema.json").write_text(schema_text)
    monkeypatch.chdir(tmp_path)
    Path("posts/a.md").write_text(GOOD)
    error = one_line_usage_error(capsys, ".")
    assert said in error and "blog.schema.json" in error
    assert "Traceback" not in error


def test_a_recursive_schema_that_moves_into_the_value_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = {
        "$defs": {
            "node": {
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
            }
        },
        "allOf": [{"$ref": "#/$defs/node"}],
    }
    write_site(tmp_path, tree)
    monkeypatch.chdir(tmp_path)
    Path("posts/a.md").write_text("---\nchildren:\n  - children: []\n  - children: 1\n---\n")
    code, problems = run(".")
    assert code == 1 and [p["pointer"] for p in problems] == ["/children/1/children"]


def test_a_fifo_named_as_schema_is_refused_without_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    write_site(tmp_path)
    os.mkfifo(tmp_path / "schemas" / "pipe.json")
    (tmp_path / ".article-lint.toml").write_text('schema = "schemas/pipe.json"\n')
    monkeypatch.chdir(tmp_path)
    Path("posts/a.md").write_text(GOOD)
    assert "not a regular file" in one_line_usage_error(capsys, ".")


def test_a_remote_ref_connects_to_the_address_that_was_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: the name is resolved once, and the connection goes to that answer."""
    import socket

    from httpserver import serve

    from linter.validation import references

    real = socket.getaddrinfo
    asked: list[str] = []

    def rebinding(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "schemas.example.test":
            return real(host, port, *args, **kwargs)
        asked.append(host)
        # First the checked (allowed) address; any later answer leads nowhere useful.
        address = "127.0.0.1" if len(asked) == 1 else "127.0.0.2"
        return real(address, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with serve("127.0.0.1") as (base, site):
        site.images["/author.json"] = ("application/json", json.dumps(AUTHOR).encode())
        port = base.rsplit(":", 1)[1]
        body = references._download(
            f"http://schemas.example.test:{port}/author.json", ("127.0.0.1",)
        )
    assert json.loads(body) == AUTHOR and asked == ["schemas.example.test"]
    with pytest.raises(references.Unresolved, match=r"\(127\.0\.0\.2\) is a loopback address"):
        references._download(f"http://schemas.example.test:{port}/author.json", ())


def test_a_remote_ref_that_drips_ends_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    import threading
    import time

    from linter.validation import references

    monkeypatch.setattr(references, "FETCH_SECONDS", 1.0)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    stop = threading.Event()

    def drip() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
            for _ in range(100):  # at most 20 s, then it stops by itself
                if stop.is_set():
                    return
                try:
                    connection.sendall(b" ")
                except OSError:
                    return
                time.sleep(0.2)

    server = threading.Thread(target=drip, daemon=True)
    server.start()
    try:
        with pytest.raises(references.Unresolved, match="no answer within 1 s"):
            references._download(
                f"http://127.0.0.1:{listener.getsockname()[1]}/x.json", ("127.0.0.1",)
            )
    finally:
        stop.set()
        server.join(5)
        listener.close()
