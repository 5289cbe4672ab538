import pytest

pytest.importorskip("aiohttp")
from httpserver import lint_online, online_codes, serve, write_article


def test_loop(tmp_path):
    with serve("127.0.0.1") as (base, _):
        write_article(tmp_path, "a", base, base + "/loop-a")
        problems = lint_online(tmp_path)
    assert online_codes(problems, "a") == [("redirect-loop", "error", "/webUrl")]
    assert "redirect loop back to" in str(problems[0]["message"])
