import pytest
from conftest import article


@pytest.mark.parametrize("pad", [" ", "\t", "\u00a0"])
def test_padded_title(lint, pad):
    assert lint(article(title=f'"{pad}Harbour news{pad}"')) == [(3, 8, "padded-text")]


def test_silenced_by_config_and_inline(lint):
    text = article(title='" Harbour news"')
    assert lint(text, {"ignore": ["padded-text"]}) == []
    inline = text.replace('" Harbour news"', '" Harbour news"  # article-lint: disable=padded-text')
    assert lint(inline) == []
