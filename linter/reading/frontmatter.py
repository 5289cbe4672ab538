"""Find the front matter in a file's bytes, without reading the body.

Front matter is, as the site generators read it:

- YAML: the block between a first line ``---`` and the next line ``---`` (Jekyll, Hugo,
  Eleventy, Astro);
- TOML: the block between a first line ``+++`` and the next line ``+++`` (Hugo);
- JSON: a JSON object that the file starts with, up to its closing brace (Hugo).

Trailing blanks on the fence lines are allowed, as Jekyll and Hugo allow them. LF, CRLF and
lone CR line endings and a UTF-8 byte-order mark are accepted. Only the front matter is
read, decoded and parsed: ``enough`` tells a reader when the bytes it has decide the answer,
so a 50 MB body is never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from linter.model import Finding, Position

_BOM = b"\xef\xbb\xbf"
MAX_BYTES = 1024 * 1024  # no article needs more front matter; more is refused unread
_CLOSING_SLACK = 4096  # room for the closing line itself (its dashes, blanks, line break)
_SNIFF = 64 * 1024  # how far a file without front matter is looked at, for a better message
# The most of a file that ``split`` ever looks at: the front matter's limit and room for the
# byte-order mark, the opening line and the closing line. A longer ``data`` is taken to be
# the head of a longer file, so ``split`` answers the same for the head as for the file.
HEAD_BYTES = MAX_BYTES + _CLOSING_SLACK + 8192
_OPEN = re.compile(rb"(---|\+\+\+)[ \t]*(\r\n|\n|\r)")
# The closing line: a line break, the fence, blanks, then a line break or the end of the file.
_CLOSE = re.compile(rb"(\r\n|\n|\r)---[ \t]*(?:\r\n|\n|\r|\Z)")
_CLOSE_TOML = re.compile(rb"(\r\n|\n|\r)\+\+\+[ \t]*(?:\r\n|\n|\r|\Z)")
_SYNTAX = {b"---": "yaml", b"+++": "toml"}

# First bytes that tell what a file really is, for a message better than "no front matter".
_OTHER_ENCODINGS = {
    b"\xff\xfe": "UTF-16 (little-endian)",
    b"\xfe\xff": "UTF-16 (big-endian)",
}


class FrontMatter(NamedTuple):
    """The front matter's text, its syntax and where it sits in the file."""

    # A named tuple: one is made for every file read (a frozen dataclass costs 3x as much).
    text: str
    offset: int  # where ``text`` starts in the file, after any byte-order mark
    closing_line: int
    syntax: str = "yaml"  # or "toml", "json"
    # After an opening fence line the text starts on line 2; a JSON object on line 1.
    first_line: int = 2
    end: int = 0  # where the closing line (or the JSON object) ends in the file


@dataclass(frozen=True)
class Failure:
    """The file has no readable front matter; ``code`` names why."""

    code: str
    finding: Finding


def enough(head: bytes) -> bool:
    """Whether the first bytes of a file, ``head``, decide ``split`` whatever follows them:
    the front matter and its closing line are in it, or there is no front matter to look
    for. Readers stop there (``linter.guard.fsguard.read_head``), so the body is not read."""
    start = len(_BOM) if head.startswith(_BOM) else 0
    if head.startswith(b"{", start) or _OPEN.match(head, start) is not None:
        found = split(head)
        # Not a closing line that ends where the head does: more dashes or blanks may follow.
        return isinstance(found, FrontMatter) and found.end < len(head)
    return len(head) > _SNIFF + start


def split(data: bytes) -> FrontMatter | Failure:
    """Locate and decode the front matter of ``data``: a whole file, or its first
    ``HEAD_BYTES`` or more bytes, or a head on which ``enough`` said yes."""
    start = len(_BOM) if data.startswith(_BOM) else 0
    # Not "{{", "{%" or "{#": a Liquid or Go template that starts a page is no JSON object.
    if data.startswith(b"{", start) and not data.startswith((b"{{", b"{%", b"{#"), start):
        return _json(data, start)
    opening = _OPEN.match(data, start)
    if opening is None:
        return _missing(data, start)
    syntax = _SYNTAX[opening[1]]
    # The closing line is looked for only as far as the longest front matter allowed.
    end = min(len(data), opening.end() + MAX_BYTES + _CLOSING_SLACK)
    closing = _closing(data, opening.end() - 1, end, opening[1])
    if closing is None and (end < len(data) or len(data) >= HEAD_BYTES):
        return _fail(
            "limit-exceeded",
            f"front matter is not closed within its first {MAX_BYTES} bytes; "
            f"expected at most {MAX_BYTES} bytes between '---' lines",
            1,
        )
    if closing is None:
        fence = opening[1].decode()
        return _fail(
            "unterminated-front-matter",
            f"front matter opened with '{fence}' on line 1 is never closed; expected a line '{fence}'",
            _count_lines(data) or 1,
        )
    if closing.start() - opening.end() > MAX_BYTES:
        return _fail(
            "limit-exceeded",
            f"front matter is {closing.start() - opening.end()} bytes long; expected at most {MAX_BYTES}",
            1,
        )
    raw = data[opening.end() : closing.start()]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = 2 + _count_breaks(raw[: error.start])
        return _fail(
            "invalid-encoding",
            f"front matter is not valid UTF-8 (byte 0x{raw[error.start]:02x}); expected UTF-8 text",
            line,
        )
    closing_line = 1 + _count_breaks(data, start, closing.end(1))
    return FrontMatter(text, opening.end() - start, closing_line, syntax, end=closing.end())


