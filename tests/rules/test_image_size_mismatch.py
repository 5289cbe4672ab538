import pytest

pytest.importorskip("aiohttp")
from httpserver import lint_online, online_codes, serve, write_article

from linter.cli import main


def test_real_size_differs_and_is_fixed(tmp_path):
    with serve("127.0.0.1") as (base, _):
        path = write_article(
            tmp_path, "a", base, base + "/ok", image=base + "/img/small.gif", size=(100, 200)
        )
        assert online_codes(lint_online(tmp_path), "a") == [
            ("image-size-mismatch", "error", "/images/0")
        ]
        main(["--online", "--fix", "--allow-host", "127.0.0.1", "--no-cache", str(path)])
        assert "    width: 10\n    height: 20\n" in path.read_text()
