"""The C fast path (``linter/reading/_fastyaml.c``) builds exactly what the libyaml path builds.

It may decline any text (``None``: libyaml parses it); when it answers, values (types
included), positions, their order and the pattern index must equal the libyaml path's.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, SHARED, needs_shared, seed_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.engine.runner import lint_text
from linter.model import Position
from linter.reading import frontmatter, yamllib, yamlload

fast = yamlload._fastyaml
pytestmark = pytest.mark.skipif(
    fast is None and os.environ.get("ARTICLE_LINT_PURE") == "1",
    reason="installed without the C parser (ARTICLE_LINT_PURE=1)",
)


def test_the_c_parser_is_built() -> None:
    assert fast is not None, "linter/reading/_fastyaml.c was not compiled (no C compiler?)"


def strictly_equal(a: Any, b: Any) -> bool:
    """Equal values of equal types all the way down (``True == 1`` is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(strictly_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(strictly_equal, a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def difference(text: str) -> str | None:
    """How the fast parser's answer differs from libyaml's; None if it declines or agrees."""
    assert fast is not None
    answer = fast.parse(text, yamlload._plain_value, yamlload._BAIL)
    if answer is None:
        return None
    data, spans, index, suspects = answer
    index[""] = [("", data)]
    slow = yamllib.parse(text, 1)
    if slow.findings:
        return f"libyaml found {slow.findings}"
    if not strictly_equal(data, slow.data):
        return f"data {data!r} != {slow.data!r}"
    fast_nodes = yamlload.PackedSpans(spans, 1)
    if list(fast_nodes) != list(slow.nodes):
        return f"pointers {list(fast_nodes)} != {list(slow.nodes)}"
    for pointer in fast_nodes:
        if fast_nodes[pointer] != slow.nodes[pointer]:
            return f"{pointer}: {fast_nodes[pointer]} != {slow.nodes[pointer]}"
    assert slow.index is not None
    if list(index) != list(slow.index):
        return f"patterns {list(index)} != {list(slow.index)}"
    for pattern, entries in index.items():
        theirs = slow.index[pattern]
        if [p for p, _ in entries] != [p for p, _ in theirs] or not all(
            strictly_equal(v, w) for (_, v), (_, w) in zip(entries, theirs, strict=True)
        ):
            return f"index {pattern}"
    if sorted(s[:2] for s in suspects) != sorted(s[:2] for s in slow.suspects) or not all(
        strictly_equal(dict((p, v) for p, _, v in suspects)[p], v) for p, _, v in slow.suspects
    ):
        return f"suspects {sorted(suspects)} != {sorted(slow.suspects)}"
    return None


def taken(text: str) -> bool:
    assert fast is not None
    return fast.parse(text, yamlload._plain_value, yamlload._BAIL) is not None


ANSWERED = {
    "the seed": seed_text().split("---\n")[1],
    "scalars": "a: x\nb: 1\nc: -1\nd: 1.5\ne: true\nf: no\ng: ~\nh: null\ni: 2023-01-02\n"
    "j: 2023-01-02T03:04:05Z\nk: 0\nl: 012\nm: 1_000\nn: .inf\no: 0x1F\np: 99999999999999999999\n"
    "q: Off\nr: NULL\ns: -012\nt: 1:20\nu: 12abc\nv: 1.5e+3\nw: -99\nx: y\ny: nULL\n"
    "z: news\nza: ~x\nzb: True story\nzc: oN\n",
    "quotes": "a: 'it''s'\nb: \"say 'x'\"\nc: ''\nd: \"\"\ne: '  padded  '\nf: \"a # b\"\n",
    "escapes": 'a: "<iframe src=\\"x\\"></iframe>"\nb: "\\\\"\nc: "\\t\\n\\r\\0\\a\\b\\v\\f\\e\\ \\/"\n'
    'd: "\\_\\N\\L\\P"\ne: "\\x41\\u00e9\\U0001F600\\u2028"\nf: "x\\\\" # "\n',
    "comments": "# top\na: x # note\n\n  # indented\nb: 'y'   # note\nc: # empty\n",
    "empty values": "a:\nb:\nc:   \nd:",
    "nesting": "p:\n  name: N\n  logo:\n    url: u\n    width: 3\nq: 1\n",
    "indentless sequence": "t:\n- a\n- b\nu: 1\n",
    "indented sequence": "t:\n    - a\n    - 'b'\nu:\n  - 1\n",
    "mappings in sequences": "i:\n  - url: x\n    width: 1\n  -   url: y\n      h: 2\n  - z\n",
    "deep": "r:\n  - a:\n      - b:\n          c: 1\n        d: []\n  - e: {}\n",
    "empty collections": "a: []\nb: {}\nc:\n  - []\n",
    "plain text": "a: http://x.test/p?q=1#frag\nb: a, b [c] {d}\nc: x:y\nd: value with  spaces   \n",
    "unicode": "titel: Ünïcödé ✓ 𝄞\nnbsp: \u00a0x\u00a0\n\u00e9: 1\n",
    "keys as written": "2023: a\nyes: b\nnull: c\n1.5: d\n",
    "no final newline": "a:\n  - b",
    "last value nested at the end": "a:\n  b:\n    c: 1\n\n# trailing\n",
}


@pytest.mark.parametrize("name", sorted(ANSWERED))
def test_answers_the_common_forms_as_libyaml_does(name: str) -> None:
    text = ANSWERED[name]
    assert taken(text), "the fast parser declined"
    assert difference(text) is None


DECLINED = {
    "anchor": "a: &x 1\nb: *x\n",
    "tag": "a: !!str 1\n",
    "block scalar": "a: |\n  x\n",
    "folded scalar": "a: >\n  x\n",
    "multi-line plain": "a: one\n  two\n",
    "multi-line quoted": "a: 'one\n  two'\n",
    "unknown escape": 'a: "x\\qy"\n',
    "escaped single quote": 'a: "x\\\'y"\n',  # not in YAML 1.1: libyaml refuses it
    "short hex escape": 'a: "\\x4"\n',
    "surrogate escape": 'a: "\\ud800"\n',
    "escape past unicode": 'a: "\\U00110000"\n',
    "escaped line break": 'a: "x\\\n  y"\n',
    "flow items": "a: [x, y]\n",
    "tab": "a:\tx\n",
    "carriage return": "a: x\r\nb: y\r\n",
    "duplicate key": "a: 1\na: 2\n",
    "merge key": "<<: {a: 1}\n",
    "key with slash": "a/b: 1\n",
    "quoted key": "'a': 1\n",
    "document marker": "a: 1\n---\nb: 2\n",
    "root list": "- a\n",
    "root scalar": "just text\n",
    "empty": "# nothing\n",
    "indented root": "  a: 1\n",
    "bad indentation": "a:\n    b: 1\n  c: 2\n",
    "mapping value in a value": "a: b: c\n",
    "control character": "a: x\x07\n",
    "value tag": "a: =\n",
    "item on the next line": "a:\n  -\n    b: 1\n",
    "quoted value then text": "a: 'x' y\n",
}


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_declines_what_it_does_not_read(name: str) -> None:
    assert not taken(DECLINED[name])


def test_declined_texts_still_parse_through_libyaml() -> None:
    parsed = yamlload.parse(DECLINED["duplicate key"], 2)
    assert [code for code, _ in parsed.findings] == ["duplicate-key"]
    assert yamlload.parse(DECLINED["anchor"], 2).data == {"a": 1, "b": 1}


def test_lint_results_do_not_depend_on_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    text = seed_text().replace("quality: 39", "quality: high").replace("width: 600", "width: 0")
    text = text.replace("Harbour Cities", " Harbour Cities")
    with_c = lint_text(text, path=str(SEED))
    assert {(p.line, p.code) for p in with_c} == {
        (3, "padded-text"),
        (9, "wrong-type"),
        (23, "invalid-image-size"),
    }
    monkeypatch.setattr(yamlload, "_fastyaml", None)
    assert [p.as_dict() for p in lint_text(text, path=str(SEED))] == [p.as_dict() for p in with_c]


KEYS = st.sampled_from(
    ["a", "b", "url", "2023", "yes", "<<", "a/b", "k~", "é", "a:b", "'q'", '"q"', "-x", "a b"]
)
# fmt: off
VALUES = st.sampled_from(
    [
        "x", "1", "0", "012", "-1", "+1", "1.5", "1e3", ".inf", ".NaN", "true", "True", "yes",
        "off", "null", "~", "", "2023-01-02", "2023-01-02T03:04:05Z", "'it''s'", "'a", '"a\\"b"',
        '"x"', "[]", "{}", "[a]", "[ ]", "&a x", "*a", "!!str x", "|", ">", "a #c", "a#c",
        "a: b", "http://x/#y", "- a", "ü ü", "  x  ", "%x", "@x", "`x", ",x", "1_000", "0x1F",
        "=", "<", "a\tb", "\u00a0", "\u2028", "'x' #c", '"x"#c', "x:", "? x", ": x", "-",
        "---", "...", "#", "0o7", "1:20", "'", '"',
    ]
)
# fmt: on
LINES = st.one_of(
    st.tuples(KEYS, VALUES).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    KEYS.map(lambda k: f"{k}:"),
    VALUES.map(lambda v: f"- {v}"),
    st.tuples(KEYS, VALUES).map(lambda kv: f"- {kv[0]}: {kv[1]}"),
    VALUES,
    st.just("# comment"),
    st.just(""),
    st.text(alphabet=" -:#'\"ab\n[]{}", max_size=8),
)
INDENTED = st.tuples(st.sampled_from([0, 0, 0, 1, 2, 2, 4, 4, 6]), LINES).map(
    lambda il: " " * il[0] + il[1]
)
DOCUMENTS = st.tuples(st.lists(INDENTED, max_size=14), st.booleans()).map(
    lambda lines_end: "\n".join(lines_end[0]) + ("\n" if lines_end[1] else "")
)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_generated_documents_agree_with_libyaml(text: str) -> None:
    assert difference(text) is None


# Mostly values the fast parser reads, so that most documents test its answers.
PLAIN_KEYS = st.sampled_from(["a", "b", "url", "width", "2023", "yes", "é", "a:b", "a b"])
# fmt: off
PLAIN_VALUES = st.sampled_from(
    [
        "x", "1", "-1", "1.5", "true", "No", "~", "null", "2023-01-02", "2023-01-02T03:04:05Z",
        "'it''s'", "''", '"x y"', '""', "http://x/#y", "ü ü", "0", "012", "1_000", "0x1F",
        '"a\\"b"', '"\\\\"', '"\\x41\\u00e9"', '"\\q"', '"\\ud800"', '"x\\\\" #"', '"\\U0001F600"',
        ".inf", "a, b", "x:y", "1e3", "+1", "-x", "a#b", "Off", "NULL", "yes", "-0", "-012",
        "1:20", "2023-01-02 03:04:05", "12abc", "1.5e+3", "-1.5", "190:20:30.15", "0b101",
        "123456789012345678901", "-99", "+99", "TRUE", "nULL", "y", "n", "onn", "news", "~x",
        "off-line", "oN", "Nope", "True story", ".5", ".inf", "<<", "=",
    ]
)
# fmt: on


def trees(keys: st.SearchStrategy[str], scalars: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.lists(st.tuples(keys, children), max_size=4).map(dict),
        ),
        max_leaves=20,
    )


ANY_KEYS = st.one_of(PLAIN_KEYS, KEYS)
ANY_VALUES = st.one_of(VALUES, st.text(alphabet="ab :#'-é\t", min_size=1, max_size=6))


def render(tree: dict[str, Any], rnd: Any) -> str:
    """Block YAML for ``tree`` in randomly chosen layouts: indents, dashes, comments, blanks."""
    lines: list[str] = []

    def extra(indent: int) -> None:
        choice = rnd.random()
        if choice < 0.08:
            lines.append("")
        elif choice < 0.14:
            lines.append(" " * rnd.choice([0, indent, indent + 3]) + "# note")

    def block(value: Any, indent: int, head: str) -> None:
        """``head`` (a key with its colon, or a dash) followed by ``value``."""
        if isinstance(value, str):
            comment = rnd.choice(["", "", "", " # c", "   #c"])
            lines.append(f"{head} {value}{comment}" if value else head)
        elif not value:
            lines.append(f"{head} {'[]' if isinstance(value, list) else '{}'}")
        elif isinstance(value, list):
            lines.append(head)
            inner = indent + rnd.choice([0, 2, 2, 4]) if head.endswith(":") else indent + 2
            sequence(value, inner)
        else:
            lines.append(head)
            mapping(value, indent + rnd.choice([1, 2, 2, 4]))
        extra(indent)

    def mapping(pairs: dict[str, Any], indent: int, first: str = "") -> None:
        for i, (key, value) in enumerate(pairs.items()):
            prefix = first if i == 0 and first else " " * indent
            block(value, indent, f"{prefix}{key}:")

    def sequence(items: list[Any], indent: int) -> None:
        for item in items:
            dash = " " * indent + "-" + " " * rnd.choice([1, 1, 1, 3])
            if isinstance(item, dict) and item:
                mapping(item, len(dash), first=dash)
            elif isinstance(item, str):
                block(item, indent, dash.rstrip())
            else:
                block(item, indent, " " * indent + "-")

    mapping(tree, 0)
    return "\n".join(lines) + rnd.choice(["", "\n", "\n\n", "\n# end"])


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(PLAIN_KEYS, trees(PLAIN_KEYS, PLAIN_VALUES), min_size=1), st.randoms())
def test_generated_plain_trees_agree_with_libyaml(tree: dict[str, Any], rnd: Any) -> None:
    assert difference(render(tree, rnd)) is None


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(ANY_KEYS, trees(ANY_KEYS, ANY_VALUES), min_size=1), st.randoms())
def test_generated_trees_agree_with_libyaml(tree: dict[str, Any], rnd: Any) -> None:
    assert difference(render(tree, rnd)) is None


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_edits_of_the_seed_agree_with_libyaml(data: st.DataObject) -> None:
    text = ANSWERED["the seed"]
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        insert = data.draw(st.sampled_from([" ", "\n", "  ", "#", ":", "- ", "'", '"', "x", ""]))
        cut = data.draw(st.integers(0, 3))
        text = text[:at] + insert + text[at + cut :]
    assert difference(text) is None


