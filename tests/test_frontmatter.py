"""Reading files: finding the front matter in bytes, every failure one clear problem."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.reading import frontmatter
from linter.reading.frontmatter import Failure, FrontMatter


def test_lf_crlf_lone_cr_and_bom_all_give_the_same_text() -> None:
    texts = [
        b"---\na: 1\nb: 2\n---\nbody\n",
        b"---\r\na: 1\r\nb: 2\r\n---\r\nbody\r\n",
        b"\xef\xbb\xbf---\na: 1\nb: 2\n---\n",
    ]
    for data in texts:
        found = frontmatter.split(data)
        assert isinstance(found, FrontMatter)
        assert found.text.replace("\r\n", "\n") == "a: 1\nb: 2"
        assert found.closing_line == 4
    lone_cr = frontmatter.split(b"---\ra: 1\r---\r")
    assert isinstance(lone_cr, FrontMatter) and lone_cr.text == "a: 1"


def test_empty_front_matter_and_closing_at_end_of_file() -> None:
    empty = frontmatter.split(b"---\n---\n")
    assert isinstance(empty, FrontMatter) and empty.text == "" and empty.closing_line == 2
    at_end = frontmatter.split(b"---\na: 1\n---")
    assert isinstance(at_end, FrontMatter) and at_end.closing_line == 3


def test_body_is_not_decoded() -> None:
    found = frontmatter.split(b"---\na: 1\n---\n\xff\xfe not utf-8 body")
    assert isinstance(found, FrontMatter)


@pytest.mark.parametrize(
    ("data", "code", "line", "words"),
    [
        (b"", "missing-front-matter", 1, "empty"),
        (b"# Title\n", "missing-front-matter", 1, "no front matter"),
        (b"Draft notes\n---\na: 1\n---\n", "missing-front-matter", 1, "line 2"),
        (b"+++\ntitle = 'x'\n", "unterminated-front-matter", 2, "'+++'"),
        (b"---\na: 1\nb: 2\n", "unterminated-front-matter", 3, "never closed"),
        (b"---\na: 1\nb: caf\xe9\n---\n", "invalid-encoding", 3, "0xe9"),
        (b"\xff\xfe-\x00-\x00-\x00", "invalid-encoding", 1, "UTF-16"),
        (b"\x00\x01\x02binary", "invalid-encoding", 1, "binary"),
    ],
)
def test_failures_are_values_with_a_line(data: bytes, code: str, line: int, words: str) -> None:
    found = frontmatter.split(data)
    assert isinstance(found, Failure)
    assert found.code == code
    assert found.finding.position is not None and found.finding.position.line == line
    assert words in found.finding.message


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.sampled_from([b"---", b"--", b"-", b"\n", b"\r", b"\r\n", b" ", b"\t", b"a"]),
        max_size=14,
    ),
    st.integers(0, 8),
    st.integers(0, 40),
)
def test_closing_line_is_found_where_the_pattern_would_find_it(
    parts: list[bytes], start: int, decoys: int
) -> None:
    # Decoys ("---x" lines) push the search past its quick candidates to the bounded search.
    data = b"---\r\n" + b"---x\r\n" * decoys + b"".join(parts)
    expected = frontmatter._CLOSE.search(data, start)
    found = frontmatter._closing(data, start, len(data))
    assert (found and found.span(), found and found.span(1)) == (
        expected and expected.span(),
        expected and expected.span(1),
    )


@pytest.mark.parametrize("newline", [b"\n", b"\r", b"\r\n"])
def test_a_hostile_front_matter_is_read_in_linear_time(newline: bytes) -> None:
    """200,000 lines of ``---x`` (2 MB): every line a candidate closing line, none of them one.

    The time is not asserted (shared machines are noisy); the bound is: at most one bounded
    search, so the answer is limit-exceeded, found without scanning past the limit.
    """
    data = b"---" + newline + (b"---x" + newline) * 400_000
    found = frontmatter.split(data)
    assert isinstance(found, frontmatter.Failure) and found.code == "limit-exceeded"
    closed = b"---" + newline + (b"---x" + newline) * 1000 + b"---" + newline + b"body"
    ok = frontmatter.split(closed)
    assert isinstance(ok, frontmatter.FrontMatter) and ok.closing_line == 1002
