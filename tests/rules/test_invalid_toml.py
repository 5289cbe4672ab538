from linter.rules import registry


def test_a_syntax_error_at_its_place(lint):
    text = '+++\ntitle = "Harbours\ndate = 2024-01-05\n+++\nBody\n'
    assert lint(text) == [(2, 18, "invalid-toml")]


def test_a_key_defined_twice(lint):
    assert lint('+++\ntitle = "a"\n\ntitle = "b"\n+++\n') == [(4, 1, "invalid-toml")]


def test_an_impossible_date_is_refused_by_toml_itself(lint):
    assert lint("+++\ndate = 2023-02-30T10:00:00Z\n+++\n") == [(2, 8, "invalid-toml")]


def test_is_an_error_by_default():
    assert registry()["invalid-toml"].severity.value == "error"
