from conftest import replace


def test_double_slash(lint):
    text = replace("uploads/2023/11/tide", "uploads//2023/11/tide")
    assert lint(text) == [(22, 10, "double-slash-path")]


def test_url_in_query_is_fine(codes):
    text = replace("uploads/2023/11/tide-gauge.jpg", "img?u=https://x.example.com/a.jpg")
    assert "double-slash-path" not in codes(text)
