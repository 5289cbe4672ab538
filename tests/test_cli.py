"""The command line, through ``main(argv)``: output formats, exit codes, subcommands."""

from __future__ import annotations

import io
import json
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from conftest import SHARED, article, needs_shared, seed_text

from linter import report
from linter.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "good.md").write_text(seed_text())
    bad = article(
        publishedDateTime="2023-13-09T01:31:00Z",
        originalUrl='"https://other.example.com/b/"',
        webUrl='"https://other.example.com/b/"',
        title='"Other"',
    )
    (tmp_path / "bad.md").write_text(bad)
    return tmp_path


def test_clean_file_exits_0(repo: Path) -> None:
    assert run("good.md") == (0, "no problems in 1 file\n")


def test_text_output_and_exit_1(repo: Path) -> None:
    code, out = run("bad.md")
    assert code == 1
    assert out.splitlines() == [
        'bad.md:5:20: error [invalid-date] "publishedDateTime" is not a real date-time: month 13 does not exist '
        '(got "2023-13-09T01:31:00Z")',
        'bad.md:6:14: warning [url-host-mismatch] "originalUrl" is on other.example.com, not on the provider\'s '
        "domain harbour-news.example.com",
        "1 problem (1 error, 1 warning) in 1 of 1 file".replace("1 problem", "2 problems"),
        report.BUNDLED_NOTE,
    ]


def test_json_has_exactly_the_contract_keys(repo: Path) -> None:
    code, out = run("--format", "json", ".")
    problems = json.loads(out)
    assert code == 1
    assert {tuple(sorted(p)) for p in problems} == {
        ("code", "column", "file", "line", "message", "pointer", "severity")
    }
    assert {p["file"] for p in problems} == {"bad.md"}


def test_usage_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--no-such-option")[0] == 2
    assert run("missing.md")[0] == 2
    assert "no such file or folder: missing.md" in capsys.readouterr().err
    assert run("--select", "no-such-rule", ".")[0] == 2
    assert run("--shard", "4/3", ".")[0] == 2
    (repo / ".article-lint.toml").write_text("selectt = []\n")
    assert run(".")[0] == 2
    assert "unknown key 'selectt'" in capsys.readouterr().err


def test_strict_fails_on_warnings(repo: Path) -> None:
    (repo / "bad.md").unlink()
    (repo / "warn.md").write_text(
        article(
            title='" Padded"',
            originalUrl='"https://harbour-news.example.com/w/"',
            webUrl='"https://harbour-news.example.com/w/"',
        )
    )
    assert run("warn.md")[0] == 0
    assert run("--strict", "warn.md")[0] == 1


def test_select_and_ignore(repo: Path) -> None:
    code, out = run("--format", "json", "--ignore", "invalid-date,url-host-mismatch", "bad.md")
    assert (code, json.loads(out)) == (0, [])
    code, out = run("--format", "json", "--select", "invalid-date", "bad.md")
    assert [p["code"] for p in json.loads(out)] == ["invalid-date"]


