import pytest
from conftest import article


@pytest.mark.parametrize("char", ["\\u202e", "\\u2066", "\\x07"])
def test_hidden_characters(lint, char):
    assert lint(article(title=f'"Invoice {char}fdp.exe"')) == [(3, 8, "control-character")]


def test_right_to_left_mark_is_text(lint):
    assert lint(article(title='"שלום \\u200f world"')) == []