def _json(data: bytes, start: int) -> FrontMatter | Failure:
    """A JSON object at the top of the file: up to its closing brace (or, when it is not
    valid JSON, to a line holding only ``}``, so the error is found and placed)."""
    from linter.reading import jsonmatter

    head = data[start : start + MAX_BYTES + 1].decode("utf-8", "surrogateescape")
    end = jsonmatter.end_of_object(head)
    if end is None:
        brace = re.search(r"(?m)^\}[ \t]*\r?$", head)
        end = brace.end() if brace is not None else len(head)
    if end > MAX_BYTES or (end == len(head) and len(data) - start > MAX_BYTES):
        return _fail(
            "limit-exceeded",
            f"front matter is longer than {MAX_BYTES} bytes; expected at most {MAX_BYTES}",
            1,
        )
    text = head[:end]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        line = 1 + text.count("\n", 0, error.start)
        byte = ord(text[error.start]) & 0xFF
        return _fail(
            "invalid-encoding",
            f"front matter is not valid UTF-8 (byte 0x{byte:02x}); expected UTF-8 text",
            line,
        )
    # The object's end, in bytes; a later byte decides nothing (the object is closed).
    end_in_file = start + len(text.encode("utf-8")) if end < len(head) else len(data)
    return FrontMatter(text, 0, 1 + text.count("\n"), "json", first_line=1, end=end_in_file)


def _missing(data: bytes, start: int) -> Failure:
    for prefix, what in _OTHER_ENCODINGS.items():
        if data.startswith(prefix):
            return _fail("invalid-encoding", f"file is {what}; expected UTF-8", 1)
    # Only the first bytes are looked at: the answer must not depend on how much was read.
    sniffed = data[: start + _SNIFF + 1]
    if len(data) == start or (len(sniffed) == len(data) and data.isspace()):
        return _fail(
            "missing-front-matter", "file is empty; expected front matter between '---' lines", 1
        )
    if b"\x00" in data[:8192]:
        return _fail("invalid-encoding", "file is binary (contains NUL bytes); expected text", 1)
    opening_at = re.search(rb"(?m)^---[ \t]*\r?$", data[:_SNIFF])
    if opening_at is not None and opening_at.start() > start:
        line = 1 + _count_breaks(data[: opening_at.start()])
        return _fail(
            "missing-front-matter",
            f"file does not start with '---' (text before the front matter on line {line}); "
            "front matter must open on line 1",
            1,
        )
    return _fail("missing-front-matter", "file has no front matter; expected '---' on line 1", 1)


def _fail(code: str, message: str, line: int) -> Failure:
    return Failure(code, Finding("", message, Position(line, 1)))


_QUICK_CANDIDATES = 32


def _closing(data: bytes, start: int, end: int, fence: bytes = b"---") -> re.Match[bytes] | None:
    """``_CLOSE.search(data, start, end)`` (the ``fence`` line), found sooner in the usual file.

    A byte search for ``\n---`` and ``\r---`` skips the body of each line, where the regular
    expression would try every byte; after a few candidates that were not the closing line
    (a hostile file of ``---x`` lines), one bounded search does the rest, so the whole stays
    linear in ``end - start``.
    """
    pattern = _CLOSE if fence == b"---" else _CLOSE_TOML
    lf, cr = b"\n" + fence, b"\r" + fence
    next_lf = data.find(lf, start, end)
    if next_lf != -1 and data.find(b"\r", start, next_lf) == -1:
        # The usual file: no carriage return before the first "\n---", so no other candidate
        # comes first.
        match = pattern.match(data, next_lf, end)
        if match is not None:
            return match
    next_cr = data.find(cr, start, end)
    for _ in range(_QUICK_CANDIDATES):
        if next_lf == -1 and next_cr == -1:
            return None
        first = min(i for i in (next_lf, next_cr) if i != -1)
        # "\r\n---" starts one before its "\n---"; matches start at a line break, nowhere else.
        for position in (first - 1, first) if first > start else (first,):
            match = pattern.match(data, position, end)
            if match is not None:
                return match
        if next_lf == first:
            next_lf = data.find(lf, first + 1, end)
        if next_cr == first:
            next_cr = data.find(cr, first + 1, end)
    left = [i for i in (next_lf, next_cr) if i != -1]
    # From one byte early: a "\r\n---" closing line starts at the "\r" before its "\n---".
    return pattern.search(data, max(start, min(left) - 1), end) if left else None


def _count_breaks(data: bytes, start: int = 0, end: int | None = None) -> int:
    # Counted, not matched: a hostile file of millions of line breaks must cost no memory.
    breaks = data.count(b"\n", start, end)
    if data.find(b"\r", start, end) != -1:
        breaks += data.count(b"\r", start, end) - data.count(b"\r\n", start, end)
    return breaks


def _count_lines(data: bytes) -> int:
    breaks = _count_breaks(data)
    return breaks + (0 if data.endswith((b"\n", b"\r")) else 1)
