"""What loading a schema asks of the file system, so that a warm run need not load it.

Loading a schema (reading it and every file its ``$ref``s reach, checking it against its
metaschema, compiling it) costs more than a whole run answered from the cache. A load is a
function of its arguments and of the answers the file system gives it: whether a path is a
file, where a path really leads, what bytes a file holds. Every such question goes through
``files``, which can record them with their answers (``recording``). A later run asks the same
questions again (``replay``): when every answer is the same, so is the schema (and its
verdict: only loads that succeeded are kept), and nothing needs loading.

The answers that were compared are then pinned for the rest of the run: a load that the run
needs after all (a file that changed) gets those answers, whatever changed on disk since, so
what the run builds is what its cache key says. Remote schemas are not replayed: a load with
``--online`` is always a load.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from linter.guard.signing import blake2b

MAX_SCHEMA_BYTES = 16 * 1024 * 1024
# Stands for the file's name in an error read from a recorded answer (``read``): the message
# names the file as the schema's user wrote it, which is not part of the question.
SHOWN = "\0shown\0"

Answer = bool | str | bytes
# (kind of question, the path asked about, the answer's digest): what a memo keeps.
Question = tuple[str, str, str]


def _is_file(path: str) -> bool:
    return os.path.isfile(path)


def _real(path: str) -> str:
    return os.path.realpath(path)


def _read(path: str) -> bytes | str:
    """The bytes of the regular file at ``path``, or why they cannot be used (a message with
    ``SHOWN`` for the file's name)."""
    # Opened without blocking and checked to be a regular file: a FIFO or a device named as
    # a schema is refused, never waited on or read without end.
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return f"cannot read {SHOWN}: {(error.strerror or str(error)).lower()}"
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            return f"cannot read {SHOWN}: not a regular file"
        if status.st_size > MAX_SCHEMA_BYTES:
            return f"{SHOWN} is larger than {MAX_SCHEMA_BYTES} bytes"
        with os.fdopen(os.dup(handle), "rb") as stream:
            data = stream.read(MAX_SCHEMA_BYTES + 1)
    except OSError as error:
        return f"cannot read {SHOWN}: {(error.strerror or str(error)).lower()}"
    finally:
        os.close(handle)
    if len(data) > MAX_SCHEMA_BYTES:
        return f"{SHOWN} is larger than {MAX_SCHEMA_BYTES} bytes"
    return data


_ASK: dict[str, Callable[[str], Answer]] = {"is_file": _is_file, "real": _real, "read": _read}


def digest(answer: Answer) -> str:
    """What a memo keeps of an answer: a file's bytes by their hash, the rest as they are."""
    if isinstance(answer, bool):
        return "t" if answer else "f"
    if isinstance(answer, bytes):
        return "b" + blake2b(answer, digest_size=20).hexdigest()
    return "s" + answer


class _Files:
    """The file system as schema loading sees it: recorded while ``asked`` is a list, and
    answered from ``pinned`` first."""

    def __init__(self) -> None:
        self.pinned: dict[tuple[str, str], Answer] = {}
        self.replayed: dict[str, tuple[tuple[Question, ...], Any]] = {}
        self.asked: list[tuple[str, str, Answer]] | None = None

    def is_file(self, path: str) -> bool:
        """Whether ``path`` is a file (``os.path.isfile``)."""
        return bool(self._answer("is_file", path))

    def real(self, path: str) -> str:
        """Where ``path`` leads (``os.path.realpath``)."""
        return str(self._answer("real", path))

    def read(self, path: str) -> bytes | str:
        """The bytes of the regular file at ``path`` (at most ``MAX_SCHEMA_BYTES``), or why
        not: a message in which ``SHOWN`` stands for the file's name."""
        answer = self._answer("read", path)
        return answer if isinstance(answer, (bytes, str)) else str(answer)

    def note(self, kind: str, path: str, answer: str) -> None:
        """Record a question that is not this module's to ask (a remote schema): a load that
        asked it is never replayed."""
        if self.asked is not None:
            self.asked.append((kind, path, answer))

    def _answer(self, kind: str, path: str) -> Answer:
        answer = self.pinned.get((kind, path))
        if answer is None:
            answer = _ASK[kind](path)
        if self.asked is not None:
            self.asked.append((kind, path, answer))
        return answer


files = _Files()


@contextmanager
def recording() -> Iterator[list[tuple[str, str, Answer]]]:
    """Record the questions asked (and their answers) inside the block, in order."""
    outer = files.asked
    asked: list[tuple[str, str, Answer]] = []
    files.asked = asked
    try:
        yield asked
    finally:
        files.asked = outer
        if outer is not None:  # a load within a load: its questions are the outer one's too
            outer.extend(asked)


def questions(asked: list[tuple[str, str, Answer]]) -> tuple[Question, ...]:
    """What a memo keeps of the recorded questions."""
    return tuple((kind, path, digest(answer)) for kind, path, answer in asked)


def replay(kept: list[Question]) -> dict[tuple[str, str], Answer] | None:
    """Ask the kept questions again: the answers, when each one's digest is the kept one;
    ``None`` as soon as one differs (or a question is not one this module asks)."""
    answers: dict[tuple[str, str], Answer] = {}
    for kind, path, kept_digest in kept:
        ask = _ASK.get(kind)
        if ask is None:
            return None
        answer = ask(path)
        if digest(answer) != kept_digest:
            return None
        answers[(kind, path)] = answer
    return answers


def pin(
    load: str, kept: list[Question], answers: dict[tuple[str, str], Answer], extra: Any = None
) -> None:
    """From now on (until ``unpin``), loading gets these answers instead of asking the file
    system: a run pins the answers its cache key was made of. ``load`` names the load that
    asked the ``kept`` questions, and succeeded with these answers; ``extra``: what was kept
    of its result besides (``kept``)."""
    files.pinned.update(answers)
    files.replayed[load] = (tuple(kept), extra)


def replayed(load: str) -> bool:
    """Whether the load named ``load`` is one whose answers were asked again and pinned:
    with them it succeeded before, so its schema is known to be usable."""
    return load in files.replayed


def kept(load: str) -> Any:
    """What was kept of a replayed load's result (``pin``'s ``extra``), else ``None``."""
    return files.replayed.get(load, ((), None))[1]


def kept_questions(load: str) -> tuple[Question, ...]:
    return files.replayed.get(load, ((), None))[0]


def answers() -> dict[tuple[str, str], Answer]:
    """The answers pinned now."""
    return dict(files.pinned)


@contextmanager
def answering(pinned: dict[tuple[str, str], Answer]) -> Iterator[None]:
    """Inside the block, loading gets these answers (``answers``, taken earlier), whatever is
    pinned now: a load put off until needed gets the answers of when it was put off."""
    outer = files.pinned
    files.pinned = pinned
    try:
        yield
    finally:
        files.pinned = outer


def unpin() -> None:
    files.pinned = {}
    files.replayed.clear()
