import pytest

pytest.importorskip("aiohttp")
from httpserver import lint_online, online_codes, serve, write_article


def test_404_and_refused_connection(tmp_path):
    with serve("127.0.0.1") as (base, _):
        write_article(tmp_path, "a", base, base + "/404")
        write_article(tmp_path, "b", base, "http://127.0.0.1:9/nothing-listens-here")
        problems = lint_online(tmp_path)
    assert online_codes(problems, "a") == [("dead-link", "error", "/webUrl")]
    assert online_codes(problems, "b") == [("dead-link", "error", "/webUrl")]
