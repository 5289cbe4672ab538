import pytest
from conftest import article, replace


@pytest.mark.parametrize("char", ["\\u202e", "\\u2066", "\\x07"])
def test_hidden_characters(lint, char):
    assert lint(article(title=f'"Invoice {char}fdp.exe"')) == [(3, 8, "control-character")]


def test_right_to_left_mark_is_text(lint):
    assert lint(article(title='"שלום \\u200f world"')) == []


def test_hidden_characters_in_list_items_and_nested_texts(lint):
    # Every text field, list items and nested articles included, is looked at.
    text = replace("  - AI Ethics\n", '  - "AI \\u202eEthics"\n')
    text = replace('    excerpt: "Old tide', '    excerpt: "Old \\x07tide', text)
    assert lint(text) == [(18, 5, "control-character"), (29, 14, "control-character")]
