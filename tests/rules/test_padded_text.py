import pytest
from conftest import article, replace


@pytest.mark.parametrize("pad", [" ", "\t", "\u00a0"])
def test_padded_title(lint, pad):
    assert lint(article(title=f'"{pad}Harbour news{pad}"')) == [(3, 8, "padded-text")]


def test_silenced_by_config_and_inline(lint):
    text = article(title='" Harbour news"')
    assert lint(text, {"ignore": ["padded-text"]}) == []
    inline = text.replace('" Harbour news"', '" Harbour news"  # article-lint: disable=padded-text')
    assert lint(inline) == []


def _own(tmp_path) -> dict[str, object]:
    import json

    names = ("title", "description", "summary")
    schema = {"type": "object", "properties": {n: {"type": "string"} for n in names}}
    (tmp_path / "s.json").write_text(json.dumps(schema))
    return {"schema": str(tmp_path / "s.json")}


def test_block_scalars_keep_their_final_line_break(lint, tmp_path):
    text = "---\ndescription: |\n  Keeps its final newline.\nsummary: >\n  Folded.\n---\n"
    assert lint(text, _own(tmp_path)) == []
    toml = '+++\ntitle = """\nA title\n"""\n+++\n'
    assert lint(toml, _own(tmp_path)) == []


def test_a_padded_value_over_two_lines_is_fixed(tmp_path):
    from linter.config import from_table
    from linter.engine.fix import fix_file
    from linter.engine.runner import lint_bytes

    config = from_table(_own(tmp_path), root=tmp_path)
    text = '---\ntitle: "A long\n  title "\n---\n'
    result = lint_bytes("a.md", text.encode(), config)
    assert [(p.line, p.code) for p in result.problems] == [(2, "padded-text")]
    outcome = fix_file("a.md", text.encode(), list(result.problems), config)
    assert outcome.after == b'---\ntitle: "A long title"\n---\n'


def test_padded_list_items_and_nested_texts(lint):
    text = replace("  - AI Ethics\n", '  - " AI Ethics"\n')
    text = replace('  - title: "Port Sensors', '  - title: "  Port Sensors', text)
    assert lint(text) == [(18, 5, "padded-text"), (28, 12, "padded-text")]
