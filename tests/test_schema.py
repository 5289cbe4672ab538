"""The bundled schema, its format checks, and the fast engine's verdict against the reference."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import SEED, SHARED, article, needs_shared, seed_text

from linter.reading import reader
from linter.validation.schema import Validator, bundled_schema_path, load_validator


def schema() -> dict[str, Any]:
    return json.loads(bundled_schema_path().read_text())  # type: ignore[no-any-return]


def test_bundled_schema_is_valid_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_property_has_a_description() -> None:
    def walk(node: Any, where: str) -> Iterator[str]:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "description" not in sub:
                    yield f"{where}/{name}"
                yield from walk(sub, f"{where}/{name}")
            for name, sub in node.get("$defs", {}).items():
                yield from walk(sub, f"{where}/$defs/{name}")

    assert list(walk(schema(), "")) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("publishedDateTime", "2023-13-09T01:31:00Z"),
        ("originalUrl", "htps://x.example.com/"),
        ("webUrl", "https://exa mple.com/"),
    ],
)
def test_format_checks_are_really_on(field: str, value: str) -> None:
    data = reader.read("a.md", SEED.read_bytes()).data
    data[field] = value
    validator = load_validator()
    assert (
        validator.is_valid(dict(data, **{field: "https://harbour-news.example.com/2023/11/x/"}))
        or field == "publishedDateTime"
    )
    assert not validator.is_valid(data)
    assert not validator.reference.is_valid(data)


def agree(validator: Validator, text: str) -> None:
    doc = reader.read("a.md", text.encode("utf-8", "surrogatepass"))
    if doc.ok:
        assert validator.is_valid(doc.data) == validator.reference.is_valid(doc.data), text


def variants() -> Iterator[str]:
    values = [
        "0",
        "-1",
        "1.5",
        "true",
        "null",
        '""',
        '"  "',
        '"x"',
        "[]",
        "{}",
        ".nan",
        "-.inf",
        "99999999999999999999",
        "2023-11-09T01:31:00Z",
        '"https://harbour-news.example.com/x"',
        "[1, 1]",
        '["a", "a"]',
    ]
    fields = [
        "title",
        "excerpt",
        "publishedDateTime",
        "originalUrl",
        "webUrl",
        "type",
        "quality",
        "heat",
        "published",
        "topics",
        "secured",
        "category",
    ]
    for field in fields:
        for value in values:
            yield article(**{field: value})
    for width in ["0", "1", "true", "1.0", "600.5", '"600"']:
        yield seed_text().replace("width: 600", f"width: {width}")
    yield seed_text().replace("\ntype: article\n", "\ntype: video\n")


def test_the_fast_path_really_runs() -> None:
    """``is_valid`` falls back to the reference on any surprise, which would hide a broken fast path."""
    validator = load_validator()
    assert validator.fast is not None
    data = reader.read("a.md", SEED.read_bytes()).data
    assert validator.fast(data) is True
    data["publishedDateTime"] = "2023-13-09T01:31:00Z"  # the bundled format's own date check
    assert validator.fast(data) is False


def test_fast_path_agrees_with_the_reference() -> None:
    validator = load_validator()
    assert validator.fast is not None
    for text in variants():
        agree(validator, text)
    rng = random.Random(5)
    lines = seed_text().split("\n")
    for _ in range(500):
        mutant = list(lines)
        i, j = rng.randrange(len(mutant)), rng.randrange(len(mutant))
        mutant[i], mutant[j] = mutant[j], mutant[i]
        agree(validator, "\n".join(mutant))


@needs_shared
def test_fast_path_agrees_on_the_labelled_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    subprocess.run(
        [
            sys.executable,
            str(SHARED / "corpus" / "make_corpus.py"),
            str(corpus),
            "--files",
            "1500",
            "--defect-rate",
            "0.6",
        ],
        check=True,
        capture_output=True,
    )
    validator = load_validator()
    for path in corpus.rglob("*.md"):
        agree(validator, path.read_text())
    for path in (SHARED / "corpus" / "real").rglob("*.md"):
        agree(validator, path.read_text(errors="replace"))


def test_format_predicates_and_diagnoses_agree() -> None:
    from linter.validation.formats import CHECKS, DIAGNOSERS

    values: list[object] = [
        "2023-11-09T01:31:00Z",
        "2023-02-29T01:31:00Z",
        "09/11/2023",
        "",
        " ",
        5,
        None,
        "https://example.com/x",
        "htps://x.example.com/",
        "https://exa mple.com",
        "/relative",
        "example.com",
        "Example.COM.",
        "exa_mple.com",
        "bücher.example",
        "256.1.1.1",
        "localhost",
    ]
    assert set(CHECKS) == set(DIAGNOSERS)
    for name, check in CHECKS.items():
        for value in values:
            assert check(value) == (DIAGNOSERS[name](value) is None), (name, value)


def test_a_configured_schema_has_the_fast_engine_too(tmp_path: Path) -> None:
    """A user's schema may use any keyword of any draft: jsonschema-rs knows them all."""
    path = tmp_path / "people.json"
    path.write_text(
        json.dumps(
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object",
                "required": ["links"],
                "properties": {
                    "links": {"type": "array", "items": {"type": "string", "format": "uri"}},
                    "pair": {"prefixItems": [{"type": "integer"}, {"type": "string"}]},
                },
                "dependentRequired": {"pair": ["links"]},
            }
        )
    )
    validator = load_validator(path)
    assert validator.fast is not None and validator.standard
    assert validator.is_valid({"links": ["mailto:a@example.com", "urn:isbn:0451450523"]})
    assert not validator.is_valid({"links": ["not a uri"]})
    assert not validator.is_valid({"links": [], "pair": ["1", "x"]})  # prefixItems
    assert not validator.is_valid({"pair": [1, "x"]})  # dependentRequired
