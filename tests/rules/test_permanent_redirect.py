import pytest

pytest.importorskip("aiohttp")
from httpserver import lint_online, online_codes, serve, write_article

from linter.cli import main


def test_reported_and_fixed_with_the_final_url(tmp_path):
    with serve("127.0.0.1") as (base, _):
        path = write_article(tmp_path, "a", base, base + "/moved")
        assert online_codes(lint_online(tmp_path), "a") == [
            ("permanent-redirect", "warning", "/webUrl")
        ]
        assert main(
            ["--online", "--fix", "--allow-host", "127.0.0.1", "--no-cache", str(path)]
        ) in (0, 1)
        assert f'webUrl: "{base}/ok"' in path.read_text()
        assert online_codes(lint_online(tmp_path, "--no-cache"), "a") == []
