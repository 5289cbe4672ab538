"""Autofix: byte-preserving edits of the front matter, verified before anything is written.

A fixable rule has a ``fix(doc, finding)`` that returns ``Edit``s: character spans of the
front matter text (taken from the YAML marks) and their replacement. Nothing is
re-serialised: quoting style, comments, key order, blank lines and line endings stay as they
were. The edited file is parsed and linted again before it is accepted: it must parse, the
fixed problems must be gone, and no new problem may appear. Otherwise the file is left as it
was.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from linter import frontmatter, reader, runner
from linter.config import Config
from linter.model import Document, Finding, Position, Problem
from linter.rules import registry


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` of the front matter with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Outcome:
    """What fixing one file did: the new bytes (``None``: unchanged) and the problems fixed."""

    path: str
    before: bytes
    after: bytes | None
    fixed: tuple[Problem, ...] = ()
    refused: str = ""


# --- building edits (used by the rules' fix functions) -------------------------------------

_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*(?<=\S)")
_PLAIN_LOOKS_TYPED = re.compile(
    r"(?i:true|false|yes|no|on|off|y|n|null|~)|[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?|[-+]?\.(inf|nan)|0x[0-9a-fA-F_]+|0o?[0-7_]+"
)


def replace_scalar(doc: Document, pointer: str, value: str) -> list[Edit]:
    """Edits that make the scalar at ``pointer`` hold ``value``, in its own quoting style."""
    marks = _marks(doc, pointer)
    if marks is None:
        return []
    start, end = marks
    raw = doc.front_matter[start:end]
    if "\n" in raw or "\r" in raw or raw[:1] in ("|", ">"):
        return []  # multi-line and block scalars: no edit is obviously safe
    return [Edit(start, end, _styled(raw, value))]


def replace_number(doc: Document, pointer: str, value: int) -> list[Edit]:
    """Edits that make the scalar at ``pointer`` the plain integer ``value``."""
    marks = _marks(doc, pointer)
    if marks is None or "\n" in doc.front_matter[marks[0] : marks[1]]:
        return []
    return [Edit(marks[0], marks[1], str(value))]


def _styled(raw: str, value: str) -> str:
    quote = raw[:1]
    if quote == "'" and "\\" not in value and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if quote == '"' and "\\" not in raw[1:-1] and "\\" not in value and '"' not in value:
        return '"' + value + '"'  # no escapes before or after: keep the characters as typed
    plain = _PLAIN_SAFE.fullmatch(value) and ": " not in value and not value.endswith(":")
    if quote not in ("'", '"') and plain and not _PLAIN_LOOKS_TYPED.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def remove_lines(
    doc: Document, start: int, end: int, *, prefix: str = r"[ \t]*(- )?[ \t]*"
) -> list[Edit]:
    """Remove the whole lines from the one holding ``start`` to the one holding ``end``.

    Only when nothing but ``prefix`` (indentation, a list dash) precedes ``start`` on its line.
    """
    text = doc.front_matter
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    if not re.fullmatch(prefix, text[line_start:start]):
        return []
    if end > line_start and text[end - 1 : end] in ("\n", "\r"):
        return [Edit(line_start, end, "")]  # a block collection ends at the next line's start
    line_end = end
    while line_end < len(text) and text[line_end] not in "\r\n":
        line_end += 1
    if text.startswith("\r\n", line_end):
        line_end += 2
    elif line_end < len(text):
        line_end += 1
    return [Edit(line_start, line_end, "")]


def remove_item(doc: Document, pointer: str) -> list[Edit]:
    """Edits that remove the list item at ``pointer`` (block or flow style)."""
    marks = _marks(doc, pointer, key=True)
    if marks is None:
        return []
    start, end = marks
    text = doc.front_matter
    before = text[:start].rstrip(" \t")
    if before.endswith("-"):
        return remove_lines(doc, start, end)
    if before.endswith(","):  # flow style: drop ", item"
        return [Edit(len(before) - 1, end, "")]
    return []


def _marks(doc: Document, pointer: str, *, key: bool = False) -> tuple[int, int] | None:
    """The value's (or, with ``key``, the key's start to the value's end) character span."""
    nodes = getattr(doc.nodes, "marks", None)
    if nodes is None or pointer not in nodes:
        return None
    key_mark, start, end = nodes[pointer]
    return (key_mark.index if key else start.index), end.index


# --- applying and verifying ----------------------------------------------------------------


def apply(text: str, edits: Iterable[Edit]) -> str | None:
    """``text`` with the edits applied, or ``None`` when two edits overlap."""
    out, position = [], 0
    for edit in sorted(set(edits)):
        if edit.start < position:
            return None
        out += [text[position : edit.start], edit.replacement]
        position = edit.end
    out.append(text[position:])
    return "".join(out)


def fix_file(path: str, data: bytes, problems: list[Problem], config: Config) -> Outcome:
    """Fix what can be fixed of ``problems`` in ``data``; verified, never written here."""
    rules = registry()
    fixable = [p for p in problems if rules[p.code].fix is not None]
    if not fixable:
        return Outcome(path, data, None)
    found = frontmatter.split(data)
    if not isinstance(found, frontmatter.FrontMatter):
        return Outcome(path, data, None)
    doc = reader.read(path, data)
    edits: list[Edit] = []
    fixed: list[Problem] = []
    for problem in fixable:
        fix = rules[problem.code].fix
        assert fix is not None
        made = fix(
            doc, Finding(problem.pointer, problem.message, Position(problem.line, problem.column))
        )
        if made:
            edits += made
            fixed.append(problem)
    new_text = apply(doc.front_matter, edits) if edits else None
    if new_text is None or new_text == doc.front_matter:
        return Outcome(path, data, None)
    start = found.offset + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    end = start + len(doc.front_matter.encode("utf-8"))
    after = data[:start] + new_text.encode("utf-8") + data[end:]
    refused = _verify(path, after, problems, fixed, config)
    if refused:
        return Outcome(path, data, None, refused=refused)
    return Outcome(path, data, after, tuple(fixed))


def _verify(
    path: str, after: bytes, before: list[Problem], fixed: list[Problem], config: Config
) -> str:
    """Why the edited file is refused, or ``""`` when it is good."""
    result = runner.lint_bytes(path, after, config)
    if not reader.read(path, after).ok:
        return "the fixed file would not parse"
    old = {(p.code, p.pointer, p.message) for p in before}
    new = [p for p in result.problems if (p.code, p.pointer, p.message) not in old]
    if new:
        return f"the fix would add a problem: [{new[0].code}] {new[0].message}"
    left = {(p.code, p.pointer) for p in result.problems}
    if any((p.code, p.pointer) in left for p in fixed):
        return "the fix would not remove the problem"
    return ""


def write_atomically(path: str, data: bytes) -> None:
    """Replace the file's content: a temporary file in the same folder, then a rename."""
    target = Path(path)
    mode = target.stat().st_mode
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def unified_diff(outcome: Outcome) -> str:
    """The change as a unified diff (what ``--diff`` prints)."""
    assert outcome.after is not None
    before = outcome.before.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    after = outcome.after.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, f"a/{outcome.path}", f"b/{outcome.path}")
    return "".join(
        line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        for line in lines
    )
