"""ambiguous-value: plain values that YAML 1.1 and 1.2 read differently, fixed as the schema
wants them."""

from __future__ import annotations

import pytest

from linter.config import Config
from linter.engine.fix import fix_file
from linter.engine.runner import lint_bytes
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


def test_toml_and_json_front_matter_are_not_yaml() -> None:
    assert problems('+++\ntitle = "no"\nquality = 0o12\n+++\n') == []
