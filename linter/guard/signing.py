"""This user's cache folder and secret, and the MACs that make a cache entry trustworthy.

Nothing a cache holds is trusted for being there (see ``linter.engine.cache``): every entry carries
a keyed BLAKE2b MAC under a secret made once per user and kept outside any work tree. The
result cache, the link cache and fetched schemas all sign and check with ``Signer``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from linter.guard import fsguard

if TYPE_CHECKING:  # imported when used: a run answered from a memo needs none of them
    import hashlib
    import sqlite3
    from pathlib import Path


def blake2b(data: bytes = b"", **options: Any) -> hashlib.blake2b:
    # hashlib loads OpenSSL (3 ms): imported when a cache is used, not by every run.
    import hashlib

    return hashlib.blake2b(data, **options)


def user_folder() -> Path:
    """Where this user's caches and the cache secret live: never inside a work tree."""
    from pathlib import Path  # 4 ms with what it imports: not for a rerun answered first

    chosen = os.environ.get("ARTICLE_LINT_CACHE_HOME")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "article-lint"


def default_folder(project: Path) -> Path:
    """The default cache folder of the project rooted at ``project``."""
    name = blake2b(str(project.resolve()).encode(), digest_size=8).hexdigest()
    return user_folder() / "projects" / name


def machine_secret() -> bytes:
    """The key of every cache MAC: made once per user, kept outside any tree (mode 0600).

    Where it cannot be kept (a read-only home), a key of this process only: nothing written
    before is trusted, which costs speed, never correctness.
    """
    with fsguard.folder(str(user_folder()), create=True) as handle:
        if handle is None:
            return os.urandom(32)
        known = fsguard.read_in(handle, "secret", 64)
        if known is not None and len(known) == 32:
            return known
        fresh = os.urandom(32)
        # New, or (when malformed, say after a full disk) replaced; else another run made it.
        if fsguard.create_in(handle, "secret", fresh) or (
            known is not None and fsguard.write_in(handle, "secret", fresh)
        ):
            return fresh
        again = fsguard.read_in(handle, "secret", 64)
        return again if again is not None and len(again) == 32 else os.urandom(32)


class Signer:
    """MACs under this machine's cache secret (keyed BLAKE2b)."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = machine_secret() if secret is None else secret
        # Keyed once: a copy of this state costs a third less than keying each MAC anew (a
        # warm run checks two MACs per file).
        self._keyed = blake2b(key=self._secret, digest_size=16)

    def mac(self, *parts: str | bytes) -> str:
        """The MAC of ``parts`` (hex); each part is length-prefixed, so none can shift."""
        mac = self._keyed.copy()
        for part in parts:
            data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            mac.update(len(data).to_bytes(8, "little") + data)
        return mac.hexdigest()


def connect(path: Path) -> sqlite3.Connection:
    """Open a database file as untrusted data: never through a symbolic link (SQLite's
    ``nofollow``), and only when it holds nothing but tables (SQLite's own indexes aside).

    A cache folder can sit in the tree under review, so its database may be a pull
    request's: a view named like a table (a recursive one hangs a query) or a trigger runs
    code of its choosing. Those are refused with ``sqlite3.DatabaseError``, which the caches
    answer by starting afresh; values are MAC'd, so no row can be forged either.
    """
    import sqlite3
    from urllib.parse import quote

    db = sqlite3.connect(f"file:{quote(str(path))}?nofollow=1", timeout=10, uri=True)
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        # sqlite_master itself is a plain table: reading it runs nothing of the file's.
        for kind, name in db.execute("SELECT type, name FROM sqlite_master"):
            if kind != "table" and not (kind == "index" and name.startswith("sqlite_autoindex_")):
                raise sqlite3.DatabaseError(f"unexpected {kind} {name!r} in the cache database")
    except BaseException:
        db.close()
        raise
    return db
