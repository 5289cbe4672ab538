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


# A site's schema shaped like MDN's: the page type allowed depends on the slug, each case an
# if/then/else branch of an anyOf, with a catch-all case.
CASES = {
    "^Glossary/": ["glossary-definition", "glossary-disambiguation"],
    "^Web/CSS/": ["guide", "css-property", "css-selector"],
    ".*": ["guide", "landing-page", "how-to"],
}
SITE_SCHEMA = {
    "type": "object",
    "required": ["title", "slug", "page-type"],
    "properties": {
        "title": {"type": "string"},
        "slug": {"type": "string"},
        "page-type": {"type": "string"},
        "status": {
            "type": "array",
            "uniqueItems": True,
            "items": {"enum": ["deprecated", "experimental", "non-standard"]},
        },
    },
    "anyOf": [
        {
            "if": {"properties": {"slug": {"type": "string", "pattern": pattern}}},
            "then": {"properties": {"page-type": {"enum": allowed}}},
            "else": False,
        }
        for pattern, allowed in CASES.items()
    ],
}


def site_lint(tmp_path: Path, front_matter: str, *argv: str) -> tuple[int, list[dict[str, Any]]]:
    import io

    from linter.cli import main

    (tmp_path / "config.json").write_text(json.dumps({"lineWidth": -1, "schema": SITE_SCHEMA}))
    (tmp_path / ".article-lint.toml").write_text('schema = "config.json#/schema"\n')
    (tmp_path / "page.md").write_text(f"---\n{front_matter}---\nBody.\n")
    out = io.StringIO()
    argv = ("--config", str(tmp_path / ".article-lint.toml"), *argv)
    code = main(["--no-cache", "--format", "json", *argv, str(tmp_path / "page.md")], out=out)
    return code, json.loads(out.getvalue() or "[]")


def test_a_failed_branch_is_said_at_its_field_with_the_allowed_values(tmp_path: Path) -> None:
    code, problems = site_lint(
        tmp_path, "title: Cache\nslug: Glossary/Cache\npage-type: glosary-definition\n"
    )
    assert code == 1
    assert [(p["line"], p["column"], p["code"], p["severity"]) for p in problems] == [
        (4, 12, "invalid-value", "error")
    ]
    assert problems[0]["message"] == (
        '"page-type" must be one of "glossary-definition", "glossary-disambiguation" '
        '(got "glosary-definition"); did you mean "glossary-definition"?'
    )


def test_the_specific_case_is_said_before_the_catch_all(tmp_path: Path) -> None:
    _, problems = site_lint(tmp_path, "title: A\nslug: Glossary/A\npage-type: tutorial\n")
    assert [p["message"] for p in problems] == [
        '"page-type" must be one of "glossary-definition", "glossary-disambiguation" (got "tutorial")'
    ]


@pytest.mark.parametrize(
    ("keyword", "value", "said"),
    [
        ({"maxLength": 3}, '"abcd"', '"x" must be at most 3 characters long (got 4 characters)'),
        ({"minItems": 2}, "[1]", '"x" must have at least 2 items (got 1 items)'),
        ({"maximum": 10}, "11", '"x" must be at most 10 (got 11)'),
        ({"exclusiveMinimum": 0}, "0", '"x" must be more than 0 (got 0)'),
        ({"multipleOf": 5}, "7", '"x" must be a multiple of 5 (got 7)'),
    ],
)
def test_sizes_and_counts_say_the_bound_and_what_was_found(
    tmp_path: Path, keyword: dict[str, Any], value: str, said: str
) -> None:
    from linter.validation.schema import validate

    path = tmp_path / "s.json"
    path.write_text(json.dumps({"properties": {"x": keyword}}))
    validator = load_validator(path)
    doc = reader.read("a.md", f"---\nx: {value}\n---\n".encode(), validator.fields)
    [(code, finding)] = validate(doc, validator)
    assert (code, finding.message, finding.position) == ("invalid-value", said, doc.locate("/x"))


def test_an_enum_typo_is_fixed_by_fix(tmp_path: Path) -> None:
    site_lint(
        tmp_path, "title: Cache\nslug: Glossary/Cache\npage-type: glosary-definition\n", "--fix"
    )
    assert "page-type: glossary-definition\n" in (tmp_path / "page.md").read_text()
    assert site_lint(
        tmp_path, "title: Cache\nslug: Glossary/Cache\npage-type: glossary-definition\n"
    ) == (0, [])


def test_no_fix_when_two_allowed_values_are_as_close(tmp_path: Path) -> None:
    _, problems = site_lint(tmp_path, "title: A\nslug: Glossary/A\npage-type: glossary-d\n")
    assert "did you mean" not in problems[0]["message"]
    assert not problems[0].get("fix")


def test_a_repeated_item_is_an_error(tmp_path: Path) -> None:
    code, problems = site_lint(
        tmp_path,
        "title: A\nslug: Web/CSS/a\npage-type: guide\nstatus:\n  - deprecated\n  - deprecated\n",
    )
    assert code == 1
    assert [(p["line"], p["code"], p["severity"]) for p in problems] == [
        (7, "duplicate-item", "error")
    ]


