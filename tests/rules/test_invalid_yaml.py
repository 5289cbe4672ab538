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
