import pytest

pytest.importorskip("aiohttp")
from httpserver import lint_online, online_codes, serve, write_article


def test_html_served_as_image(tmp_path):
    with serve("127.0.0.1") as (base, _):
        write_article(tmp_path, "a", base, base + "/ok", image=base + "/img/page")
        problems = lint_online(tmp_path)
    assert online_codes(problems, "a") == [("not-an-image", "error", "/images/0/url")]
