"""A rerun over an unchanged tree, answered before the command is even imported.

A warm run that the result cache answers whole (the run memo, ``linter.engine.cache``) still
costs the imports of the whole command, the configuration and the walk. This module answers
such a rerun first: a run that the memo answered leaves a record of everything its answer
depended on, and the next run with the same command line, folder and environment on the same
day asks the file system the record's questions again; when every answer is the same, the
recorded report is the answer, and nothing else is imported.

What a record holds (written only when all of it could be taken, see ``Recorder``):

- every folder the run listed (its walks), by its stat: an entry added, removed or renamed in
  a folder changes its modification and change times;
- every folder above the ones it started from (the current folder, each path named), as
  written and with links resolved: what each is (which folder, or a link and where it leads),
  the stat (or absence) of every file a lookup there reads (``.article-lint.toml``,
  ``pyproject.toml``, ``.gitignore``) and whether ``.git`` exists; in the folders listed, the
  stat of such files where the listing holds them;
- the stat of every file linted (or read for its facts) and of every configuration read;
- the questions of every schema load (``linter.validation.inputs``), asked again;
- the command line, the current folder, the whole environment, the day (UTC), the version,
  the interpreter and where the package lies, and whether the output streams are terminals.

A run whose answer could depend on anything else writes no record: one that asked git which
ignored files it tracks, met a symbolic link or an unreadable folder in a walk, fixed, fetched,
read standard input, wrote a file or printed to standard error. So does a run during which a
recorded file or folder changed too recently for its times to tell a later change apart (a
change time within ``RACY_NS`` of the run's start): file systems keep times in coarse ticks.

Records are MAC'd (``linter.guard.signing``) and kept in the cache folder named on the command
line, else in this user's cache folder; a forged or copied one is not used.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from typing import Any

from linter.guard import fsguard
from linter.guard.signing import Signer, blake2b, user_folder
from linter.version import fingerprint

RACY_NS = 2_000_000_000  # FAT keeps times in 2-second steps; ext4 and tmpfs in clock ticks
_KEPT = 16
_RECORD_BYTES = 256 * 1024 * 1024
_MAX_PARTS = 256  # of a path looked at part by part (``look_along``); real ones have tens
# The files a lookup reads in a folder, besides the articles (``linter.config``,
# ``linter.engine.discovery``), and whether it is a git work tree.
LOOKED_UP = (".article-lint.toml", "pyproject.toml", ".gitignore")
GIT = ".git"

_ABSENT = -1  # the size (and times, inode) kept of a file that is not there
Stat = tuple[int, int, int, int]  # size, modification and change times (ns), inode
FolderStat = tuple[int, int, int, int]  # device, inode, modification and change times (ns)


def _file_stat(path: str) -> Stat | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino


def _folder_stat(path: str) -> FolderStat | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino, found.st_mtime_ns, found.st_ctime_ns


def _node(path: str) -> str:
    """What is at ``path``: a link and where it leads, which file or folder, or nothing."""
    try:
        found = os.lstat(path)
        if stat.S_ISLNK(found.st_mode):
            return "link " + os.readlink(path)
    except OSError:
        return "none"
    return f"node {found.st_dev} {found.st_ino} {stat.S_IFMT(found.st_mode)}"


def _key(argv: list[str]) -> str:
    """What a record is for: everything a run's answer depends on besides the file system."""
    linter = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    streams = [stream is not None and stream.isatty() for stream in (sys.stdout, sys.stderr)]
    material = [
        fingerprint(),  # this version, Python's and the validators'
        sys.executable,
        linter,
        argv,
        os.getcwd(),
        sorted(os.environ.items()),
        time.strftime("%Y-%m-%d", time.gmtime()),  # future-date depends on today (UTC)
        streams,
    ]
    text = json.dumps(material, ensure_ascii=False).encode("utf-8", "surrogateescape")
    return blake2b(text, digest_size=20).hexdigest()