def front_matters(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in {".md", ".markdown", ".html"} and path.is_file():
            found = frontmatter.split(path.read_bytes())
            if isinstance(found, frontmatter.FrontMatter):
                texts.append(found.text)
    return texts


@needs_shared
def test_real_corpus_agrees_with_libyaml() -> None:
    texts = front_matters(SHARED / "corpus" / "real")
    assert len(texts) > 2000
    assert [d for d in map(difference, texts) if d is not None] == []
    assert sum(map(taken, texts)) > len(texts) // 2


@needs_shared
def test_labelled_corpus_agrees_with_libyaml(tmp_path: Path) -> None:
    import subprocess
    import sys

    maker = SHARED / "corpus" / "make_corpus.py"
    subprocess.run(
        [sys.executable, str(maker), str(tmp_path), "--files", "600", "--seed", "5"],
        check=True,
        capture_output=True,
    )
    texts = front_matters(tmp_path)
    assert [d for d in map(difference, texts) if d is not None] == []
    assert sum(map(taken, texts)) > len(texts) // 2


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="\\\"abxuU0123456789DEFdefnNLP_ /'é", max_size=16))
def test_double_quoted_escapes_agree_with_libyaml(inside: str) -> None:
    assert difference(f'a: "{inside}"\nb: 1\n') is None


