"""Autofix: byte-preserving edits of the front matter, verified before anything is written.

A fixable rule has a ``fix(doc, finding)`` that returns ``Edit``s (``linter.edits``):
character spans of the front matter text, taken from the YAML marks, and their replacement. Nothing is
re-serialised: quoting style, comments, key order, blank lines and line endings stay as they
were. The edited file is parsed and linted again before it is accepted: it must parse, the
fixed problems must be gone, and no new problem may appear. Otherwise the file is left as it
was.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from linter.config import Config
from linter.edits import Edit
from linter.engine import runner
from linter.model import Finding, Position, Problem
from linter.reading import frontmatter, reader
from linter.rules import registry


@dataclass(frozen=True)
class Outcome:
    """What fixing one file did: the new bytes (``None``: unchanged) and the problems fixed."""

    path: str
    before: bytes
    after: bytes | None
    fixed: tuple[Problem, ...] = ()
    refused: str = ""


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
    if found.syntax != "yaml":
        # The fixes edit YAML spans (quoting, removing a line); TOML and JSON are left alone.
        return Outcome(
            path, data, None, refused=f"fixes edit YAML front matter, not {found.syntax.upper()}"
        )
    doc = runner.read(path, data, config)
    edits: list[Edit] = []
    fixed: list[Problem] = []
    for problem in fixable:
        fix = rules[problem.code].fix
        assert fix is not None
        position = Position(problem.line, problem.column)
        made = fix(doc, Finding(problem.pointer, problem.message, position, problem.fix))
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


def write_atomically(path: str, data: bytes, expected: bytes) -> str:
    """Replace the file's content, if it still holds ``expected``; why not, or ``""``.

    A temporary file in the same folder, then a rename: a reader sees the old file or the new
    one, never half of one. Refused: a symbolic link (the fix would replace the link with a
    file, or write where it points), and a file whose bytes changed since they were linted (an
    edit made meanwhile would be lost). What the system refuses (permissions, a full disk) is
    said, not raised: the other files are still fixed.
    """
    target = Path(path)
    try:
        info = os.lstat(target)
        if stat.S_ISLNK(info.st_mode):
            return "the file is a symbolic link; fixes are not written through links"
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file"
        if _current(target) != expected:
            return "the file changed while article-lint ran; run again"
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        return _reason(error)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, info.st_mode & 0o7777)
        # Checked again as late as possible: the window for a lost edit is one rename.
        if _current(target) != expected:
            Path(temporary).unlink(missing_ok=True)
            return "the file changed while article-lint ran; run again"
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        return _reason(error)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return ""


def _current(target: Path) -> bytes:
    # O_NONBLOCK: a FIFO swapped in since the check is not waited on (it reads as changed).
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    handle = os.open(target, flags)
    with os.fdopen(handle, "rb") as stream:
        return stream.read()


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


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
