"""Online checks against real HTTP servers on loopback addresses (never any other address)."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("aiohttp")

from httpserver import ONLINE, Site, serve
from httpserver import lint_online as lint
from httpserver import online_codes as codes
from httpserver import write_article as write

from linter.cli import main
from linter.guard.netguard import Policy, ip_literal
from linter.online import imagesize


@pytest.fixture
def servers() -> Iterator[tuple[str, Site, str, Site]]:
    with serve("127.0.0.1") as (base, site), serve("127.0.0.2") as (other, forbidden):
        site.other = other
        yield base, site, other, forbidden


def test_every_outcome(tmp_path: Path, servers: tuple[str, Site, str, Site]) -> None:
    base, site, _, forbidden = servers
    cases = {
        "ok": "/ok",
        "notfound": "/404",
        "gone": "/410",
        "moved": "/moved",
        "temp": "/temp",
        "loop": "/loop-a",
        "stall": "/stall",
        "limited": "/flaky429",
        "flaky": "/flaky503",
        "nohead": "/nohead",
        "cf": "/cf",
        "out": "/out",
        "down": "/500",
    }
    for name, path in cases.items():
        write(tmp_path, name, base, base + path)
    write(tmp_path, "img-big", base, base + "/ok", image=base + "/img/big.jpg")
    write(tmp_path, "img-page", base, base + "/ok", image=base + "/img/page")
    write(tmp_path, "img-gif", base, base + "/ok", image=base + "/img/small.gif", size=(10, 20))
    write(tmp_path, "img-webp", base, base + "/ok", image=base + "/img/pic.webp", size=(640, 480))
    problems = lint(tmp_path, "--allow-host", "localhost")
    assert codes(problems, "ok") == []
    assert codes(problems, "notfound") == [("dead-link", "error", "/webUrl")]
    assert codes(problems, "gone") == [("dead-link", "error", "/webUrl")]
    assert codes(problems, "moved") == [("permanent-redirect", "warning", "/webUrl")]
    assert codes(problems, "temp") == []
    assert codes(problems, "loop") == [("redirect-loop", "error", "/webUrl")]
    assert codes(problems, "stall") == [("unverifiable-link", "warning", "/webUrl")]
    assert codes(problems, "limited") == [] and site.requests["/flaky429"] == 2
    assert codes(problems, "flaky") == [] and site.requests["/flaky503"] == 2
    assert codes(problems, "nohead") == []
    assert codes(problems, "cf") == [("unverifiable-link", "warning", "/webUrl")]
    assert codes(problems, "down") == [("unverifiable-link", "warning", "/webUrl")]
    assert codes(problems, "out") == [("unchecked-link", "warning", "/webUrl")]
    assert sum(forbidden.requests.values()) == 0
    assert codes(problems, "img-big") == [("image-size-mismatch", "error", "/images/0")]
    big = next(p for p in problems if p["code"] == "image-size-mismatch")
    assert "1200x675 pixels but the front matter says 600x398" in str(big["message"])
    assert 0 < site.sent["/img/big.jpg"] < 600_000  # read in part: the image is 3 MB
    assert codes(problems, "img-page") == [("not-an-image", "error", "/images/0/url")]
    assert codes(problems, "img-gif") == [] and codes(problems, "img-webp") == []
    moved = next(p for p in problems if p["code"] == "permanent-redirect")
    assert str(moved["message"]).endswith(
        f"permanently redirects to {base}/ok; expected the final url"
    )


def test_second_run_asks_nothing_for_links_found_alive(
    tmp_path: Path, servers: tuple[str, Site, str, Site]
) -> None:
    base, site, _, _ = servers
    write(tmp_path, "a", base, base + "/ok")
    write(tmp_path, "b", base, base + "/404")
    lint(tmp_path)
    first = sum(site.requests.values())
    assert first > 0
    problems = lint(tmp_path)
    assert codes(problems, "b") == [("dead-link", "error", "/webUrl")]
    assert (
        sum(site.requests.values()) - first == site.requests["/404"] - 1 == 1
    )  # only the dead one again


@pytest.mark.parametrize(
    "spelling",
    [
        "127.0.0.2",
        "2130706434",
        "0x7f000002",
        "127.2",
        "0177.0.0.2",
        "[::ffff:127.0.0.2]",
        "[::ffff:7f00:2]",
    ],
)
def test_refused_in_every_spelling(
    tmp_path: Path, servers: tuple[str, Site, str, Site], spelling: str
) -> None:
    base, _, other, forbidden = servers
    port = other.rsplit(":", 1)[1]
    write(tmp_path, "a", base, f"http://{spelling}:{port}/secret")
    problems = lint(tmp_path)
    assert ("unchecked-link", "warning", "/webUrl") in codes(problems, "a") or any(
        p["code"] == "invalid-url" for p in problems
    )
    assert sum(forbidden.requests.values()) == 0


def test_a_name_that_resolves_to_loopback_is_refused(tmp_path: Path) -> None:
    with serve("127.0.0.1") as (base, site):
        port = base.rsplit(":", 1)[1]
        write(tmp_path, "a", f"http://localhost:{port}", f"http://localhost:{port}/ok")
        out = io.StringIO()
        main(
            [
                "--format",
                "json",
                "--online",
                "--no-cache",
                "--allow-host",
                "127.0.0.3",
                str(tmp_path),
            ],
            out=out,
        )
        problems = [p for p in json.loads(out.getvalue()) if p["code"] in ONLINE]
        assert ("unchecked-link", "warning", "/webUrl") in codes(problems, "a")
        assert sum(site.requests.values()) == 0


def test_a_rate_limited_host_passes_politely(tmp_path: Path) -> None:
    with serve("127.0.0.1") as (base, _):
        for i in range(40):
            write(tmp_path, f"r{i}", base, f"{base}/rate/{i}")
        started = time.monotonic()
        problems = lint(tmp_path, "--no-cache")
        elapsed = time.monotonic() - started
    assert [
        p for p in problems if p["severity"] in ("error", "warning") and "rate" in str(p["message"])
    ] == []
    assert elapsed < 60  # a sanity bound only; the benchmark measures speed


def test_policy_and_literals() -> None:
    assert str(ip_literal("2130706433")) == "127.0.0.1"
    assert str(ip_literal("0x7f000001")) == "127.0.0.1"
    assert str(ip_literal("127.1")) == "127.0.0.1"
    assert ip_literal("example.com") is None
    policy = Policy.from_allowed(["10.0.0.0/8", "intranet.example"])
    assert policy.literal_refusal("10.1.2.3") is None
    assert "private" in str(policy.literal_refusal("192.168.1.1"))
    assert "shared" in str(policy.literal_refusal("100.64.0.1"))
    assert "link-local" in str(policy.literal_refusal("169.254.169.254"))
    assert "loopback" in str(policy.literal_refusal("[::ffff:127.0.0.1]"))
    assert policy.literal_refusal("93.184.216.34") is None


def test_image_header_parsing() -> None:
    from httpserver import gif, jpeg, png, webp

    assert imagesize.size(png(600, 398)) == (600, 398)
    assert imagesize.size(gif(10, 20)) == (10, 20)
    assert imagesize.size(webp(640, 480)) == (640, 480)
    big = jpeg(1200, 675, padding=150_000)
    assert imagesize.size(big[:1000]) == imagesize.NEED_MORE
    assert imagesize.size(big) == (1200, 675)
    assert imagesize.size(b"<html>" * 10) is None
