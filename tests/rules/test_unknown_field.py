from conftest import replace

from linter.engine.runner import lint_text


def test_did_you_mean():
    text = replace("\nwebUrl:", "\nwebURL:")
    problems = lint_text(text, "a.md")
    assert [(p.line, p.code, p.severity.value) for p in problems] == [
        (1, "missing-field", "error"),
        (7, "unknown-field", "error"),
    ]
    assert problems[1].message == 'unknown field "webURL"; did you mean "webUrl"?'