def test_no_message_echoes_the_front_matter(tmp_path: Path) -> None:
    secret = "s3cr3t-" + "x" * 80
    schema = {"type": "object", "not": {"required": ["token"]}, "properties": {"x": False}}
    (tmp_path / "s.json").write_text(json.dumps(schema))
    (tmp_path / "page.md").write_text(f"---\ntoken: {secret}\nx: {secret}\n---\n")
    import io

    from linter.cli import main

    out = io.StringIO()
    assert (
        main(
            ["--no-cache", "--schema", str(tmp_path / "s.json"), str(tmp_path / "page.md")], out=out
        )
        == 1
    )
    assert secret not in out.getvalue()
    assert out.getvalue().count("\n") >= 2


def test_every_format_jsonschema_rs_checks_is_given_ours() -> None:
    """A format jsonschema-rs checks by itself but the reference does not would make the
    engines disagree: every one it knows is in RS_FORMATS, which ``_compile`` overrides."""
    import jsonschema_rs

    from linter.validation.schema import RS_FORMATS

    names = [*RS_FORMATS, "color", "int32", "int64", "float", "double", "byte", "binary"]
    names += ["password", "phone", "unknown", "date-time-local", "ip", "uri-ref", "semver"]
    checked = {
        name
        for name in names
        if not jsonschema_rs.validator_for({"format": name}, validate_formats=True).is_valid(
            "\x00 [~~ not anything"
        )
    }
    assert checked == set(RS_FORMATS)


def test_where_the_engines_disagree_the_verdict_is_the_fast_one(tmp_path: Path) -> None:
    """python-jsonschema (4.26) rejects this 2019-09 case of the test suite, which says it is
    valid; jsonschema-rs agrees with the suite, and its verdict is the one users get."""
    schema = {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "type": "object",
        "additionalProperties": {"type": "string"},
        "unevaluatedProperties": False,
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema))
    validator = load_validator(path)
    data = {"foo": "foo", "bar": "bar"}
    assert validator.is_valid(data)
    from linter.validation.schema import validate

    doc = reader.read("a.md", b"---\nfoo: foo\nbar: bar\n---\n", validator.fields)
    assert validate(doc, validator) == []


def test_a_fast_rejection_the_reference_cannot_explain_is_still_said(tmp_path: Path) -> None:
    import jsonschema
    import jsonschema_rs

    from linter.validation.schema import validate

    strict = jsonschema_rs.validator_for({"properties": {"n": {"type": "integer"}}})
    validator = Validator(
        {}, strict.is_valid, lambda: jsonschema.Draft202012Validator({}), standard=True
    )
    doc = reader.read("a.md", b"---\nn: x\n---\n")
    [(code, finding)] = validate(doc, validator)
    assert (code, finding.pointer, finding.position) == ("invalid-value", "/n", doc.locate("/n"))
    assert "'type'" in finding.message


@pytest.mark.parametrize(
    "schema",
    [
        {"properties": {"name": {"pattern": "^(a+)+$"}}},
        {"patternProperties": {"^(a+)+$": {"type": "integer"}}, "additionalProperties": False},
        {"propertyNames": {"pattern": "^(a+)+$"}},
        {"patternProperties": {"^(a+)+$": {"type": "integer"}}, "unevaluatedProperties": False},
        {"patternProperties": {"^(a|aa)+$": {}}, "additionalProperties": False},
    ],
)
def test_a_catastrophic_pattern_runs_in_linear_time(tmp_path: Path, schema: dict[str, Any]) -> None:
    """Python's re takes minutes on ^(a+)+$ against 35 a's and a b; both engines use a linear
    one. A hang guard, not a timing: the thread either ends or the test fails."""
    import threading

    from linter.validation.schema import validate

    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema))
    validator = load_validator(path)
    value = "a" * 35 + "b"
    doc = reader.read("a.md", f"---\nname: {value}\n{value}: x\n---\n".encode(), validator.fields)
    found: list[Any] = []
    worker = threading.Thread(target=lambda: found.append(validate(doc, validator)), daemon=True)
    worker.start()
    worker.join(120)
    assert found and found[0], "validation did not end"


@pytest.mark.parametrize(
    ("keyword", "front_matter", "said"),
    [
        (
            {"propertyNames": {"pattern": "^[a-z]+$"}},
            "x: 1\nAbc: 1\n",
            (3, 1, "field name \"Abc\" must match '^[a-z]+$'"),
        ),
        (
            {"not": {"required": ["a"]}},
            "a: 2\n",
            (1, 1, '"front matter": must not match the schema\'s \'not\' ({"required": ["a"]})'),
        ),
        (
            {"oneOf": [{"required": ["a"]}, {"required": ["b"]}]},
            "a: 1\nb: 2\n",
            (
                1,
                1,
                "\"front matter\": matches more than one of the schema's 'oneOf' branches; "
                "expected exactly one",
            ),
        ),
    ],
)
def test_applicators_say_what_they_want_without_quoting_the_document(
    tmp_path: Path, keyword: dict[str, Any], front_matter: str, said: tuple[int, int, str]
) -> None:
    from linter.validation.schema import validate

    path = tmp_path / "s.json"
    path.write_text(json.dumps(keyword))
    validator = load_validator(path)
    doc = reader.read("a.md", f"---\n{front_matter}---\n".encode(), validator.fields)
    [(_, finding)] = validate(doc, validator)
    assert (*finding.position, finding.message) == said


