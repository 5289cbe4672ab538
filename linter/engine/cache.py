"""The result cache: one entry per file, keyed by its path, its bytes and everything else that
can change its problems (the versions of article-lint, Python and the validators, the
configuration, the schema, today's date).

Entries live in SQLite, by default outside the work tree (``~/.cache/article-lint/projects/``,
one folder per project, as pre-commit keeps its environments), so two runs can share it
(SQLite locks; a busy database only slows a run down).

Nothing in the cache is trusted because it is there. In CI the tree under review is written by
whoever opened the pull request, and a cache folder can be committed, restored or copied: so
every entry, stat row and run memo carries a MAC, keyed by a secret that this machine made
and keeps outside the tree (``~/.cache/article-lint/secret``, mode 0600). A forged, tampered
or copied entry fails its MAC and is a miss; so is any value that does not decode to exactly
what was written. Entries are JSON, never pickle. The folder is used only when it is a real
folder holding no symbolic link (``linter.guard.fsguard``), so a planted link cannot make a run
write or delete anything elsewhere.

The last runs' reports are kept apart, one small JSON file each (``runs/``, written
atomically): a rerun over an unchanged tree reads one of them and never opens the database,
nor imports SQLite.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported by the methods that use the database: a memo hit needs none
    import sqlite3

from linter.engine import rerun
from linter.guard import fsguard
from linter.guard.signing import Signer, blake2b, connect
from linter.model import Fact, FileResult, FileStat, Problem, Severity, Suppressions
from linter.version import fingerprint

_DB = "results-v5.sqlite"
_BATCH = 500  # SQLite's limit on bound parameters is 999 on old builds
_SCAN_FROM = 1000
_RUNS_KEPT = 16  # a few recent runs are enough (shards, a second configuration)
_MEMO_BYTES = 64 * 1024 * 1024
_NOTHING_SILENCED = Suppressions()
# What a cache value may fail with when it is not what this module wrote: a miss, never a crash.
_UNDECODABLE = (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError)


class Cache:
    """Lint results by file key; reads are batched, writes go in one transaction."""

    def __init__(self, folder: Path, context: str, secret: bytes | None = None) -> None:
        self._folder = folder
        self._path = folder / _DB
        self._signer = Signer(secret)
        self._context = blake2b(context.encode(), digest_size=16).digest()
        self._stats: dict[str, tuple[int, int, int, int, str]] | None = None
        self._table: dict[str, tuple[str, str]] | None = None
        self._new_stats: list[tuple[str, int, int, int, int, str, str]] = []
        self._opened = False
        self._connection: sqlite3.Connection | None = None
        self._start = time.time_ns()
        # Whether a whole run was answered by an earlier one's problems (``get_run``).
        self.answered = False

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

    def prefetch_stats(self, names: list[str]) -> None:
        """Load the stats of just these files, when they are few (a hook's staged files):
        the whole table is read only for a run large enough to need most of it."""
        if self._stats is None and len(names) < _SCAN_FROM:
            self._stats = self._load_stats(names)

    def _load_stats(
        self, names: list[str] | None = None
    ) -> dict[str, tuple[int, int, int, int, str]]:
        import sqlite3

        if self._db is None:
            return {}
        query = "SELECT name, size, mtime, ctime, inode, digest, mac FROM stats"
        try:
            if names is None:
                rows = self._db.execute(query).fetchall()
            else:
                rows = []
                for start in range(0, len(names), _BATCH):
                    chunk = names[start : start + _BATCH]
                    marks = ",".join("?" * len(chunk))
                    rows += self._db.execute(f"{query} WHERE name IN ({marks})", chunk).fetchall()
        except sqlite3.DatabaseError:
            self._reset()
            return {}
        stats = {}
        for name, size, mtime, ctime, inode, digest, mac in rows:
            try:
                if mac == self._signer.mac(name, _stat_text(size, mtime, ctime, inode), digest):
                    stats[name] = (size, mtime, ctime, inode, digest)
            except _UNDECODABLE:
                continue
        return stats

    def key(self, name: str, data: bytes, stat: FileStat | None = None) -> str:
        """The result key of a file: its name and bytes in this run's context.

        ``stat``, taken before the bytes were read, is remembered for ``stat_key``.
        """
        digest = _digest(data)
        # Only a stat older than the run (by a file system's time step) stands for these bytes:
        # a file rewritten again within the tick of its stat would keep the stat and not the
        # bytes (git's "racy" entries). A newer file is read again next time; its result is
        # still found by its bytes.
        if stat is not None and stat[2] < self._start - rerun.RACY_NS:
            mac = self._signer.mac(name, _stat_text(*stat), digest)
            self._new_stats.append((name, *stat, digest, mac))
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
        with fsguard.folder(str(self._folder / "runs"), create=False) as runs:
            if runs is None or not self._trusted_home():
                return None
            data = fsguard.read_in(runs, f"{key}.json", _MEMO_BYTES)
        if data is None or data[:32].decode("ascii", "replace") != self._signer.mac(key, data[32:]):
            return None
        try:
            problems = [
                Problem(str(f), int(line), int(col), str(code), Severity(sev), str(msg), str(ptr))
                for f, line, col, code, sev, msg, ptr in json.loads(data[32:])
            ]
        except _UNDECODABLE:  # not what we wrote
            return None
        self.answered = True
        return problems

    def _trusted_home(self) -> bool:
        """Whether the cache folder itself is a real folder holding no link."""
        with fsguard.folder(str(self._folder), create=False) as handle:
            return handle is not None

    def put_run(self, key: str, problems: list[Problem]) -> None:
        """Remember a run's problems under its key; keep the last few runs only."""
        value = json.dumps(
            [
                [p.file, p.line, p.column, p.code, p.severity.value, p.message, p.pointer]
                for p in problems
            ],
            ensure_ascii=False,
        ).encode("utf-8", "surrogateescape")
        if not self._trusted_home():
            return
        with fsguard.folder(str(self._folder / "runs"), create=True) as runs:
            # Atomic: a run reading the memo while another writes it sees all of it or nothing.
            if runs is not None and fsguard.write_in(
                runs, f"{key}.json", self._signer.mac(key, value).encode() + value
            ):
                _prune(runs, keep=f"{key}.json")

    def get_facts(self) -> dict[str, tuple[FileStat, tuple[Fact, ...]]]:
        """What the last run in this context kept of each other file for the project rules,
        by name, with the stat the file had: a hook's run reads the rest of the project
        here, one file and one MAC, instead of 10,000 rows.

        Only each fact's rule and key are kept: the rest of a fact is used for the file that
        is reported on, which is linted (or answered by its cache entry) anyway.
        """
        name = self._facts_name()
        with fsguard.folder(str(self._folder), create=False) as handle:
            data = fsguard.read_in(handle, name, _MEMO_BYTES) if handle is not None else None
        if data is None or data[:32].decode("ascii", "replace") != self._signer.mac(
            name, data[32:]
        ):
            return {}
        try:
            loaded = json.loads(data[32:])
            kept: dict[str, tuple[FileStat, tuple[Fact, ...]]] = {}
            new = tuple.__new__  # a Fact without the call to its Python-level constructor
            for file, entry in loaded.items():
                pairs = entry[4:]
                if not set(map(type, pairs)) <= {str} or len(pairs) % 2:
                    return {}
                stat = (int(entry[0]), int(entry[1]), int(entry[2]), int(entry[3]))
                kept[str(file)] = (
                    stat,
                    tuple(
                        new(Fact, (r, k, "", "", 0, 0))
                        for r, k in zip(pairs[::2], pairs[1::2], strict=True)
                    ),
                )
        except _UNDECODABLE:
            return {}
        return kept

    def put_facts(self, entries: dict[str, tuple[FileStat, tuple[Fact, ...]]]) -> None:
        """Replace the project-rule facts kept for this context (see ``get_facts``)."""
        name = self._facts_name()
        value = json.dumps(
            {
                file: [*stat, *(part for fact in facts for part in (fact.rule, fact.key))]
                for file, (stat, facts) in entries.items()
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8", "surrogateescape")
        with fsguard.folder(str(self._folder), create=True) as handle:
            if handle is not None:
                fsguard.write_in(handle, name, self._signer.mac(name, value).encode() + value)

    def _facts_name(self) -> str:
        return f"facts-{self._context.hex()}.json"

    def get_many(self, keys: list[str], names: dict[str, str]) -> dict[str, FileResult]:
        """The cached results among ``keys``; ``names`` maps a key to the file's name."""
        import sqlite3

        found: dict[str, FileResult] = {}
        if self._db is None:
            return found
        try:
            for key, value, mac in self._rows(keys):
                if mac != self._signer.mac(key, value):
                    continue  # not written by this machine's runs: a miss
                result = _decode(names[key], value)
                if result is not None:
                    found[key] = result
        except sqlite3.DatabaseError:
            self._reset()
            return {}
        return found

    def _rows(self, keys: list[str]) -> Iterator[tuple[str, str, str]]:
        assert self._db is not None
        if self._table is None and len(keys) >= _SCAN_FROM:
            # A large run reads the whole table once: faster than many IN (...) lookups.
            self._table = {
                key: (value, mac)
                for key, value, mac in self._db.execute("SELECT key, value, mac FROM results")
            }
        if self._table is not None:
            for key in keys:
                row = self._table.get(key)
                if row is not None:
                    yield key, *row
            return
        for start in range(0, len(keys), _BATCH):
            chunk = keys[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(
                f"SELECT key, value, mac FROM results WHERE key IN ({marks})", chunk
            )

    def put_many(self, items: Iterable[tuple[str, FileResult]]) -> None:
        """Store new results, and the stats recorded since the last call, in one transaction."""
        import sqlite3

        if self._db is None:
            return
        rows = []
        for key, result in items:
            value = _encode(result)
            rows.append((key, value, self._signer.mac(key, value)))
        stats, self._new_stats = self._new_stats, []
        if not rows and not stats:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO results (key, value, mac) VALUES (?, ?, ?)", rows
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?, ?, ?, ?)", stats
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

        with fsguard.folder(str(self._folder), create=True) as handle:
            if handle is None:
                return None  # read-only, or not a folder we can trust: lint without a cache
            if fsguard.read_in(handle, ".gitignore", 64) != b"*\n":
                fsguard.write_in(handle, ".gitignore", b"*\n")  # never committed by accident
        try:
            db = connect(self._path)
            _create(db)
            db.execute("SELECT count(*) FROM results LIMIT 1").fetchone()
            return db
        except sqlite3.DatabaseError:
            return self._rebuild()

    def _rebuild(self) -> sqlite3.Connection | None:
        import sqlite3

        try:
            with fsguard.folder(str(self._folder), create=False) as handle:
                if handle is None:
                    return None
                fsguard.remove_in(handle, self._path.name)
            db = connect(self._path)
            _create(db)
            return db
        except sqlite3.DatabaseError:
            return None

    def _reset(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = self._rebuild()


class Loads:
    """What each schema load asked of the file system (``linter.validation.inputs``), kept in
    the cache folder by the load's arguments and this version: a run that gets the same
    answers again loads nothing. One small MAC'd JSON file per load, written atomically."""

    def __init__(self, folder: Path, secret: bytes | None = None) -> None:
        self._folder = folder
        self._secret = secret
        self._signer: Signer | None = None

    def _sign(self, name: str, value: bytes) -> str:
        if self._signer is None:
            self._signer = Signer(self._secret)
        return self._signer.mac(name, value)

    def get(self, load: str) -> tuple[list[tuple[str, str, str]], Any] | None:
        """The questions kept for this load and what was kept of its result, or ``None``."""
        name = _load_name(load)
        with fsguard.folder(str(self._folder), create=False) as handle:
            data = fsguard.read_in(handle, name, _MEMO_BYTES) if handle is not None else None
        if data is None or data[:32].decode("ascii", "replace") != self._sign(name, data[32:]):
            return None
        try:
            rows, extra = json.loads(data[32:])
            if not all(type(part) is str for row in rows for part in row):
                return None
            kept = [(kind, path, answer) for kind, path, answer in rows]
        except _UNDECODABLE:
            return None
        return kept, extra

    def put(self, load: str, questions: Iterable[tuple[str, str, str]], extra: Any) -> None:
        """Keep the questions of a load that succeeded, and ``extra`` (JSON values) of it."""
        name = _load_name(load)
        value = json.dumps(
            [[list(question) for question in questions], extra],
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8", "surrogateescape")
        with fsguard.folder(str(self._folder), create=True) as handle:
            if handle is not None:
                fsguard.write_in(handle, name, self._sign(name, value).encode() + value)


class Walks:
    """The folder listings of earlier walks (``linter.engine.discovery.Listings``), in one
    MAC'd JSON file per folder the command runs in."""

    def __init__(self, folder: Path, where: str, secret: bytes | None = None) -> None:
        self._folder = folder
        self._name = f"walks-{blake2b(where.encode('utf-8', 'surrogateescape'), digest_size=16).hexdigest()}.json"
        self._secret = secret

    def get(self) -> dict[str, list[Any]]:
        """The listings kept, by each folder's real path (none when anything is amiss)."""
        with fsguard.folder(str(self._folder), create=False) as handle:
            data = fsguard.read_in(handle, self._name, _MEMO_BYTES) if handle is not None else None
        if data is None:
            return {}
        signer = Signer(self._secret)
        if data[:32].decode("ascii", "replace") != signer.mac(self._name, fingerprint(), data[32:]):
            return {}
        try:
            loaded = json.loads(data[32:])
            kept = {}
            for real, entry in loaded.items():
                stat, folders, files = entry[:4], entry[4], entry[5]
                if len(entry) != 6 or not all(type(n) is int for n in stat):
                    return {}
                if not all(type(n) is str for n in (*folders, *files)):
                    return {}
                kept[str(real)] = entry
        except _UNDECODABLE:
            return {}
        return kept

    def put(self, kept: dict[str, list[Any]]) -> None:
        value = json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "surrogateescape"
        )
        with fsguard.folder(str(self._folder), create=True) as handle:
            if handle is not None:
                mac = Signer(self._secret).mac(self._name, fingerprint(), value)
                fsguard.write_in(handle, self._name, mac.encode() + value)


def _load_name(load: str) -> str:
    key = f"{fingerprint()}\0{load}".encode("utf-8", "surrogateescape")
    return f"load-{blake2b(key, digest_size=16).hexdigest()}.json"


def _stat_text(size: int, mtime: int, ctime: int, inode: int) -> str:
    return f"{int(size)} {int(mtime)} {int(ctime)} {int(inode)}"


def _create(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS results"
        " (key TEXT PRIMARY KEY, value TEXT NOT NULL, mac TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS stats (name TEXT PRIMARY KEY, size INTEGER, mtime INTEGER,"
        " ctime INTEGER, inode INTEGER, digest TEXT NOT NULL, mac TEXT NOT NULL)"
    )


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=20).hexdigest()


def _prune(runs: int, keep: str) -> None:
    """Delete all but the newest memos (``keep``, just written, whatever the clock says).

    Only regular files of the trusted ``runs`` folder (a descriptor) are listed or removed.
    """
    others = [(name, mtime) for name, mtime in fsguard.regular_files(runs, ".json") if name != keep]
    others.sort(key=lambda item: item[1], reverse=True)
    for name, _ in others[_RUNS_KEPT - 1 :]:
        fsguard.remove_in(runs, name)


def context(config_fingerprint: str, schema_texts: Iterable[str]) -> str:
    """Everything besides a file's bytes that decides its problems."""
    today = time.strftime("%Y-%m-%d", time.gmtime())  # future-date depends on today (UTC)
    schemas = blake2b("\0".join(schema_texts).encode(), digest_size=16).hexdigest()
    return f"{fingerprint()}\0{config_fingerprint}\0{schemas}\0{today}"


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
    except _UNDECODABLE:
        return None
    return FileResult(name, problems, facts, silenced)
