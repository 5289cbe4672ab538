"""The rules follow the schema's fields: dates, URLs, images and texts wherever a schema puts
them, dates read as the site's generator writes them, and [fields] where a schema cannot say."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from linter.cli import main
from linter.fields import BUNDLED, FieldMap, Image
from linter.validation import dates
from linter.validation.fieldmap import adjusted, derive, local_resolver
from linter.validation.schema import bundled_schema_path

BLOG_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["title", "date"],
    "properties": {
        "title": {"type": "string"},
        "date": {"type": "string", "format": "date-time"},
        "expiryDate": {"type": "string", "format": "date"},
        "cover": {"$ref": "#/$defs/url"},
        "hero": {
            "type": "object",
            "properties": {
                "src": {"$ref": "#/$defs/url"},
                "width": {"type": "integer"},
                "height": {"type": "integer"},
                "alt": {"type": "string"},
            },
        },
        "tags": {"type": "array", "items": {"type": "string"}},
        "draft": {"type": "boolean"},
        "layout": {"enum": ["post", "page"]},
    },
    "$defs": {"url": {"type": "string", "format": "uri"}},
}


def test_the_bundled_fields_are_what_the_bundled_schema_says() -> None:
    schema = json.loads(bundled_schema_path().read_text(encoding="utf-8"))
    assert derive(schema, local_resolver(schema))._replace(bundled=True) == BUNDLED


def test_a_blog_schema_names_its_own_fields() -> None:
    found = derive(BLOG_SCHEMA, local_resolver(BLOG_SCHEMA))
    assert found == FieldMap(
        dates=("/date", "/expiryDate"),
        publication_dates=("/date",),  # an expiry date may lie ahead
        urls=("/cover", "/hero/src"),
        images=(Image("/hero", "src"),),
        texts=("/title", "/hero/alt", "/tags/*"),
        strings=(
            "/title", "/date", "/expiryDate", "/cover", "/hero/src", "/hero/alt", "/tags/*",
            "/layout",
        ),
        booleans=("/draft",),
    )  # fmt: skip


def test_the_configuration_adds_and_removes_fields() -> None:
    found = derive(BLOG_SCHEMA, local_resolver(BLOG_SCHEMA))
    changed = adjusted(
        found,
        [("dates", ("/event",), ("/expiryDate",)), ("texts", ("/summary",), ("*",))],
    )
    assert changed.dates == ("/date", "/event")
    assert changed.publication_dates == ("/date",)
    assert changed.texts == ("/summary",)
    assert adjusted(found, [("publication_dates", ("/event",), ("*",))]).publication_dates == (
        "/event",
    )


def lint(folder: Path, config: str, text: str, name: str = "post.md") -> list[dict[str, Any]]:
    (folder / "blog.schema.json").write_text(json.dumps(BLOG_SCHEMA))
    (folder / ".article-lint.toml").write_text('schema = "blog.schema.json"\n' + config)
    (folder / name).write_text(text)
    out = io.StringIO()
    main(["--format", "json", "--no-cache", "--config", str(folder / ".article-lint.toml"),
          str(folder / name)], out=out)  # fmt: skip
    return [p for p in json.loads(out.getvalue()) if p["code"] != "duplicate-title"]


def found(problems: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(p["code"], p["severity"], p["pointer"]) for p in problems}


POST = """---
title: A post
date: {date}
expiryDate: 2099-01-01
cover: http://example.com/cover.jpg
hero:
  src: https://example.com/hero.jpg
  width: 0
  height: 300
---
"""


def test_the_rules_find_the_defects_at_the_blog_s_own_fields(tmp_path: Path) -> None:
    problems = lint(tmp_path, "", POST.format(date="2099-02-06T13:35:58Z"))
    assert found(problems) == {
        ("future-date", "error", "/date"),
        ("insecure-url", "warning", "/cover"),
        ("invalid-image-size", "error", "/hero/width"),
    }
    width = next(p for p in problems if p["code"] == "invalid-image-size")
    assert width["message"] == "image width must be a positive integer (got 0)"
    assert width["line"] == 8


@pytest.mark.parametrize(
    ("dialect", "good", "impossible", "future"),
    [
        ("jekyll", "2013-11-22 5:00:00 +0000", "2013-02-30 13:35:34 +0000", "2099-02-06 13:35:58 +0000"),
        ("jekyll", "2014-03-12", "2014-02-29", "2099-03-12"),
        ("hugo", "2024-01-05T10:00:00+01:00", "2024-02-30T10:00:00+01:00", "2099-01-05"),
        ("hugo", "2024-01-05 10:00:00", "2023-13-05 10:00:00", "2099-01-05 10:00:00 +0100"),
        ("javascript", "2024-03-05T10:00:00.000Z", "2024-03-32", "2099-03"),
        ("rfc3339", "2024-03-05T10:00:00Z", "2024-03-05T25:00:00Z", "2099-03-05T10:00:00+02:00"),
    ],
)  # fmt: skip
def test_dates_in_each_dialect(
    tmp_path: Path, dialect: str, good: str, impossible: str, future: str
) -> None:
    config = f'date-dialect = "{dialect}"\n'
    rest = {("insecure-url", "warning", "/cover"), ("invalid-image-size", "error", "/hero/width")}
    assert found(lint(tmp_path, config, POST.format(date=good))) == rest
    bad = lint(tmp_path, config, POST.format(date=impossible))
    assert found(bad) == rest | {("invalid-date", "error", "/date")}
    reason = next(p["message"] for p in bad if p["code"] == "invalid-date")
    assert "does not exist" in reason or "has no day" in reason
    assert found(lint(tmp_path, config, POST.format(date=future))) == rest | {
        ("future-date", "error", "/date")
    }


def test_a_jekyll_date_is_not_rfc3339(tmp_path: Path) -> None:
    problems = lint(tmp_path, "", POST.format(date="2013-11-22 05:00:00 +0000"))
    assert ("invalid-date", "error", "/date") in found(problems)


def test_the_dialects_read_the_calendar_alike() -> None:
    for dialect in ("jekyll", "hugo", "javascript"):
        assert isinstance(
            dates.read("2024-02-29", dialect), type(dates.read("2024-02-28", dialect))
        )
        assert (
            dates.read("2023-02-29", dialect) == "is not a real date: february 2023 has no day 29"
        )


def test_fields_a_schema_cannot_name(tmp_path: Path) -> None:
    text = (
        "---\ntitle: ok\ndate: 2020-01-01T00:00:00Z\nparams:\n  launch: 2099-01-01T00:00:00Z\n---\n"
    )
    assert found(lint(tmp_path, "", text)) == set()
    config = (
        '[fields]\ndates = { add = ["/params/launch"] }\npublication-dates = ["/params/launch"]\n'
    )
    assert found(lint(tmp_path, config, text)) == {("future-date", "error", "/params/launch")}


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('[fields]\ncolors = ["/c"]', "unknown kind 'colors'"),
        ('[fields]\ndates = ["date"]', "not a field pattern"),
        ('date-dialect = "ruby"', "date-dialect must be one of"),
    ],
)
def test_bad_field_settings(
    tmp_path: Path, table: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".article-lint.toml").write_text(table + "\n")
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n")
    assert main(["--config", str(tmp_path / ".article-lint.toml"), str(tmp_path)]) == 2
    assert expected in capsys.readouterr().err