@needs_shared
def test_real_corpus_report_does_not_depend_on_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    from linter import lint_paths

    folder = str(SHARED / "corpus" / "real")
    with_c = [p.as_dict() for p in lint_paths([folder])]
    monkeypatch.setattr(yamlload, "_fastyaml", None)
    assert [p.as_dict() for p in lint_paths([folder])] == with_c  # messages and pointers too
    assert len(with_c) > 1000


@pytest.mark.parametrize("count", [1, 63, 64, 65, 128, 129, 90_000, 90_001])
def test_every_value_keeps_its_marks_up_to_the_limit(count: int) -> None:
    # The marks grow in one buffer (64 values, then doubling); past the C parser's limit of
    # 90,000 values it declines and libyaml (which reports the limit) takes over.
    assert fast is not None
    text = "".join(f"k{i}: {i}\n" for i in range(count))
    answer = fast.parse(text, yamlload._plain_value, yamlload._BAIL)
    if count > 90_000:
        assert answer is None
        return
    assert answer is not None
    data, spans, _, _ = answer
    nodes = yamlload.PackedSpans(spans, 2)
    assert len(data) == len(nodes) == count
    last = f"/k{count - 1}"
    assert nodes[last].key == Position(count + 1, 1)
    assert nodes[last].value == Position(count + 1, len(f"k{count - 1}: ") + 1)
