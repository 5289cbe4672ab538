import pytest

pytest.importorskip("aiohttp")
from httpserver import lint_online, online_codes, serve, write_article


def test_server_errors_warn_and_can_be_made_errors(tmp_path):
    with serve("127.0.0.1") as (base, site):
        write_article(tmp_path, "a", base, base + "/500")
        (tmp_path / ".article-lint.toml").write_text(
            'severity = { "unverifiable-link" = "error" }\n[online]\nretries = 1\n'
        )
        problems = lint_online(tmp_path, "--config", str(tmp_path / ".article-lint.toml"))
    assert online_codes(problems, "a") == [("unverifiable-link", "error", "/webUrl")]
    assert site.requests["/500"] == 2  # one retry
