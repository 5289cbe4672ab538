from conftest import replace


def test_uppercase_and_trailing_dot(lint):
    assert lint(
        replace("domain: harbour-news.example.com", "domain: Harbour-News.example.com.")
    ) == [(15, 11, "non-canonical-domain")]
