from conftest import replace


def test_unclosed_quote(lint):
    text = replace(
        'title: "Harbour Cities Test Shared Models for Flood Forecasting"',
        'title: "Harbour Cities Test Shared Models for Flood Forecasting',
    )
    [(line, _, code)] = lint(text)
    assert code == "invalid-yaml" and line in (3, 4)


def test_tab_indentation(lint):
    text = replace("  name: Harbour News", "\tname: Harbour News")
    [(line, _, code)] = lint(text)
    assert code == "invalid-yaml" and line in (13, 14)


def test_messages_say_what_is_wrong():
    from linter.engine.runner import lint_text

    cases = {
        '---\ntitle: "open\nb: 2\n---\n': "a quoted value opened on line 2 is never closed",
        "---\nprovider:\n\tname: x\n---\n": "a tab is used for indentation; expected spaces",
        "---\ntitle: @x\n---\n": "found '@', which cannot start a value; expected it quoted",
        "---\na: *nope\n---\n": "an alias refers to an anchor that does not exist",
    }
    for text, words in cases.items():
        [problem] = lint_text(text, "a.md")
        assert problem.code == "invalid-yaml" and words in problem.message, problem.message