def test_github_format_is_chosen_on_github_actions(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out = run("bad.md")
    assert out.splitlines()[0] == (
        '::error file=bad.md,line=5,col=20,title=invalid-date::"publishedDateTime" is not a real date-time: '
        'month 13 does not exist (got "2023-13-09T01:31:00Z")'
    )


@needs_shared
def test_sarif_validates_against_the_official_schema(repo: Path) -> None:
    _, out = run("--format", "sarif", ".")
    log = json.loads(out)
    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    rule_ids = {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in log["runs"][0]["results"]} <= rule_ids


def test_junit_and_markdown(repo: Path) -> None:
    _, out = run("--format", "junit", ".")
    suite = ElementTree.fromstring(out).find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    _, out = run("--format", "markdown", ".")
    assert "| `invalid-date` | error | 1 |" in out and "### `bad.md`" in out


def test_output_file_and_statistics(repo: Path) -> None:
    code, out = run("--format", "json", "--output-file", "r.json", "--statistics", ".")
    assert code == 1
    assert len(json.loads((repo / "r.json").read_text())) == 2
    assert "bad.md:5:20" in out and "invalid-date" in out.splitlines()[-2] + out.splitlines()[-1]


def test_shards_together_report_exactly_one_run(repo: Path) -> None:
    for i in range(5):
        (repo / f"dup{i}.md").write_text(article(title=f'"T{i}"'))
    _, whole = run("--format", "json", ".")
    parts = [json.loads(run("--format", "json", "--shard", f"{k}/3", ".")[1]) for k in (1, 2, 3)]
    together = [problem for part in parts for problem in part]
    assert sorted(map(json.dumps, together)) == sorted(map(json.dumps, json.loads(whole)))
    files = [{p["file"] for p in part} for part in parts]
    assert not (files[0] & files[1] or files[1] & files[2] or files[0] & files[2])


def test_baseline_reports_only_new_problems(repo: Path) -> None:
    assert run("--write-baseline", "base.json", ".")[0] == 1
    assert run("--baseline", "base.json", ".") == (0, "no problems in 2 files\n")
    # Lines moving do not change a fingerprint; a new problem is reported.
    text = (repo / "bad.md").read_text().replace("category: news\n", "category: news\n\n")
    (repo / "bad.md").write_text(text.replace('"Other"', '" Other"'))
    code, out = run("--format", "json", "--baseline", "base.json", ".")
    assert (code, [p["code"] for p in json.loads(out)]) == (0, ["padded-text"])


def test_rules_and_rule_and_schema_commands(repo: Path) -> None:
    code, out = run("rules", "--format", "json")
    listing = json.loads(out)
    assert code == 0 and {"id", "severity", "fixable", "summary"} == set(listing[0])
    code, out = run("rule", "future-date")
    assert code == 0 and "tolerance-days" in out
    assert run("rule", "future-dates")[0] == 2
    code, out = run("schema")
    assert json.loads(out)["title"] == "Article front matter"
    code, out = run("schema", "--path")
    assert Path(out.strip()).is_file()


def test_python_dash_m(repo: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "linter", "good.md"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "no problems in 1 file\n")


def test_paths_win_over_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A content folder named like a command is linted; 'check' is the explicit form."""
    monkeypatch.chdir(tmp_path)
    for folder in ("schema", "rules"):
        Path(folder).mkdir()
        Path(folder, "a.md").write_text(article(publishedDateTime="2023-02-30T01:31:00Z"))
        out = io.StringIO()
        assert main([folder, "--no-cache"], out=out) == 1
        assert "invalid-date" in out.getvalue()
    out = io.StringIO()
    assert main(["check", "--no-cache", "schema"], out=out) == 1
    assert "schema/a.md" in out.getvalue()
    out = io.StringIO()
    assert main(["rule", "invalid-date"], out=out) == 0  # no path "rule": the command


def test_reports_fit_their_channels(repo: Path) -> None:
    """Markdown shows messages as written and stays under GitHub's 1 MiB; JUnit fails on
    errors only (warnings too with --strict); SARIF results carry fingerprints."""
    from linter import report
    from linter.model import Problem, Severity

    entity = Problem("a*b.md", 3, 8, "html-entity", Severity.INFO, "title has &ldquo; and *x*")
    out = report.markdown([entity], report.Summary(("a*b.md",)))
    assert "title has &amp;ldquo; and \\*x\\*" in out
    many = [
        Problem(f"f{i:05d}.md", 1, 1, "missing-field", Severity.ERROR, "x" * 200)
        for i in range(20_000)
    ]
    out = report.markdown(many, report.Summary(tuple(p.file for p in many)))
    assert len(out.encode()) <= report.MARKDOWN_LIMIT
    assert out.rstrip().endswith("or text report._") and "more problems in" in out
    warning = Problem("w.md", 3, 8, "padded-text", Severity.WARNING, "padded")
    suite = ElementTree.fromstring(report.junit([warning], report.Summary(("w.md",))))
    assert suite.find("testsuite").get("failures") == "0"  # type: ignore[union-attr]
    strict = ElementTree.fromstring(report.junit([warning], report.Summary(("w.md",), strict=True)))
    assert strict.find("testsuite").get("failures") == "1"  # type: ignore[union-attr]
    _, out = run("--format", "sarif", ".")
    results = json.loads(out)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["articleLintField/v1"] for r in results]
    assert results and all(len(p) == 32 for p in prints) and len(set(prints)) == len(prints)
