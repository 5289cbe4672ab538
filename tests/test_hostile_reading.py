"""Hostile input to the reading layer and the reports (issue 23): each input is built here and
shown to hold. Costs are bounded by step counters and input limits, never by a clock: what
could hang runs in a subprocess with a generous timeout, so a regression fails instead of
stalling the suite."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from conftest import article

from linter import globs, report
from linter.cli import main
from linter.engine import discovery
from linter.guard import fsguard
from linter.model import Problem, Severity
from linter.reading import frontmatter, jsonmatter, tomlmatter, yamllib, yamlload
from linter.reading.parsed import MAX_VALUES

ROOT = Path(__file__).resolve().parent.parent
GENEROUS = 120  # seconds: what takes minutes when the bound is gone, well under a second with it


def bounded(code: str, cwd: Path | None = None) -> str:
    """Run ``code`` in a fresh interpreter; ``subprocess.TimeoutExpired`` fails the test."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=GENEROUS,
        cwd=cwd or ROOT,
        check=True,
    )
    return done.stdout


def run(*argv: str) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    code = main([*argv, "--format", "json"], out=out)
    return code, json.loads(out.getvalue()) if out.getvalue() else []


# --- merge keys ---------------------------------------------------------------------------


def merge_bomb(levels: int) -> str:
    """Each level merges the one below twice: 2**levels merged pairs in ~28 bytes a level."""
    lines = ["k0: &k0 {a: 1}"]
    lines += [f"k{i}: &k{i} {{<<: [*k{i - 1}, *k{i - 1}]}}" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_merge_keys_are_counted_against_the_value_limit() -> None:
    text = merge_bomb(30)
    assert len(text) < 900
    # Both entries: the fast parser (which declines anchors) and libyaml directly.
    out = bounded(
        f"""
        from linter.reading import yamlload, yamllib
        text = {text!r}
        for parse in (yamlload.parse, yamllib.parse):
            print([code for code, _ in parse(text, 2).findings])
        """
    )
    assert out.split("\n")[:2] == ["['limit-exceeded']", "['limit-exceeded']"]


def test_merge_keys_within_the_limit_still_merge() -> None:
    parsed = yamlload.parse("base: &b {a: 1, b: 2}\nitem:\n  <<: *b\n  b: 3\n", 2)
    assert parsed.findings == []
    assert parsed.data["item"] == {"b": 3, "a": 1}


def test_the_fast_parser_declines_merge_keys() -> None:
    from linter.reading import _fastyaml  # type: ignore[attr-defined]

    assert _fastyaml.parse(merge_bomb(3), yamlload._plain_value, object()) is None


def test_an_empty_merge_chain_is_counted_too() -> None:
    # Merging empty mappings adds no pair: the visits themselves must be counted.
    lines = ["e0: &e0 {}"] + [f"e{i}: &e{i} {{<<: [*e{i - 1}, *e{i - 1}]}}" for i in range(1, 40)]
    out = bounded(
        f"""
        from linter.reading import yamllib
        print([code for code, _ in yamllib.parse({chr(10).join(lines)!r}, 2).findings])
        """
    )
    assert out.strip() == "['limit-exceeded']"
    assert MAX_VALUES < 2**39


# --- globs and .gitignore -----------------------------------------------------------------

BACKTRACKER = "*a*a*a*a*a*a*a*a*a*a*a*a*b"
LONG_NAME = "a" * 200


def test_globs_match_in_linear_time() -> None:
    out = bounded(
        f"""
        from linter import globs
        print(globs.matches({BACKTRACKER!r}, {LONG_NAME!r}),
              globs.matches_any(["*.md", {BACKTRACKER!r}], "x/" + {LONG_NAME!r}),
              globs.matches({BACKTRACKER!r}, {LONG_NAME!r} + "b"))
        """
    )
    assert out.split() == ["False", "False", "True"]


def test_one_star_globs_stay_linear_on_deep_paths() -> None:
    # These go to Python's re (faster per call): one free repetition, tried once per '/'.
    assert not globs.backtracks("*.md") and globs.backtracks("a/**/b")
    out = bounded(
        """
        from linter import globs
        deep = "a/" * 20_000
        print([globs.matches(p, deep + tail) for p in ("*.md", "a/*", "?*")
               for tail in ("x", "x.m", "x.md")])
        """
    )
    assert out.strip() == str([False, False, True, True, True, True, True, True, True])


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.md", "a/b/c.md", True),
        ("docs/*.md", "docs/a.md", True),
        ("docs/*.md", "x/docs/a.md", False),
        ("docs/**/*.md", "docs/a/b/c.md", True),
        ("**/drafts", "a/drafts/b.md", True),
        ("[!a]b.md", "cb.md", True),
        ("[!a]b.md", "ab.md", False),
        ("[!a]b.md", "x/b.md", False),  # a class never matches a folder separator
        ("[a-c]?.md", "b1.md", True),
        ("[z-a].md", "[z-a].md", True),  # a reversed range is text, not an error
        ("[]].md", "].md", True),
        ("a b#(1).md", "a b#(1).md", True),
        ("new\nline.md", "new\nline.md", True),
    ],
)
def test_glob_semantics(pattern: str, path: str, expected: bool) -> None:
    assert globs.matches(pattern, path) is expected


