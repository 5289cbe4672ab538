from conftest import replace


def test_bad_label(lint):
    text = replace("domain: harbour-news.example.com", "domain: harbour_news.example.com")
    assert (15, 11, "invalid-domain") in lint(text)
