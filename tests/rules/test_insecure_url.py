from conftest import replace


def test_http_image(lint):
    text = replace('url: "https://harbour-news', 'url: "http://harbour-news')
    assert lint(text) == [(22, 10, "insecure-url")]
