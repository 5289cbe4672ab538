"""YAML with positions: plain data, timestamps as text, duplicates and tags reported."""

from __future__ import annotations

from linter.model import Position
from linter.reading import yamllib, yamlload


def parse(text: str) -> yamlload.Parsed:
    return yamlload.parse(text, first_line=2)


def test_values_know_their_line_and_column() -> None:
    parsed = parse("title: x\nimages:\n  - url: u\n    width: 600\n")
    assert parsed.data == {"title": "x", "images": [{"url": "u", "width": 600}]}
    assert parsed.nodes["/title"].value == Position(2, 8)
    assert parsed.nodes["/images/0/width"].value == Position(5, 12)
    assert parsed.nodes["/images/0"].key == Position(4, 5)
    assert parsed.nodes["/images"].key == Position(3, 1)


def test_timestamps_stay_the_text_that_was_written() -> None:
    parsed = parse("a: 2023-11-09T01:31:00Z\nb: 2023-13-09T01:31:00Z\nc: 2023-11-09\n")
    assert parsed.data == {
        "a": "2023-11-09T01:31:00Z",
        "b": "2023-13-09T01:31:00Z",
        "c": "2023-11-09",
    }
    assert parsed.findings == []


def test_scalars_follow_yaml_core_types() -> None:
    parsed = parse("i: 12\nf: 600.5\ne: 1e3\nb: true\nn: ~\ns: '12'\nh: 0x10\n")
    assert parsed.data == {
        "i": 12,
        "f": 600.5,
        "e": "1e3",
        "b": True,
        "n": None,
        "s": "12",
        "h": 16,
    }


def test_duplicate_keys_are_reported_at_the_second_and_the_last_wins() -> None:
    parsed = parse("title: a\nother: 1\ntitle: b\n")
    assert parsed.data["title"] == "b"
    [(code, finding)] = parsed.findings
    assert code == "duplicate-key"
    assert finding.pointer == "/title" and finding.position == Position(4, 1)
    assert "first defined on line 2" in finding.message


def test_python_and_custom_tags_are_reported_never_executed() -> None:
    parsed = parse("a: !!python/object/apply:os.system ['touch /tmp/pwned']\nb: !custom x\n")
    assert [code for code, _ in parsed.findings] == ["unsupported-tag", "unsupported-tag"]
    assert parsed.data["b"] == "x"


def test_merge_keys_merge_and_explicit_keys_win() -> None:
    parsed = parse("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n")
    assert parsed.data["item"] == {"y": 3, "x": 1}
    assert parsed.findings == []


def test_alias_bomb_is_bounded() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    parsed = parse("\n".join(lines) + "\n")
    assert [code for code, _ in parsed.findings] == ["limit-exceeded"]
    assert parsed.data is None


def test_deep_nesting_is_bounded() -> None:
    parsed = parse("a: " + "[" * 200 + "]" * 200 + "\n")
    assert [code for code, _ in parsed.findings] == ["limit-exceeded"]


def test_recursive_alias_does_not_hang() -> None:
    parsed = parse("a: &x [*x]\n")
    assert [code for code, _ in parsed.findings] in (["limit-exceeded"], ["invalid-yaml"])


def test_syntax_error_is_placed_on_its_line() -> None:
    parsed = parse("a: 1\nprovider:\n  name: x\n   domain: y\n")
    [(code, finding)] = parsed.findings
    assert code == "invalid-yaml"
    assert finding.position is not None and finding.position.line == 5


def test_complex_keys_are_reported() -> None:
    parsed = parse("? [a, b]\n: 1\nc: 2\n")
    assert [code for code, _ in parsed.findings] == ["non-string-key"]
    assert parsed.data == {"c": 2}


def _tags(node: object) -> list[str]:
    import yaml as pyyaml

    out: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, pyyaml.Node):
            out.append(current.tag)
            if isinstance(current, pyyaml.SequenceNode):
                stack.extend(current.value)
            elif isinstance(current, pyyaml.MappingNode):
                stack.extend(item for pair in current.value for item in pair)
    return out


def test_fast_resolver_gives_pyyamls_tags() -> None:
    import yaml as pyyaml
    from conftest import SHARED, seed_text

    texts = [
        seed_text().split("---\n")[1],
        "a: [1, 1.5, true, ~, '', '1', !!str 2, 2023-01-01, .nan, 0x1f, yes, on]\n",
    ]
    suite = SHARED / "corpus" / "yaml-test-suite"
    texts += [p.read_text(errors="replace") for p in sorted(suite.glob("*/in.yaml"))]
    for text in texts:
        try:
            ours = yamllib.yaml.compose(text, Loader=yamllib._Loader)
            theirs = pyyaml.compose(text, Loader=pyyaml.SafeLoader)
        except (pyyaml.YAMLError, ValueError):
            continue
        assert _tags(ours) == _tags(theirs), text
