"""YAML, TOML (+++) and JSON front matter, as Hugo writes them: every problem at its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.config import Config
from linter.engine.runner import lint_text

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["title", "date"],
    "properties": {
        "title": {"type": "string"},
        "date": {"type": "string", "format": "date-time"},
        "draft": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "params": {
            "type": "object",
            "properties": {"cover": {"type": "string", "format": "uri"}},
        },
    },
    "additionalProperties": False,
}

TOML = """+++
title = "Harbour cities"
date = 2024-01-05T10:00:00Z
draft = "no"
tags = ["ports", 7]

[params]
  cover = "not a url"
+++
Body with +++ and --- lines
+++
"""

JSON = """{
  "title": "Harbour cities",
  "date": "2024-01-05T10:00:00Z",
  "draft": "no",
  "tags": ["ports", 7],
  "params": {
    "cover": "not a url"
  }
}
Body with { and } and ---
"""


def problems(tmp_path: Path, text: str) -> list[tuple[int, int, str, str]]:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA))
    found = lint_text(text, "post.md", Config(schema=schema))
    return [(p.line, p.column, p.code, p.pointer) for p in found]


def test_toml(tmp_path: Path) -> None:
    assert problems(tmp_path, TOML) == [
        (4, 9, "wrong-type", "/draft"),
        (5, 1, "wrong-type", "/tags/1"),  # inside an inline array: at its key
        (8, 11, "invalid-url", "/params/cover"),
    ]


def test_toml_dates_are_kept_as_written(tmp_path: Path) -> None:
    from linter.reading import reader

    doc = reader.read("post.md", TOML.encode())
    assert doc.data["date"] == "2024-01-05T10:00:00Z"


def test_json(tmp_path: Path) -> None:
    assert problems(tmp_path, JSON) == [
        (4, 12, "wrong-type", "/draft"),
        (5, 21, "wrong-type", "/tags/1"),
        (7, 14, "invalid-url", "/params/cover"),
    ]


def test_json_duplicate_key(tmp_path: Path) -> None:
    text = JSON.replace('"draft": "no"', '"draft": false,\n  "title": "again"')
    assert (5, 3, "duplicate-key", "/title") in problems(tmp_path, text)


@pytest.mark.parametrize("text", [TOML, JSON])
def test_the_body_is_not_front_matter(text: str, tmp_path: Path) -> None:
    fixed = (
        text.replace('"no"', "false")
        .replace(", 7]", "]")
        .replace('"not a url"', '"https://example.com/c.png"')
    )
    assert problems(tmp_path, fixed) == []


def test_a_toml_array_of_tables(tmp_path: Path) -> None:
    schema = {"properties": {"resources": {"items": {"properties": {"title": {"type": "string"}}}}}}
    (tmp_path / "schema.json").write_text(json.dumps(schema))
    text = '+++\n[[resources]]\n  src = "a.png"\n[[resources]]\n  src = "b.png"\n  title = 2\n+++\n'
    found = lint_text(text, "post.md", Config(schema=tmp_path / "schema.json"))
    assert [(p.line, p.column, p.pointer) for p in found] == [(6, 11, "/resources/1/title")]