def _folder(argv: list[str]) -> str | None:
    """Where records for this command line are kept: ``--cache-dir``'s folder, else this
    user's; ``None`` with ``--no-cache``. (Only where to look: a record found anywhere is
    the one of this exact command line, or it fails its key.)"""
    if not recorded(argv):
        return None
    chosen = None
    for index, argument in enumerate(argv):
        if argument == "--":
            break  # paths follow, whatever they are called
        # The last one given, as argparse takes it (which takes no abbreviation of it).
        if argument == "--cache-dir" and index + 1 < len(argv):
            chosen = argv[index + 1]
        elif argument.startswith("--cache-dir="):
            chosen = argument.split("=", 1)[1]
    return os.path.join(chosen, "reruns") if chosen is not None else str(user_folder() / "reruns")


def recorded(argv: list[str]) -> bool:
    """Whether a run of this command line may be recorded (not with ``--no-cache``)."""
    return "--no-cache" not in argv


def answer(argv: list[str]) -> tuple[str, int] | None:
    """The report and exit code of a recorded run that this one would repeat, else ``None``."""
    try:
        return _answer(argv)
    except OSError:  # the current folder gone, a cache folder that cannot be read...
        return None


def _answer(argv: list[str]) -> tuple[str, int] | None:
    where = _folder(argv)
    if where is None:
        return None
    key = _key(argv)
    with fsguard.folder(where, create=False) as handle:
        data = fsguard.read_in(handle, f"{key}.json", _RECORD_BYTES) if handle is not None else None
    if data is None:
        return None
    signer = Signer()
    if data[:32].decode("ascii", "replace") != signer.mac(key, data[32:]):
        return None
    try:
        record = json.loads(data[32:])
        if record["key"] != key or not _unchanged(record):
            return None
        return str(record["out"]), int(record["code"])
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError):
        return None


def _unchanged(record: dict[str, Any]) -> bool:
    """Whether the file system answers each of the record's questions as it did: the files
    first (the files named, such as a hook's just edited, come first of them), then the
    folders walked, then the schemas."""
    if any(os.path.exists(path) != kept for path, kept in record["present"]):
        return False
    if any(_node(path) != kept for path, kept in record["nodes"]):
        return False
    stat_of = os.stat
    numbers = iter(record["files"])
    # Flat lists, five items a file or folder: a rerun of 10,000 files is mostly these loops.
    for path, size, mtime, ctime, inode in zip(
        numbers, numbers, numbers, numbers, numbers, strict=True
    ):
        try:
            found = stat_of(path)
        except OSError:
            if size != _ABSENT:
                return False
            continue
        if (
            found.st_ctime_ns != ctime
            or found.st_mtime_ns != mtime
            or found.st_size != size
            or found.st_ino != inode
        ):
            return False
    numbers = iter(record["folders"])
    for path, device, inode, mtime, ctime in zip(
        numbers, numbers, numbers, numbers, numbers, strict=True
    ):
        try:
            found = stat_of(path)
        except OSError:
            return False
        if (
            found.st_ctime_ns != ctime
            or found.st_mtime_ns != mtime
            or found.st_ino != inode
            or found.st_dev != device
        ):
            return False
    if record["questions"]:
        from linter.validation import inputs

        for questions in record["questions"]:
            rows = [(str(kind), str(path), str(digest)) for kind, path, digest in questions]
            if inputs.replay(rows) is None:
                return False
    return True