def test_a_name_that_is_not_utf8_is_matched() -> None:
    name = os.fsdecode(b"caf\xe9.md")
    assert globs.matches("*.md", name)
    assert globs.compiled(("caf?.md",)).fullmatch(name)


def test_a_backtracking_gitignore_line_costs_linear_time(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text(f"{BACKTRACKER}\n" * 3 + "/drafts/\n")
    (tmp_path / f"{LONG_NAME}.md").write_text(article())
    (tmp_path / f"{LONG_NAME}b").mkdir()
    (tmp_path / f"{LONG_NAME}b" / "hidden.md").write_text(article())
    out = bounded(
        """
        from linter.config import Config
        from linter.engine import discovery
        print(sorted(f.name for f in discovery.discover(["."], Config())))
        """,
        cwd=tmp_path,
    )
    assert out.strip() == repr([f"{LONG_NAME}.md"])


def test_a_backtracking_exclude_costs_linear_time(tmp_path: Path) -> None:
    (tmp_path / ".article-lint.toml").write_text(f'exclude = ["{BACKTRACKER}"]\n')
    (tmp_path / f"{LONG_NAME}.md").write_text(article())
    out = bounded(
        f"""
        import sys
        from linter.cli import main
        sys.exit(main(["--no-cache", "--format", "json", "--quiet", {LONG_NAME + ".md"!r}]))
        """,
        cwd=tmp_path,
    )
    assert json.loads(out) == []


def test_a_huge_gitignore_is_not_used_and_hides_nothing(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    lines = [f"generated-{i}.md" for i in range(100_000)] + ["kept.md"]
    (tmp_path / ".gitignore").write_text("\n".join(lines) + "\n")
    assert (tmp_path / ".gitignore").stat().st_size > discovery.GITIGNORE_BYTES
    (tmp_path / "kept.md").write_text(article())
    out = bounded(
        """
        from linter.config import Config
        from linter.engine import discovery
        print([f.name for f in discovery.discover(["."], Config())])
        """,
        cwd=tmp_path,
    )
    assert out.strip() == "['kept.md']"  # linted: a file too large to use ignores nothing


def test_gitignore_lines_pathspec_cannot_read_are_passed_over(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("broken\\\nskipped.md\n")
    (tmp_path / "skipped.md").write_text(article())
    (tmp_path / "kept.md").write_text(article())
    found = [f.name for f in discovery.discover([str(tmp_path)], discovery.Config())]
    assert [Path(name).name for name in found] == ["kept.md"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_gitignore_is_not_waited_for(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    os.mkfifo(tmp_path / ".gitignore")
    (tmp_path / "kept.md").write_text(article())
    out = bounded(
        """
        from linter.config import Config
        from linter.engine import discovery
        print([f.name for f in discovery.discover(["."], Config())])
        """,
        cwd=tmp_path,
    )
    assert out.strip() == "['kept.md']"


# --- TOML ---------------------------------------------------------------------------------


def test_a_dotted_key_of_40000_parts_is_refused_in_one_pass() -> None:
    out = bounded(
        """
        from linter.reading import tomlmatter
        parsed = tomlmatter.parse(".".join(["a"] * 40_000) + " = 1\\n")
        print([(code, f.message) for code, f in parsed.findings], parsed.data)
        """
    )
    assert "limit-exceeded" in out and "nested deeper than 64 levels" in out


def test_deep_brackets_are_a_problem_not_a_recursion_error() -> None:
    for text in ("a = " + "[" * 3000 + "]" * 3000, "a = " + "{b = " * 3000 + "1" + "}" * 3000):
        assert [code for code, _ in tomlmatter.parse(text).findings] == ["limit-exceeded"]


def test_toml_dots_in_strings_comments_and_numbers_are_not_keys() -> None:
    dots = "." * 200
    text = f'a = "{dots}" # {dots}\nb = """\n{dots}\n"""\nc = \'{dots}\'\nd = [1.5, 2.5]\n'
    parsed = tomlmatter.parse(text)
    assert parsed.findings == []
    assert parsed.data["d"] == [1.5, 2.5]
    assert tomlmatter.parse(".".join(["k"] * 64) + " = 1\n").findings == []


def test_many_arrays_of_tables_cost_linear_time() -> None:
    out = bounded(
        """
        from linter.reading import tomlmatter
        text = "".join(f"[[a{i}]]\\nx = {i}\\n" for i in range(20_000))
        parsed = tomlmatter.parse(text)
        print(len(parsed.data), parsed.nodes.marks["/a19999/0/x"][0])
        """
    )
    assert out.split() == ["20000", "39999"]


def test_arrays_of_tables_start_again_in_a_new_element() -> None:
    text = "[[a]]\n[[a.b]]\nx = 1\n[[a.b]]\nx = 2\n[[a]]\n[[a.b]]\nx = 3\n"
    marks = tomlmatter.parse(text).nodes.marks
    assert [p for p in marks if p.endswith("/x")] == ["/a/0/b/0/x", "/a/0/b/1/x", "/a/1/b/0/x"]


# --- huge integers ------------------------------------------------------------------------

BIG = "9" * 5000
HEX = "0x" + "f" * 5000  # converts (a power-of-two base), then cannot be shown


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (f'{{"title": {BIG}}}\n', (1, 11)),
        (f'{{"title": -{BIG}}}\n', (1, 11)),
        (f"+++\ntitle = {BIG}\n+++\n", (2, 9)),
        (f"+++\ntitle = {HEX}\n+++\n", (2, 11)),
        (f"---\ntitle: {BIG}\n---\n", (2, 8)),
        (f"---\ntitle: {HEX}\n---\n", (2, 8)),
        (f"---\nlist:\n  - 1\n  - {BIG}\n---\n", (4, 5)),
    ],
)
def test_an_integer_longer_than_python_shows_is_a_problem(
    text: str, place: tuple[int, int], tmp_path: Path
) -> None:
    (tmp_path / "a.md").write_text(text)
    _, problems = run("--no-cache", str(tmp_path / "a.md"))
    assert [(p["code"], p["line"], p["column"]) for p in problems] == [("limit-exceeded", *place)]
    assert problems[0]["message"] == (
        "front matter has an integer of more than 4300 digits; expected at most 4300"
    )


def test_an_integer_of_4300_digits_is_a_number() -> None:
    assert jsonmatter.parse('{"a": %s}' % ("9" * 4300)).data["a"] == int("9" * 4300)
    assert yamllib.parse("a: " + "9" * 4300, 2).data["a"] == int("9" * 4300)


# --- only the front matter is read --------------------------------------------------------


def big_article(path: Path, body_bytes: int) -> None:
    """A small front matter, then a body of ``body_bytes`` (sparse: no disk is used)."""
    with path.open("wb") as stream:
        stream.write(article().encode())
        stream.truncate(body_bytes)


def test_a_50_mb_article_is_linted_by_its_front_matter(tmp_path: Path) -> None:
    big_article(tmp_path / "big.md", 50_000_000)
    code, problems = run("--no-cache", str(tmp_path / "big.md"))
    assert (code, problems) == (0, [])
    head = fsguard.read_head(
        str(tmp_path / "big.md"), str(tmp_path), frontmatter.HEAD_BYTES, frontmatter.enough
    )
    assert len(head) <= 1 << 16  # one read: the body after it is never asked for


def test_the_front_matter_limit_still_applies(tmp_path: Path) -> None:
    text = "---\n" + "a: b\n" * 300_000 + "---\n"
    (tmp_path / "long.md").write_text(text)
    _, problems = run("--no-cache", str(tmp_path / "long.md"))
    assert [p["code"] for p in problems] == ["limit-exceeded"]


def test_a_head_answers_what_the_whole_file_answers() -> None:
    """``split`` of the bytes a reader stops at equals ``split`` of the whole file."""
    bodies = [b"", b"body\n" * 30_000, b"x" * 2_000_000]
    heads = [
        b"---\ntitle: a\n---\n",
        b"---\ntitle: a\n---",
        b"---\r\ntitle: a\r\n---\r\n",
        b"+++\ntitle = 'a'\n+++\n",
        b'{"title": "a"}\n',
        b"no front matter\n",
        b"---\ntitle: a\n",  # never closed
        b"   \n",
    ]
    for head in heads:
        for body in bodies:
            data = head + body
            stream = io.BytesIO(data)
            read = fsguard.read_stream_head(stream, frontmatter.HEAD_BYTES, frontmatter.enough)
            assert data.startswith(read)
            assert frontmatter.split(read) == frontmatter.split(data), (head, len(body))


def test_the_cache_sees_a_change_of_the_front_matter_not_of_the_body(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.md"
    path.write_text(article() + "body\n")
    assert run(".")[1] == []
    path.write_text(article() + "another body\n" * 10_000)
    assert run(".")[1] == []
    path.write_text(article(publishedDateTime="2023-02-30T01:31:00Z") + "another body\n")
    assert [p["code"] for p in run(".")[1]] == ["invalid-date"]


def test_fix_rewrites_the_whole_file_of_a_large_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    body = b"body line\n" * 200_000  # 2 MB, past the head a lint reads
    text = article(title="' Padded'").encode()
    (tmp_path / "a.md").write_bytes(text + body)
    main(["--no-cache", "--fix", "--quiet", "a.md"], out=io.StringIO())
    fixed = (tmp_path / "a.md").read_bytes()
    assert fixed.endswith(body) and b"title: 'Padded'\n" in fixed


def test_standard_input_is_read_up_to_the_front_matter(tmp_path: Path) -> None:
    big_article(tmp_path / "big.md", 50_000_000)
    with (tmp_path / "big.md").open("rb") as stream:
        done = subprocess.run(
            [sys.executable, "-m", "linter", "--no-cache", "--format", "json", "-"],
            stdin=stream,
            check=False,
            capture_output=True,
            timeout=GENEROUS,
            cwd=tmp_path,
        )
    assert (done.returncode, json.loads(done.stdout)) == (0, [])


# --- special files ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_named_are_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.md")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    out = bounded(
        """
        import sys
        from linter.cli import main
        main(["--no-cache", "--format", "json", "fifo.md", "zero.md"])
        """,
        cwd=tmp_path,
    )
    messages = sorted(p["message"] for p in json.loads(out))
    assert messages[0] == "not read: the file is a FIFO; expected a regular file"
    assert messages[1].startswith("not read: the file is a link to /dev/zero")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_inside_the_root_is_refused(tmp_path: Path) -> None:
    with pytest.raises(fsguard.NotReadable, match="a character device"):
        fsguard.read_head("/dev/zero", "/dev", frontmatter.HEAD_BYTES, frontmatter.enough)
    with pytest.raises(fsguard.NotReadable, match="a character device"):
        fsguard.read_article("/dev/zero", "/dev")


# --- reports ------------------------------------------------------------------------------

HOSTILE = [
    "a\n::add-mask::secret\n.md",
    "::warning file=x.md::forged.md",
    " ::error::forged.md",
    "b\n\n<!--.md",
    "c\x1b[31mred\x1b]8;;http://x\x07.md",
    "d\x01\x7f\x85.md",
    "e\u202etxt.md",
    "f\u2028g.md",
    os.fsdecode(b"h\xff\xfe.md"),
]


def hostile_problems() -> list[Problem]:
    problems = []
    for name in HOSTILE:
        problems.append(
            Problem(
                name, 1, 1, "duplicate-key", Severity.ERROR, f"duplicate key {name!s}", f"/{name}"
            )
        )
        problems.append(Problem(name, 2, 3, "padded-text", Severity.WARNING, f"{name}\n::error::x"))
    return sorted(problems)


CONTROL = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0x202E]]


@pytest.mark.parametrize("name", sorted(report.FORMATTERS))
def test_every_format_neutralises_control_characters(name: str) -> None:
    problems = hostile_problems()
    rendered = report.FORMATTERS[name](problems, report.Summary(tuple(HOSTILE)))
    rendered.encode("utf-8")  # no lone surrogate: writable to any UTF-8 file or stream
    body = rendered.replace("\n", "")
    if name == "sarif":  # the rules' own documentation names the characters it finds
        body = json.dumps(json.loads(rendered)["runs"][0]["results"], ensure_ascii=False)
    assert not [c for c in CONTROL if c in body]
    for line in rendered.splitlines():
        # Only the github format writes workflow commands, one per problem, and only its own.
        if line.lstrip().startswith("::"):
            assert name == "github" and line.startswith(("::error file=", "::warning file="))
    if name == "text":
        assert len(rendered.splitlines()) == len(problems) + 1
    if name == "junit":
        ElementTree.fromstring(rendered.split("\n", 1)[1])
    if name in ("json", "sarif"):
        json.loads(rendered)
    if name == "markdown":  # no line of its own: a comment there would hide the rest
        assert not [line for line in rendered.splitlines() if "<!--" in line.split("`")[0]]


def test_neutral_text_reads_as_written_where_it_was_safe() -> None:
    assert report.neutral("content/2023/story.md") == "content/2023/story.md"
    assert report.neutral("a\nb\tc\x1b") == "a\\nb\\tc\\x1b"
    assert report.neutral(os.fsdecode(b"caf\xe9")) == "caf\\xe9"
    assert report.neutral("::add-mask::x") == "\\x3a:add-mask::x"
    assert report.neutral("\u202e") == "\\u202e"


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_a_file_name_that_is_not_utf8_reaches_every_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"caf\xe9\n::add-mask::x.md")
    Path(name).write_text(article(publishedDateTime="2023-02-30T01:31:00Z"))
    for fmt in sorted(report.FORMATTERS):
        code = main(
            ["--no-cache", "--format", fmt, "--output-file", "out.txt", "."], out=io.StringIO()
        )
        assert code == 1
        written = (tmp_path / "out.txt").read_text(encoding="utf-8")
        assert "xe9" in written, fmt
        assert not [line for line in written.splitlines() if line.startswith("::add-mask::")]
