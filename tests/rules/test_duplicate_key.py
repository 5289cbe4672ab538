from conftest import replace


def test_second_title(lint):
    text = replace("\ntype: article\nquality", "\ntype: article\ntype: video\nquality")
    assert (9, 1, "duplicate-key") in lint(text)
