"""Remember links found alive, so that the next run asks the network nothing about them.

SQLite under the cache folder, shared safely by concurrent runs. Only alive results are kept,
for a time to live (7 days by default); a failure is checked again next time. Like the result
cache (``linter.engine.cache``), every row carries a MAC keyed by this machine's secret: a row
planted in a committed or restored cache (a dead link marked alive, a made-up "final" address
for ``--fix``, a 1x1 image size) fails it and is checked on the network like any other.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from linter.guard import fsguard
from linter.guard.signing import Signer, connect
from linter.online.linkresult import LinkResult

_DB = "links-v2.sqlite"
_UNDECODABLE = (TypeError, ValueError, OverflowError)


class LinkCache:
    """Alive links by ``(url, is_image)``, each with the time it was checked."""

    def __init__(self, folder: Path, ttl_days: float, secret: bytes | None = None) -> None:
        self._ttl = ttl_days * 86_400
        self._signer = Signer(secret)
        self._db: sqlite3.Connection | None = None
        with fsguard.folder(str(folder), create=True) as handle:
            if handle is None:
                return  # not a folder we can trust: check everything
        try:
            self._db = connect(folder / _DB)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS links (url TEXT, image INTEGER, checked REAL,"
                " detail TEXT, final TEXT, width INTEGER, height INTEGER, mac TEXT,"
                " PRIMARY KEY (url, image))"
            )
        except sqlite3.DatabaseError:
            self._db = None  # a read-only or broken cache: check everything

    def _mac(self, *row: object) -> str:
        return self._signer.mac(*map(repr, row))

    def get(self, targets: list[tuple[str, bool]]) -> dict[tuple[str, bool], LinkResult]:
        if self._db is None:
            return {}
        fresh_from = time.time() - self._ttl
        found: dict[tuple[str, bool], LinkResult] = {}
        query = (
            "SELECT checked, detail, final, width, height, mac FROM links"
            " WHERE url = ? AND image = ? AND checked >= ?"
        )
        for url, image in targets:
            try:
                row = self._db.execute(query, (url, int(image), fresh_from)).fetchone()
                if row is None:
                    continue
                checked, detail, final, width, height, mac = row
                if mac != self._mac(url, int(image), checked, detail, final, width, height):
                    continue  # not written by this machine's runs: checked again
                size = (
                    (int(width), int(height)) if width is not None and height is not None else None
                )
                found[(url, image)] = LinkResult(
                    "ok", str(detail), final_url=None if final is None else str(final), size=size
                )
            except sqlite3.DatabaseError:
                return found
            except _UNDECODABLE:
                continue
        return found

    def put(self, results: dict[tuple[str, bool], LinkResult]) -> None:
        if self._db is None:
            return
        now = time.time()
        rows = []
        for (url, image), r in results.items():
            if r.alive and not r.accepted:
                width, height = r.size or (None, None)
                row = (url, int(image), now, r.detail, r.final_url, width, height)
                rows.append((*row, self._mac(*row)))
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
                )
        except sqlite3.DatabaseError:
            pass  # busy or read-only: these links are checked again next time

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
