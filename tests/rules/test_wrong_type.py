from conftest import article

from linter.engine.runner import lint_text


def test_quoted_number(lint):
    assert lint(article(quality='"high"')) == [(9, 10, "wrong-type")]


def test_message_says_found_and_expected():
    [problem] = lint_text(article(quality='"high"'), "a.md")
    assert problem.message == '"quality" must be an integer (got "high")'


def test_string_for_list(lint):
    text = article(topics='"AI"').replace("  - AI Ethics\n  - AI\n", "")
    assert lint(text) == [(17, 9, "wrong-type")]
