from conftest import replace


def test_thin_image(lint):
    assert lint(replace("height: 398", "height: 5")) == [(22, 5, "extreme-aspect-ratio")]


def test_option(lint):
    text = replace("height: 398", "height: 5")
    assert lint(text, {"rules": {"extreme-aspect-ratio": {"max-ratio": 200.0}}}) == []
