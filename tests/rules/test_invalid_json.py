from linter.rules import registry


def test_a_trailing_comma_at_its_place(lint):
    assert lint('{\n  "title": "Harbours",\n}\nBody\n') == [(3, 1, "invalid-json")]


def test_an_unclosed_string(lint):
    assert lint('{\n  "title": "Harbours\n}\n') == [(2, 12, "invalid-json")]


def test_is_an_error_by_default():
    assert registry()["invalid-json"].severity.value == "error"