class Recorder:
    """What one run depended on, taken as it runs (each stat before what it stands for is
    read or listed); ``record`` writes it when it is whole."""

    def __init__(self, argv: list[str]) -> None:
        self.start = time.time_ns()
        self.argv = argv
        self.key = _key(argv)  # taken now: the day, the folder and the environment of the run
        self.folders: dict[str, FolderStat | None] = {}
        self.nodes: dict[str, str] = {}
        self.files: dict[str, Stat | None] = {}
        self.present: dict[str, bool] = {}
        self.questions: list[list[tuple[str, str, str]]] = []
        # Whether the result cache answered the run (each of its projects') whole: only such
        # a run is recorded (nothing else, not --help, gives the record its answer).
        self.answered = False
        self.refused: str | None = None  # why no record can be written, if so

    def refuse(self, why: str) -> None:
        if self.refused is None:
            self.refused = why

    def look_above(self, paths: list[str]) -> None:
        """Each of ``paths`` and every folder above it (as written, and with links resolved):
        what each is (a link and where it leads, or which file or folder), the files a lookup
        reads there (``LOOKED_UP``) and whether ``.git`` is there: where configurations,
        ignore files and work trees are looked for. Taken before any of them is read.

        Not the folders' times: what else a folder above holds does not matter (``/tmp``
        changes all the time), and the folders walked are recorded by the walk."""
        starts = [os.path.abspath(path) for path in paths]
        for start in [*starts, *map(os.path.realpath, starts)]:
            folder = start
            while folder not in self.nodes:
                self.nodes[folder] = _node(folder)
                for name in LOOKED_UP:
                    path = os.path.join(folder, name)
                    self.files.setdefault(path, _file_stat(path))
                # As ``linter.config.work_tree`` asks it (a link to a .git counts too).
                git = os.path.join(folder, GIT)
                self.present[git] = os.path.exists(git)
                parent = os.path.dirname(folder)
                if parent == folder:
                    break
                folder = parent

    def look_along(self, path: str) -> None:
        """What each part of the way to ``path`` is, as written: ``a/b/../c`` is looked at as
        ``a``, ``a/b``, ``a/b/..`` and ``a/b/../c``, so a link anywhere on the way is seen."""
        parts = os.path.join(os.getcwd(), path).split(os.sep)
        if len(parts) > _MAX_PARTS:
            # Looked at part by part, a path of N parts costs N*N: a configuration's
            # "a/../a/../.../s.json" would make each run, and its record, quadratic.
            self.refuse("a path of too many parts")
            return
        for end in range(1, len(parts) + 1):
            prefix = os.sep.join(parts[:end]) or os.sep
            self.nodes.setdefault(prefix, _node(prefix))

    def look_at(self, path: str) -> None:
        """What ``path`` is (a link and where it leads, which file or folder, or nothing)."""
        self.nodes.setdefault(os.path.abspath(path), _node(os.path.abspath(path)))

    def folder(self, path: str, found: os.stat_result) -> None:
        """A folder that a walk lists (its stat taken on the descriptor it lists)."""
        self.folders.setdefault(
            path, (found.st_dev, found.st_ino, found.st_mtime_ns, found.st_ctime_ns)
        )

    def file(self, path: str, taken: Stat | None) -> None:
        """A file the answer depends on, with the stat it had before it was read."""
        if taken is None:
            self.refuse(f"a file that could not be looked at: {path}")
        self.files.setdefault(path, taken)

    def record(self, out: str, code: int) -> bool:
        """Write the record of this run (its report ``out`` and exit ``code``) when it is
        whole; whether it was written."""
        if self.refused is not None or not self.answered:
            return False
        newest = self.start - RACY_NS
        for kept in self.folders.values():
            if kept is None or kept[3] >= newest:
                return False
        for taken in self.files.values():
            if taken is not None and taken[2] >= newest:
                return False
        value = json.dumps(
            {
                "key": self.key,
                "folders": [
                    part for path, kept in self.folders.items() if kept for part in (path, *kept)
                ],
                "files": [
                    part
                    for path, stat in self.files.items()
                    for part in (path, *(stat or (_ABSENT,) * 4))
                ],
                "present": sorted(self.present.items()),
                "nodes": sorted(self.nodes.items()),
                "questions": self.questions,
                "out": out,
                "code": code,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8", "surrogateescape")
        if len(value) > _RECORD_BYTES - 64:
            return False  # it would not be read back (``_answer`` reads at most this much)
        where = _folder(self.argv)
        if where is None:
            return False
        with fsguard.folder(os.path.dirname(where), create=True) as parent:
            if parent is None:
                return False
        with fsguard.folder(where, create=True) as handle:
            if handle is None:
                return False
            name = f"{self.key}.json"
            if not fsguard.write_in(handle, name, Signer().mac(self.key, value).encode() + value):
                return False
            _prune(handle, keep=name)
        return True


def _prune(handle: int, keep: str) -> None:
    others = [(n, m) for n, m in fsguard.regular_files(handle, ".json") if n != keep]
    others.sort(key=lambda item: item[1], reverse=True)
    for name, _ in others[_KEPT - 1 :]:
        fsguard.remove_in(handle, name)


# The run being recorded, if any (``linter.cli`` starts it; the walk and the cache add to it).
current: Recorder | None = None
