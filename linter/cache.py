"""The result cache: one entry per file, keyed by its path, its bytes and everything else that
can change its problems (tool version, configuration, schema, today's date).

Entries live in SQLite under ``.article-lint-cache/``, so two runs can share the folder
(SQLite locks; a busy database only slows a run down). Entries are JSON, never pickle: the
folder sits in the work tree, where a pull request could plant one. An entry that does not
decode to the expected shape is a miss, and a database that cannot be read is rebuilt.

The last runs' reports are kept apart, one small JSON file each (``runs/``, written
atomically): a rerun over an unchanged tree reads one of them and never opens the database,
nor imports SQLite.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:  # hashlib loads OpenSSL first (3 ms of every run); blake2 is built into CPython
    from _blake2 import blake2b
except ImportError:  # another Python
    from hashlib import blake2b

if TYPE_CHECKING:  # imported by the methods that use the database: a memo hit needs none
    import sqlite3

from linter import __version__
from linter.model import Fact, FileResult, FileStat, Problem, Severity, Suppressions

DEFAULT_DIR = ".article-lint-cache"
_DB = "results-v4.sqlite"
_BATCH = 500  # SQLite's limit on bound parameters is 999 on old builds
_SCAN_FROM = 1000
_RUNS_KEPT = 16  # a few recent runs are enough (shards, a second configuration)
_NOTHING_SILENCED = Suppressions()


class Cache:
    """Lint results by file key; reads are batched, writes go in one transaction."""

    def __init__(self, folder: Path, context: str) -> None:
        self._folder = folder
        self._path = folder / _DB
        self._context = blake2b(context.encode(), digest_size=16).digest()
        self._stats: dict[str, tuple[int, int, int, int, str]] | None = None
        self._table: dict[str, str] | None = None
        self._new_stats: list[tuple[str, int, int, int, int, str]] = []
        self._opened = False
        self._connection: sqlite3.Connection | None = None

    @property
    def _db(self) -> sqlite3.Connection | None:
        """The database, opened on first use (``None`` when it cannot be)."""
        if not self._opened:
            self._opened = True
            self._connection = self._open()
        return self._connection

    def stat_key(self, name: str, stat: FileStat) -> str | None:
        """The file's key, when its stat is the one recorded with the digest of its bytes.

        Like git's index: size, modification and change times (in nanoseconds) and inode
        all equal means the bytes are the ones hashed then, so the file is not read again.
        The digest is of the bytes alone, so it stays valid when the configuration changes.
        """
        if self._stats is None:
            self._stats = self._load_stats()
        known = self._stats.get(name)
        if known is not None and known[:4] == stat:
            return self._result_key(name, known[4])
        return None

    def _load_stats(self) -> dict[str, tuple[int, int, int, int, str]]:
        import sqlite3

        if self._db is None:
            return {}
        try:
            rows = self._db.execute("SELECT name, size, mtime, ctime, inode, digest FROM stats")
            return {
                name: (size, mtime, ctime, inode, key)
                for name, size, mtime, ctime, inode, key in rows
            }
        except sqlite3.DatabaseError:
            self._reset()
            return {}

    def key(self, name: str, data: bytes, stat: FileStat | None = None) -> str:
        """The result key of a file: its name and bytes in this run's context.

        ``stat``, taken before the bytes were read, is remembered for ``stat_key``.
        """
        digest = _digest(data)
        if stat is not None:
            self._new_stats.append((name, *stat, digest))
        return self._result_key(name, digest)

    def _result_key(self, name: str, digest: str) -> str:
        key = blake2b(self._context, digest_size=20)
        key.update(name.encode("utf-8", "surrogateescape") + b"\0" + digest.encode())
        return key.hexdigest()

    def run_key(self, signature: bytes | None) -> str | None:
        """The key of a whole run: this context and its files' signature (names, stats)."""
        if signature is None:
            return None
        return blake2b(self._context + signature, digest_size=20).hexdigest()

    def get_run(self, key: str) -> list[Problem] | None:
        """The problems of an earlier run with this key, or ``None``."""
        try:
            text = (self._folder / "runs" / f"{key}.json").read_text(encoding="utf-8")
            return [
                Problem(str(f), int(line), int(col), str(code), Severity(sev), str(msg), str(ptr))
                for f, line, col, code, sev, msg, ptr in json.loads(text)
            ]
        except (OSError, ValueError, TypeError):  # none, unreadable, or not what we wrote
            return None

    def put_run(self, key: str, problems: list[Problem]) -> None:
        """Remember a run's problems under its key; keep the last few runs only."""
        value = json.dumps(
            [
                [p.file, p.line, p.column, p.code, p.severity.value, p.message, p.pointer]
                for p in problems
            ],
            ensure_ascii=False,
        )
        import tempfile  # here: it imports shutil, random and more, which a memo hit never needs

        runs = self._folder / "runs"
        try:
            runs.mkdir(parents=True, exist_ok=True)
            # Atomic: a run reading the memo while another writes it sees all of it or nothing.
            handle, temporary = tempfile.mkstemp(dir=runs, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(value)
            os.replace(temporary, runs / f"{key}.json")
            _prune(runs, keep=runs / f"{key}.json")
        except OSError:
            pass  # read-only or busy: the next run is answered file by file

    def get_many(self, keys: list[str], names: dict[str, str]) -> dict[str, FileResult]:
        """The cached results among ``keys``; ``names`` maps a key to the file's name."""
        import sqlite3

        found: dict[str, FileResult] = {}
        if self._db is None:
            return found
        try:
            for key, value in self._rows(keys):
                result = _decode(names[key], value)
                if result is not None:
                    found[key] = result
        except sqlite3.DatabaseError:
            self._reset()
            return {}
        return found

    def _rows(self, keys: list[str]) -> Iterator[tuple[str, str]]:
        assert self._db is not None
        if self._table is None and len(keys) >= _SCAN_FROM:
            # A large run reads the whole table once: faster than many IN (...) lookups.
            self._table = dict(self._db.execute("SELECT key, value FROM results"))
        if self._table is not None:
            for key in keys:
                value = self._table.get(key)
                if value is not None:
                    yield key, value
            return
        for start in range(0, len(keys), _BATCH):
            chunk = keys[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(
                f"SELECT key, value FROM results WHERE key IN ({marks})", chunk
            )

    def put_many(self, items: Iterable[tuple[str, FileResult]]) -> None:
        """Store new results, and the stats recorded since the last call, in one transaction."""
        import sqlite3

        if self._db is None:
            return
        rows = [(key, _encode(result)) for key, result in items]
        stats, self._new_stats = self._new_stats, []
        if not rows and not stats:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", rows
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?, ?, ?)", stats
                )
        except sqlite3.OperationalError:
            pass  # busy or read-only: the next run computes these again
        except sqlite3.DatabaseError:
            self._reset()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()

    def _open(self) -> sqlite3.Connection | None:
        import sqlite3

        folder = self._folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n")  # never committed by accident
            db = sqlite3.connect(self._path, timeout=10)
            _create(db)
            db.execute("SELECT count(*) FROM results LIMIT 1").fetchone()
            return db
        except sqlite3.DatabaseError:
            return self._rebuild()
        except OSError:
            return None  # read-only checkout: lint without a cache

    def _rebuild(self) -> sqlite3.Connection | None:
        import sqlite3

        try:
            self._path.unlink(missing_ok=True)
            db = sqlite3.connect(self._path, timeout=10)
            _create(db)
            return db
        except (OSError, sqlite3.DatabaseError):
            return None

    def _reset(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = self._rebuild()


def _create(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS runs (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS stats (name TEXT PRIMARY KEY, size INTEGER, mtime INTEGER,"
        " ctime INTEGER, inode INTEGER, digest TEXT NOT NULL)"
    )


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=20).hexdigest()


def _prune(runs: Path, keep: Path) -> None:
    """Delete all but the newest memos (``keep``, just written, whatever the clock says)."""
    others = [path for path in runs.glob("*.json") if path != keep]
    others.sort(key=lambda path: path.stat().st_mtime_ns, reverse=True)
    for old in others[_RUNS_KEPT - 1 :]:
        old.unlink(missing_ok=True)


def context(config_fingerprint: str, schema_texts: Iterable[str]) -> str:
    """Everything besides a file's bytes that decides its problems."""
    today = time.strftime("%Y-%m-%d", time.gmtime())  # future-date depends on today (UTC)
    schemas = blake2b("\0".join(schema_texts).encode(), digest_size=16).hexdigest()
    return f"{__version__}\0{config_fingerprint}\0{schemas}\0{today}"


def _encode(result: FileResult) -> str:
    return json.dumps(
        {
            "p": [
                [p.line, p.column, p.code, p.severity.value, p.message, p.pointer]
                for p in result.problems
            ],
            "f": [[f.rule, f.key, f.label, f.pointer, f.line, f.column] for f in result.facts],
            "sl": {str(line): sorted(ids) for line, ids in result.suppressions.lines.items()},
            "sf": sorted(result.suppressions.file),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _is_fact(fact: Fact) -> bool:
    # Checked, not converted: a warm run decodes two facts per file. Rule and key are
    # looked up and compared, line and column sorted; label and pointer are only printed.
    return (
        type(fact.rule) is str
        and type(fact.key) is str
        and type(fact.line) is int
        and type(fact.column) is int
    )


def _decode(name: str, value: str) -> FileResult | None:
    """A cached result, or ``None`` when the entry is not exactly what ``_encode`` writes."""
    try:
        data: Any = json.loads(value)
        problems = (
            ()
            if not data["p"]
            else tuple(
                Problem(name, int(line), int(col), str(code), Severity(sev), str(msg), str(ptr))
                for line, col, code, sev, msg, ptr in data["p"]
            )
        )
        facts = tuple(Fact(*fact) for fact in data["f"])
        if not all(map(_is_fact, facts)):
            return None
        silenced = _NOTHING_SILENCED
        if data["sl"] or data["sf"]:
            lines = {int(line): frozenset(map(str, ids)) for line, ids in data["sl"].items()}
            silenced = Suppressions(lines, frozenset(map(str, data["sf"])))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return FileResult(name, problems, facts, silenced)
