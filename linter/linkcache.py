"""Remember links found alive, so that the next run asks the network nothing about them.

SQLite under the cache folder, shared safely by concurrent runs. Only alive results are kept,
for a time to live (7 days by default); a failure is checked again next time.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from linter.linkcheck import LinkResult

_DB = "links-v1.sqlite"


class LinkCache:
    """Alive links by ``(url, is_image)``, each with the time it was checked."""

    def __init__(self, folder: Path, ttl_days: float) -> None:
        self._ttl = ttl_days * 86_400
        self._db: sqlite3.Connection | None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(folder / _DB, timeout=10)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS links (url TEXT, image INTEGER, checked REAL, detail TEXT,"
                " final TEXT, width INTEGER, height INTEGER, PRIMARY KEY (url, image))"
            )
        except (OSError, sqlite3.DatabaseError):
            self._db = None  # a read-only or broken cache: check everything

    def get(self, targets: list[tuple[str, bool]]) -> dict[tuple[str, bool], LinkResult]:
        if self._db is None:
            return {}
        fresh_from = time.time() - self._ttl
        found: dict[tuple[str, bool], LinkResult] = {}
        try:
            for url, image in targets:
                row = self._db.execute(
                    "SELECT detail, final, width, height FROM links WHERE url = ? AND image = ? AND checked >= ?",
                    (url, int(image), fresh_from),
                ).fetchone()
                if row is not None:
                    detail, final, width, height = row
                    size = (
                        (int(width), int(height))
                        if width is not None and height is not None
                        else None
                    )
                    found[(url, image)] = LinkResult("ok", str(detail), final_url=final, size=size)
        except (sqlite3.DatabaseError, TypeError, ValueError):
            return {}
        return found

    def put(self, results: dict[tuple[str, bool], LinkResult]) -> None:
        if self._db is None:
            return
        now = time.time()
        rows = [
            (url, int(image), now, r.detail, r.final_url, *(r.size or (None, None)))
            for (url, image), r in results.items()
            if r.alive
        ]
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?, ?, ?)", rows
                )
        except sqlite3.DatabaseError:
            pass  # busy or read-only: these links are checked again next time

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
