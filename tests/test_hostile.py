"""Hostile and broken input: a clear problem or a clean pass, never a crash, hang or write."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SEED, libyaml_rejects, seed_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.cli import main
from linter.config import Config
from linter.engine.runner import lint_bytes
from linter.rules import registry

SEED_BYTES = SEED.read_bytes()


def wrap(yaml_text: str) -> bytes:
    return f"---\n{yaml_text}\n---\n".encode()


def nested_block(depth: int) -> str:
    return "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "x"


def alias_bomb() -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 9)}]")
    return "\n".join(lines)


# name -> (bytes, the codes it deserves; an empty set is a clean pass)
CATALOGUE: dict[str, tuple[bytes, set[str]]] = {
    "empty file": (b"", {"missing-front-matter"}),
    "dashes alone": (b"---\n", {"unterminated-front-matter"}),
    "empty front matter": (b"---\n---\n", {"missing-field"}),  # no fields: the required missing
    "binary": (bytes(range(256)) * 4, {"invalid-encoding"}),
    "nul bytes in front matter": (b"---\ntitle: a\x00b\n---\n", {"invalid-yaml"}),
    "invalid utf-8": (b"---\ntitle: \xc3\x28\n---\n", {"invalid-encoding"}),
    # The seed's en dash (U+2013) as Windows-1252 writes it.
    "windows-1252": (SEED_BYTES.replace(b"\xe2\x80\x93", b"\x96"), {"invalid-encoding"}),
    "utf-16": (seed_text().encode("utf-16"), {"invalid-encoding"}),
    "bom": (b"\xef\xbb\xbf" + SEED_BYTES, set()),
    "crlf": (SEED_BYTES.replace(b"\n", b"\r\n"), set()),
    "lone cr": (SEED_BYTES.replace(b"\n", b"\r"), set()),
    "alias bomb": (wrap(alias_bomb()), {"limit-exceeded"}),
    "flow nesting 5000 deep": (
        wrap("a: " + "[" * 5000 + "]" * 5000),
        {"invalid-yaml", "limit-exceeded"},
    ),
    "block nesting 3000 deep": (wrap(nested_block(3000)), {"invalid-yaml", "limit-exceeded"}),
    "huge body": (SEED_BYTES + b"x" * (20 * 1024 * 1024), set()),
    "huge value": (wrap("title: '" + "x" * (2 * 1024 * 1024) + "'"), {"limit-exceeded"}),
    "python tag": (wrap("title: !!python/object/apply:os.system ['true']"), {"unsupported-tag"}),
    "custom tag": (
        SEED_BYTES.replace(b"category: news", b"category: !news news"),
        {"unsupported-tag"},
    ),
    "complex key": (wrap("? [a, b]\n: c"), {"non-string-key"}),
    "nan and infinity": (
        SEED_BYTES.replace(b"quality: 39", b"quality: .nan").replace(b"heat: -1", b"heat: -.inf"),
        {"wrong-type"},
    ),
    "huge integer": (SEED_BYTES.replace(b"quality: 39", b"quality: " + b"9" * 400), set()),
    "merge key": (
        SEED_BYTES.replace(
            b"provider:\n  name: Harbour News\n  domain: harbour-news.example.com",
            b"base: &p\n  name: Harbour News\nprovider:\n  <<: *p\n  domain: harbour-news.example.com",
        ),
        {"unknown-field"},
    ),
    "dashes inside a quoted value": (
        SEED_BYTES.replace(b'title: "Harbour', b'title: "a\n---\nHarbour'),
        {"invalid-yaml"},
    ),
    "list front matter": (wrap("- a\n- b"), {"non-mapping-front-matter"}),
    "scalar front matter": (wrap("just a sentence"), {"non-mapping-front-matter"}),
    "toml front matter": (b'+++\ntitle = "x"\n+++\n', {"missing-field"}),
    "json front matter": (b'{"title": "x"}\n', {"missing-field"}),
    "broken toml": (b'+++\ntitle = "x\n+++\n', {"invalid-toml"}),
    "broken json": (b'{"title": "x",}\n', {"invalid-json"}),
    "json nested too deep": (b'{"a":' * 100 + b"1" + b"}" * 100 + b"\n", {"limit-exceeded"}),
    "lone brace": (b"{\n", {"invalid-json"}),
    "bidi controls": (
        SEED_BYTES.replace(b"Harbour Cities", "Harbour \u202eCities".encode()),
        {"control-character"},
    ),
    "thousands of problems": (
        wrap("\n".join(f"k{i}: 1" for i in range(5000))),
        {"unknown-field", "missing-field"},
    ),
    "duplicate keys": (
        SEED_BYTES.replace(b"\ntype: article\n", b"\ntype: article\ntype: article\n"),
        {"duplicate-key"},
    ),
}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_each_hostile_input_gets_the_answer_it_deserves(name: str) -> None:
    data, deserved = CATALOGUE[name]
    problems = lint_bytes("hostile.md", data, Config()).problems
    errors = {p.code for p in problems if p.severity.value == "error"}
    assert "internal-error" not in errors
    if deserved:
        assert {p.code for p in problems} <= deserved | {
            "duplicate-url",
            "missing-field",
            "wrong-type",
        }
        assert {p.code for p in problems} & deserved, problems
    else:
        assert errors == set(), problems


def test_all_together_nothing_changes_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for index, name in enumerate(sorted(CATALOGUE)):
        (tmp_path / f"{index:02d} {name} é.md").write_bytes(CATALOGUE[name][0])
    (tmp_path / "zz good.md").write_bytes(SEED_BYTES.replace(b"harbour-cities", b"harbour-towns"))
    os.mkfifo(tmp_path / "fifo.md")
    (tmp_path / "dir.md").mkdir()
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    before = {
        p: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.glob("*.md") if p.is_file()
    }
    out = io.StringIO()
    assert main(["--format", "json", "."], out=out) == 1
    problems = json.loads(out.getvalue())
    after = {
        p: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.glob("*.md") if p.is_file()
    }
    assert before == after
    assert "internal-error" not in {p["code"] for p in problems}
    reported = {p["file"] for p in problems}
    assert len(reported) >= len([v for v in CATALOGUE.values() if v[1]])
    # The good article is still checked: its only problems are shared with hostile copies.
    assert {p["code"] for p in problems if p["file"] == "zz good.md"} <= {
        "duplicate-url",
        "duplicate-title",
    }


def assert_valid(problems: tuple[object, ...]) -> None:
    rules = registry()
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1  # type: ignore[attr-defined]
        assert problem.code in rules and problem.code != "internal-error"  # type: ignore[attr-defined]
        assert problem.message and problem.message == problem.message.strip()  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    assert_valid(lint_bytes("fuzz.md", data, Config()).problems)
    assert_valid(lint_bytes("fuzz.md", b"---\n" + data + b"\n---\n", Config()).problems)


PUNCTUATION = [
    b":",
    b"-",
    b"[",
    b"]",
    b"{",
    b"}",
    b"&a",
    b"*a",
    b"!",
    b"|",
    b">",
    b"'",
    b'"',
    b"#",
    b"? ",
    b"\t",
    b"%",
]


def flip(lines: list[bytes], rng: random.Random) -> list[bytes]:
    i = rng.randrange(len(lines))
    if lines[i]:
        j = rng.randrange(len(lines[i]))
        lines[i] = lines[i][:j] + bytes([lines[i][j] ^ (1 << rng.randrange(8))]) + lines[i][j + 1 :]
    return lines


def delete(lines: list[bytes], rng: random.Random) -> list[bytes]:
    del lines[rng.randrange(len(lines))]
    return lines


def duplicate(lines: list[bytes], rng: random.Random) -> list[bytes]:
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return lines


def swap(lines: list[bytes], rng: random.Random) -> list[bytes]:
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return lines


def punctuate(lines: list[bytes], rng: random.Random) -> list[bytes]:
    i = rng.randrange(len(lines))
    j = rng.randrange(len(lines[i]) + 1)
    lines[i] = lines[i][:j] + rng.choice(PUNCTUATION) + lines[i][j:]
    return lines


MUTATIONS: list[Callable[[list[bytes], random.Random], list[bytes]]] = [
    flip,
    delete,
    duplicate,
    swap,
    punctuate,
]


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=4))
def test_mutants_of_the_seed(seed: int, count: int) -> None:
    rng = random.Random(seed)
    lines = SEED_BYTES.split(b"\n")
    for _ in range(count):
        lines = rng.choice(MUTATIONS)(lines, rng) or [b""]
    data = b"\n".join(lines)
    problems = lint_bytes("mutant.md", data, Config()).problems
    assert_valid(problems)
    if libyaml_rejects(data):
        assert any(p.severity.value == "error" for p in problems)
