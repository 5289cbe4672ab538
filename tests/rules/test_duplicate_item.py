from conftest import replace


def test_repeated_topic(lint):
    text = replace("  - AI Ethics\n  - AI\n", "  - AI\n  - AI Ethics\n  - AI\n")
    assert lint(text) == [(20, 5, "duplicate-item")]
