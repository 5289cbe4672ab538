import pytest

pytest.importorskip("aiohttp")
from httpserver import lint_online, online_codes, serve, write_article


def test_not_allowed_address_gets_no_request(tmp_path):
    with serve("127.0.0.1") as (base, _), serve("127.0.0.4") as (other, site):
        write_article(tmp_path, "a", base, other + "/ok")
        problems = lint_online(tmp_path)
    assert online_codes(problems, "a") == [("unchecked-link", "warning", "/webUrl")]
    assert "127.0.0.4 is a loopback address; pass --allow-host" in str(problems[0]["message"])
    assert sum(site.requests.values()) == 0
