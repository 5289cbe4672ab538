from conftest import seed_text


def test_missing_closing_line(lint):
    text = seed_text().replace("\n---\n", "\n", 1)
    [(line, _, code)] = lint(text)
    assert code == "unterminated-front-matter"
    assert line == text.count("\n") + 1 - (1 if text.endswith("\n") else 0)
