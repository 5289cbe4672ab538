from conftest import replace

from linter.reading.frontmatter import MAX_BYTES as MAX_FRONT_MATTER


def test_nesting_too_deep(lint):
    text = replace("\ntype: article\n", "\ntype: article\nx: " + "[" * 100 + "]" * 100 + "\n")
    assert [code for _, _, code in lint(text)] == ["limit-exceeded"]


def test_front_matter_too_large(lint):
    text = replace("\ntype: article\n", "\ntype: article\nx: '" + "a" * MAX_FRONT_MATTER + "'\n")
    assert lint(text) == [(1, 1, "limit-exceeded")]