def test_a_branch_for_the_values_type_is_said_before_one_for_another_type(
    tmp_path: Path,
) -> None:
    from linter.validation.schema import validate

    url = {"type": "string", "format": "uri", "pattern": "^https://"}
    schema = {"properties": {"spec": {"anyOf": [url, {"type": "array", "items": url}]}}}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema))
    validator = load_validator(path)
    doc = reader.read("a.md", b"---\nspec: htps//example.com\n---\n", validator.fields)
    assert [(code, f.message) for code, f in validate(doc, validator)] == [
        ("invalid-url", '"spec" is not a valid uri (got "htps//example.com")'),
        ("invalid-value", '"spec" must match \'^https://\' (got "htps//example.com")'),
    ]


# Schemas the metaschema (with readable patterns) refuses, of every kind the quick check
# (jsonschema-rs's) must send to the reference's: its own refusals and the patterns it
# leaves out.
_REFUSED: list[Any] = [
    {"type": "nope"},
    {"required": "title"},
    {"properties": {"a": {"minLength": -1}}},
    {"$schema": "http://json-schema.org/draft-07/schema#", "exclusiveMaximum": True},
    {"pattern": "(unclosed"},
    {"properties": {"slug": {"pattern": "\\p{NoSuchClass}"}}},
    {"allOf": [{"items": {"pattern": "a{2,1}"}}]},
    {"patternProperties": {"(bad": {}}},
    # "$schema" values jsonschema-rs reads as another draft than python-jsonschema does, and
    # a draft-04 refusal jsonschema-rs's metaschema lets through (found in review: the first
    # two crashed the run).
    {
        "$schema": "https://json-schema.org/draft-07/schema#",
        "properties": {"kind": {"type": "array", "items": [{"type": "integer"}]}},
    },
    {"$schema": "https://json-schema.org/draft-07/schema#", "$defs": 5},
    {"$schema": "http://json-schema.org/draft/2019-09/schema#", "$defs": 5},
    {"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"k": {"enum": []}}},
]


def _reference_accepts(monkeypatch: pytest.MonkeyPatch, checked: Any) -> bool:
    from linter.validation import schema as stage

    with monkeypatch.context() as patch:
        patch.setattr(stage, "_surely_valid", lambda _: False)
        try:
            stage._check_schema(checked, Path("s.json"))
        except stage.SchemaError:
            return False
    return True


@pytest.mark.parametrize("refused", _REFUSED)
def test_a_schema_the_reference_refuses_is_refused(
    monkeypatch: pytest.MonkeyPatch, refused: Any
) -> None:
    from linter.validation import schema as stage

    assert not _reference_accepts(monkeypatch, refused)
    with pytest.raises(stage.SchemaError, match="is not a valid JSON Schema"):
        stage._check_schema(refused, Path("s.json"))


@needs_shared
def test_the_quick_metaschema_check_passes_only_what_the_reference_passes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jsonsuite import DRAFTS, SUITE

    from linter.validation import schema as stage

    quick = 0
    for draft, uri in DRAFTS.items():
        for path in sorted((SUITE / draft).glob("*.json")):
            for group in json.loads(path.read_text(encoding="utf-8")):
                checked = group["schema"]
                if isinstance(checked, dict) and "$schema" not in checked:
                    checked = {"$schema": uri, **checked}
                if stage._surely_valid(checked):
                    quick += 1
                    assert _reference_accepts(monkeypatch, checked), (
                        path.name,
                        group["description"],
                    )
    assert quick > 1000  # most of the suite's schemas take the quick way


def test_the_quick_dialects_are_read_alike_by_every_engine() -> None:
    import jsonschema_rs
    import referencing.jsonschema

    from linter.validation import schema as stage

    for dialect in stage._QUICK_DIALECTS:
        python = jsonschema.validators.validator_for({"$schema": dialect}, default=None)
        assert python is not None, dialect
        rust = type(jsonschema_rs.validator_for({"$schema": dialect})).__name__
        crawled = referencing.jsonschema.specification_with(dialect, default=None)
        assert crawled is not None, dialect
        draft = crawled.name.replace("draft-0", "Draft").replace("draft20", "Draft20")
        assert python.__name__ == rust == draft.replace("-", "") + "Validator", dialect


def test_a_ref_that_is_no_uri_is_a_usage_error(tmp_path: Path) -> None:
    from linter.validation import schema as stage

    path = tmp_path / "s.json"
    path.write_text(json.dumps({"properties": {"kind": {"$ref": "http://[bad"}}}))
    with pytest.raises(stage.SchemaError, match="is not a valid URI reference"):
        load_validator(path)
