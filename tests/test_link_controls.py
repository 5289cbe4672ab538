"""The link controls of ``[online]``: exclude, accept, headers and remap, on loopback servers."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("aiohttp")

from httpserver import Site, png, serve
from httpserver import lint_online as lint
from httpserver import online_codes as codes
from httpserver import write_article as write

from linter.cli import main


@pytest.fixture
def site() -> Iterator[tuple[str, Site]]:
    with serve("127.0.0.1") as served:
        yield served


def configure(folder: Path, text: str) -> None:
    (folder / ".article-lint.toml").write_text(text)


def test_exclude_is_never_requested(tmp_path: Path, site: tuple[str, Site]) -> None:
    base, served = site
    write(tmp_path, "skipped", base, base + "/404")
    write(tmp_path, "checked", base, base + "/410")
    configure(tmp_path, '[online]\nexclude = ["/404$"]\n')
    problems = lint(tmp_path, "--config", str(tmp_path / ".article-lint.toml"))
    assert codes(problems, "skipped") == []
    assert codes(problems, "checked") == [("dead-link", "error", "/webUrl")]
    assert served.requests["/404"] == 0


def test_exclude_on_the_command_line(tmp_path: Path, site: tuple[str, Site]) -> None:
    base, served = site
    write(tmp_path, "skipped", base, base + "/404")
    assert codes(lint(tmp_path, "--exclude-link", r"/40\d"), "skipped") == []
    assert served.requests["/404"] == 0


def test_accepted_status_is_alive(tmp_path: Path, site: tuple[str, Site]) -> None:
    base, _ = site
    write(tmp_path, "walled", base, base + "/forbidden")
    assert codes(lint(tmp_path), "walled") == [("unverifiable-link", "warning", "/webUrl")]
    assert codes(lint(tmp_path, "--accept", "403"), "walled") == []
    configure(tmp_path, '[online]\naccept = ["400..403"]\n')
    assert codes(lint(tmp_path, "--config", str(tmp_path / ".article-lint.toml")), "walled") == []
    # Accepted is not remembered: without the setting, the next run asks again.
    rows = sqlite3.connect(next((tmp_path / ".cache").rglob("links-*.sqlite")))
    assert rows.execute("select count(*) from links where url like '%forbidden'").fetchone() == (0,)


def test_remap_to_a_local_build(tmp_path: Path, site: tuple[str, Site]) -> None:
    base, served = site
    build = tmp_path / "_site"
    (build / "news" / "story").mkdir(parents=True)
    (build / "news" / "story" / "index.html").write_text("<p>story</p>")
    (build / "about.html").write_text("<p>about</p>")
    (build / "img").mkdir()
    (build / "img" / "cover.png").write_bytes(png(600, 398))
    (build / "img" / "wide.png").write_bytes(png(1200, 398))
    site_url = "https://everyday.example/"
    write(tmp_path, "folder", base, site_url + "news/story/", image=site_url + "img/cover.png")
    write(tmp_path, "file", base, site_url + "about.html?x=1#top", image=site_url + "img/cover.png")
    write(tmp_path, "missing", base, site_url + "news/gone", image=site_url + "img/cover.png")
    write(tmp_path, "climb", base, site_url + "../../etc/passwd", image=site_url + "img/cover.png")
    write(tmp_path, "sized", base, site_url + "about.html", image=site_url + "img/wide.png")
    configure(tmp_path, f'[online.remap]\n"{site_url}" = "_site/"\n')
    problems = lint(tmp_path, "--config", str(tmp_path / ".article-lint.toml"))
    assert codes(problems, "folder") == []
    assert codes(problems, "file") == []
    assert codes(problems, "missing") == [("dead-link", "error", "/webUrl")]
    assert codes(problems, "climb") == [("dead-link", "error", "/webUrl")]
    assert codes(problems, "sized") == [("image-size-mismatch", "error", "/images/0")]
    missing = next(p for p in problems if str(p["file"]).endswith("missing.md"))
    assert "no file _site/news/gone or _site/news/gone/index.html" in str(missing["message"])
    # Nothing under the remapped prefix went to the network.
    assert all(not path.startswith(("/news", "/about", "/img/cover")) for path in served.requests)


def test_remap_never_follows_links_out_of_the_build(tmp_path: Path, site: tuple[str, Site]) -> None:
    base, _ = site
    outside = tmp_path.parent / (tmp_path.name + "-outside")
    outside.mkdir()
    (outside / "secret.html").write_text("secret")
    build = tmp_path / "_site"
    build.mkdir()
    (build / "door").symlink_to(outside)
    write(tmp_path, "door", base, "https://everyday.example/door/secret.html")
    problems = lint(tmp_path, "--remap", f"https://everyday.example/ {build}")
    assert codes(problems, "door") == [("unverifiable-link", "warning", "/webUrl")]
    assert "symbolic link" in str(problems[0]["message"])


def test_a_configuration_cannot_remap_outside_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(tmp_path, '[online.remap]\n"https://x.example/" = "../elsewhere"\n')
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n")
    code = main(["--config", str(tmp_path / ".article-lint.toml"), str(tmp_path)])
    assert code == 2 and "outside" in capsys.readouterr().err


def test_remap_to_another_prefix(tmp_path: Path, site: tuple[str, Site]) -> None:
    base, served = site
    write(tmp_path, "moved", base, "https://production.example/ok")
    problems = lint(tmp_path, "--remap", f"https://production.example/ {base}/")
    assert codes(problems, "moved") == []
    assert served.requests["/ok"] >= 1


def test_headers_go_to_their_host_only(
    tmp_path: Path, site: tuple[str, Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, served = site
    monkeypatch.setenv("TEST_TOKEN", "s3cret")
    with serve("127.0.0.2") as (other, other_site):
        write(tmp_path, "private", base, base + "/private")
        write(tmp_path, "elsewhere", base, other + "/ok")
        problems = lint(
            tmp_path,
            "--allow-host",
            "127.0.0.2",
            "--header",
            "127.0.0.1=Authorization: Bearer ${TEST_TOKEN}",
        )
    assert codes(problems, "private") == []
    assert served.seen_headers["/private"]["Authorization"] == "Bearer s3cret"
    assert "Authorization" not in other_site.seen_headers["/ok"]
    # The token is in no report and no cache file.
    for path in (tmp_path / ".cache").rglob("*"):
        if path.is_file():
            assert b"s3cret" not in path.read_bytes()


def test_secrets_stay_out_of_a_configuration_under_review(
    tmp_path: Path,
    site: tuple[str, Site],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base, served = site
    monkeypatch.setenv("TEST_TOKEN", "s3cret")
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "private", base, base + "/private")
    table = '[online.headers]\n"127.0.0.1" = { Authorization = "Bearer ${TEST_TOKEN}" }\n'
    configure(tmp_path, table)
    args = ["--online", "--allow-host", "127.0.0.1", "--no-cache", str(tmp_path)]
    assert main(args) == 2
    assert "part of the tree under review" in capsys.readouterr().err
    assert "/private" not in served.requests
    # The same table, kept outside the tree and named on the command line, is trusted.
    trusted = tmp_path.parent / (tmp_path.name + "-ci.toml")
    trusted.write_text(table)
    (tmp_path / ".article-lint.toml").unlink()
    out = io.StringIO()
    main(["--format", "json", "--config", str(trusted), *args], out=out)
    assert not [p for p in json.loads(out.getvalue()) if p["code"] == "unverifiable-link"]
    assert served.seen_headers["/private"]["Authorization"] == "Bearer s3cret"


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('exclude = ["("]', "not a regular expression"),
        ("accept = [700]", "status code"),
        ('accept = ["300..200"]', "ends before it starts"),
        ('headers = { "x" = { "Bad Name" = "v" } }', "not a header name"),
        ('remap = { "ftp://x/" = "_site" }', "http(s) URL prefix"),
    ],
)
def test_bad_controls_are_configuration_errors(
    tmp_path: Path, table: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(tmp_path, f"[online]\n{table}\n")
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n")
    assert main(["--config", str(tmp_path / ".article-lint.toml"), str(tmp_path)]) == 2
    assert expected in capsys.readouterr().err


def test_the_host_ceiling_is_never_exceeded(tmp_path: Path, site: tuple[str, Site]) -> None:
    base, served = site
    for i in range(60):
        write(tmp_path, f"paced{i}", base, f"{base}/paced/{i}")
    problems = lint(tmp_path, "--per-host", "3")
    assert [p for p in problems if str(p["file"]).split("/")[-1].startswith("paced")] == []
    assert served.peak <= 3
