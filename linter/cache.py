"""The result cache: one entry per file, keyed by its path, its bytes and everything else that
can change its problems (tool version, configuration, schema, today's date).

Entries live in SQLite under ``.article-lint-cache/``, so two runs can share the folder
(SQLite locks; a busy database only slows a run down). Entries are JSON, never pickle: the
folder sits in the work tree, where a pull request could plant one. An entry that does not
decode to the expected shape is a miss, and a database that cannot be read is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from linter import __version__
from linter.model import Fact, FileResult, Problem, Severity, Suppressions

DEFAULT_DIR = ".article-lint-cache"
_DB = "results-v1.sqlite"
_BATCH = 500  # SQLite's limit on bound parameters is 999 on old builds
_NOTHING_SILENCED = Suppressions()


class Cache:
    """Lint results by file key; reads are batched, writes go in one transaction."""

    def __init__(self, folder: Path, context: str) -> None:
        self._path = folder / _DB
        self._context = hashlib.blake2b(context.encode(), digest_size=16).digest()
        self._db = self._open(folder)

    def key(self, name: str, data: bytes) -> str:
        digest = hashlib.blake2b(self._context, digest_size=20)
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get_many(self, keys: list[str], names: dict[str, str]) -> dict[str, FileResult]:
        """The cached results among ``keys``; ``names`` maps a key to the file's name."""
        found: dict[str, FileResult] = {}
        if self._db is None:
            return found
        for start in range(0, len(keys), _BATCH):
            chunk = keys[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    f"SELECT key, value FROM results WHERE key IN ({marks})", chunk
                )
                for key, value in rows:
                    result = _decode(names[key], value)
                    if result is not None:
                        found[key] = result
            except sqlite3.DatabaseError:
                self._reset()
                return {}
        return found

    def put_many(self, items: Iterable[tuple[str, FileResult]]) -> None:
        if self._db is None:
            return
        rows = [(key, _encode(result)) for key, result in items]
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", rows
                )
        except sqlite3.OperationalError:
            pass  # busy or read-only: the next run computes these again
        except sqlite3.DatabaseError:
            self._reset()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def _open(self, folder: Path) -> sqlite3.Connection | None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / ".gitignore").write_text("*\n")  # never committed by accident
            db = sqlite3.connect(self._path, timeout=10)
            db.execute(
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            db.execute("SELECT count(*) FROM results LIMIT 1").fetchone()
            return db
        except sqlite3.DatabaseError:
            return self._rebuild()
        except OSError:
            return None  # read-only checkout: lint without a cache

    def _rebuild(self) -> sqlite3.Connection | None:
        try:
            self._path.unlink(missing_ok=True)
            db = sqlite3.connect(self._path, timeout=10)
            db.execute(
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            return db
        except (OSError, sqlite3.DatabaseError):
            return None

    def _reset(self) -> None:
        if self._db is not None:
            self._db.close()
        self._db = self._rebuild()


def context(config_fingerprint: str, schema_texts: Iterable[str]) -> str:
    """Everything besides a file's bytes that decides its problems."""
    today = datetime.now(UTC).date().isoformat()  # future-date depends on today
    schemas = hashlib.blake2b("\0".join(schema_texts).encode(), digest_size=16).hexdigest()
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
        facts = tuple(
            Fact(str(rule), str(key), str(label), str(ptr), int(line), int(col))
            for rule, key, label, ptr, line, col in data["f"]
        )
        silenced = _NOTHING_SILENCED
        if data["sl"] or data["sf"]:
            lines = {int(line): frozenset(map(str, ids)) for line, ids in data["sl"].items()}
            silenced = Suppressions(lines, frozenset(map(str, data["sf"])))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return FileResult(name, problems, facts, silenced)
