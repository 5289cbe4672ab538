"""ambiguous-value: plain values that YAML 1.1 and 1.2 read differently, fixed as the schema
wants them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.config import Config
from linter.engine.fix import fix_file
from linter.engine.runner import lint_bytes
from linter.reading import yamllib
from linter.reading.parsed import may_read_apart
from linter.rules.ambiguous_value import readings

TEXT = """---
category: news
title: no
published: yes
topics:
  - NO
  - 'yes'
  - "on"
quality: 012
heat: 1:20
excerpt: |
  yes
---
"""


def problems(text: str) -> list[tuple[int, str]]:
    result = lint_bytes("a.md", text.encode(), Config())
    return [(p.line, p.message) for p in result.problems if p.code == "ambiguous-value"]


def test_each_ambiguous_plain_value_names_both_readings() -> None:
    found = problems(TEXT)
    assert [line for line, _ in found] == [3, 4, 6, 9, 10]
    assert found[1][1] == (
        "\"published\" is yes: YAML 1.1 reads true, YAML 1.2 the string 'yes'; "
        "expected true or 'yes' quoted"
    )
    assert "YAML 1.1 reads octal 10, YAML 1.2 12" in found[3][1]
    assert "YAML 1.1 reads the number 80, YAML 1.2 the string '1:20'" in found[4][1]


def test_the_fix_writes_what_the_schema_wants() -> None:
    result = lint_bytes("a.md", TEXT.encode(), Config())
    outcome = fix_file("a.md", TEXT.encode(), list(result.problems), Config())
    assert outcome.after is not None
    after = outcome.after.decode()
    assert "title: 'no'\n" in after  # a string: quoted
    assert "published: true\n" in after  # a boolean: as YAML 1.1 read it
    assert "  - 'NO'\n" in after
    assert "quality: 012\n" in after  # which number was meant cannot be told
    assert problems(after) == [(9, problems(TEXT)[3][1]), (10, problems(TEXT)[4][1])]


@pytest.mark.parametrize(
    ("raw", "value", "expected"),
    [
        ("off", False, ("false", "the string 'off'")),
        ("0o17", "0o17", ("the string '0o17'", "octal 15")),
        ("1e3", "1e3", ("the string '1e3'", "the number 1000")),
        ("0b101", 5, ("the number 5", "the string '0b101'")),
        ("1_000", 1000, ("the number 1000", "the string '1_000'")),
        ("0", 0, None),
        ("12", 12, None),
        ("true", True, None),
        ("nothing", "nothing", None),
    ],
)
def test_readings(raw: str, value: object, expected: tuple[str, str] | None) -> None:
    assert readings(raw, value) == expected


def test_values_in_flow_collections_and_after_comments_are_found() -> None:
    # Flow collections take the libyaml path; block ones the C parser's: both note them.
    text = "---\ntitle: a\ntopics: [yes, 'no', off]\nmeta: {draft: on, n: 010}\nx: yes # c\n---\n"
    assert [line for line, _ in problems(text)] == [3, 3, 4, 4, 5]


@given(st.from_regex(r"[-+.0-9a-zA-Z_:~]{1,12}", fullmatch=True))
@settings(max_examples=400, deadline=None)
def test_the_parsers_note_every_value_the_rule_reports(raw: str) -> None:
    # The rule looks only at what ``may_read_apart`` lets through: it must let through every
    # plain scalar whose two readings differ.
    value = yamllib.plain_value(raw)[1]
    if readings(raw, value) is not None:
        assert may_read_apart(raw)


def test_a_key_written_twice_is_judged_by_the_value_kept() -> None:
    # The libyaml path notes both values of a key written twice; only the one kept counts.
    text = "---\ntitle: yes\ntitle: no\nexcerpt: 1e3\nexcerpt: 1.0e+3\nmeta:\n  x: yes\nmeta:\n  y: 1\n---\n"
    found = problems(text)
    assert found == [
        (3, "\"title\" is no: YAML 1.1 reads false, YAML 1.2 the string 'no'; expected 'no' quoted")
    ]


def test_toml_and_json_front_matter_are_not_yaml() -> None:
    assert problems('+++\ntitle = "no"\nquality = 0o12\n+++\n') == []


def _own(tmp_path, dialect: str = "rfc3339") -> dict[str, object]:
    import json

    schema = {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "date": {"type": "string", "format": "date"},
            "draft": {"type": "boolean"},
        },
    }
    (tmp_path / "s.json").write_text(json.dumps(schema))
    return {"schema": str(tmp_path / "s.json"), "date-dialect": dialect}


def test_a_timestamp_in_a_string_field_is_ambiguous(lint, tmp_path) -> None:
    config = _own(tmp_path)
    assert lint("---\ntitle: 2024-01-01\n---\n", config) == [(2, 8, "ambiguous-value")]
    assert lint("---\ntitle: 2024-01-01 10:00:00 +01:00\n---\n", config) == [
        (2, 8, "ambiguous-value")
    ]
    assert lint("---\ntitle: '2024-01-01'\n---\n", config) == []
    assert lint("---\ndate: 2024-01-01\n---\n", config) == []  # a date where one is meant
    assert lint("---\nother: 2024-01-01\n---\n", config) == []  # the schema leaves it open


@pytest.mark.parametrize(
    ("dialect", "text", "expected"),
    [
        # Ruby's Psych and js-yaml read a date; go-yaml keeps the string.
        ("jekyll", "title: 2024-01-01", "wrong-type"),
        ("javascript", "title: 2024-01-01", "wrong-type"),
        ("hugo", "title: 2024-01-01", "ambiguous-value"),
        ("rfc3339", "title: 2024-01-01", "ambiguous-value"),
        # js-yaml and go-yaml read the string "no"; Psych reads false.
        ("javascript", "draft: no", "wrong-type"),
        ("hugo", "draft: no", "wrong-type"),
        ("jekyll", "draft: no", "ambiguous-value"),
    ],
)
def test_an_error_where_the_sites_reader_gives_a_type_the_schema_rejects(
    lint, tmp_path, dialect, text, expected
) -> None:
    found = lint(f"---\n{text}\n---\n", _own(tmp_path, dialect))
    assert [code for _, _, code in found] == [expected]


def test_the_wrong_type_fix_writes_what_the_schema_wants(tmp_path) -> None:
    from linter.config import from_table

    config = from_table(_own(tmp_path, "javascript"), root=tmp_path)
    text = "---\ntitle: 2024-01-01\ndraft: no\n---\n"
    result = lint_bytes("a.md", text.encode(), config)
    outcome = fix_file("a.md", text.encode(), list(result.problems), config)
    assert outcome.after == b"---\ntitle: '2024-01-01'\ndraft: false\n---\n"
