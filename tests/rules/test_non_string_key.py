from conftest import replace


def test_list_as_key(lint):
    text = replace("\ntype: article\n", "\ntype: article\n? [a, b]\n: c\n")
    assert (9, 3, "non-string-key") in lint(text)
