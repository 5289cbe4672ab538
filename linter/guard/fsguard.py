"""File-system access that a tree under review cannot turn against the machine.

In CI the linted tree (its articles, its cache folder, its configuration) is written by
whoever opened the pull request. So:

- articles are read only when they are regular files that resolve inside the folder they were
  found in (a link to ``/elsewhere/secret.yaml`` is not read), never FIFOs, devices or
  ``/proc`` files, and never more than ``MAX_FILE_BYTES``;
- the cache folders are used only when they are real folders holding no symbolic link, and
  every file in them is opened relative to the folder's descriptor with ``O_NOFOLLOW``;
  writes go to a new file (``O_EXCL``) renamed into place, so nothing is written through a
  link planted there.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress

MAX_FILE_BYTES = 32 * 1024 * 1024  # an article with a larger body is not an article
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class NotReadable(Exception):
    """The file was not read; the message says why, in the words of a problem."""


def is_inside(path: str, folder: str) -> bool:
    """Whether the real ``path`` lies in the real ``folder`` (both already resolved)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def read_article(path: str, root: str, *, resolve: bool = False) -> bytes:
    """The bytes of the regular file at ``path``, which must resolve inside ``root``.

    ``root`` is a resolved folder. The common case (a regular file, no link) costs one
    ``open`` with ``O_NOFOLLOW`` and one ``fstat``; only a link is resolved and checked.
    ``resolve``: the folders of ``path`` may be links too (a walk never follows one, a path
    named on the command line may), so the whole path is resolved and checked first.
    """
    flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _BINARY
    if resolve and not is_inside(os.path.realpath(path), root):
        raise NotReadable(
            f"not read: the file is a link to {os.path.realpath(path)}, outside {root}; "
            "expected an article inside the folder being linted"
        )
    try:
        handle = os.open(path, flags)
    except OSError as error:
        if not _is_link(path):
            raise NotReadable(f"cannot read file: {_reason(error)}") from None
        real = os.path.realpath(path)
        if not is_inside(real, root):
            raise NotReadable(
                f"not read: the file is a link to {real}, outside {root}; "
                "expected an article inside the folder being linted"
            ) from None
        try:
            handle = os.open(real, flags)
        except OSError as inner:
            raise NotReadable(f"cannot read file: {_reason(inner)}") from None
    try:
        return _read_regular(handle)
    finally:
        os.close(handle)


def _read_regular(handle: int) -> bytes:
    info = os.fstat(handle)
    if not stat.S_ISREG(info.st_mode):
        raise NotReadable(f"not read: the file is {_kind(info.st_mode)}; expected a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise NotReadable(too_large(info.st_size))
    chunks, total = [], 0
    try:
        # To the end or the bound, whatever the size said: /proc files say 0 and go on.
        while chunk := os.read(handle, 1 << 16):
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise NotReadable(too_large(None))
    except BlockingIOError:
        raise NotReadable("not read: the file did not answer a read at once") from None
    except OSError as error:
        raise NotReadable(f"cannot read file: {_reason(error)}") from None
    return b"".join(chunks)


def too_large(size: int | None) -> str:
    """``size`` is ``None`` for a file whose size said less than it held (``/proc``)."""
    found = f"more than {MAX_FILE_BYTES}" if size is None else str(size)
    return f"not read: the file is {found} bytes; expected at most {MAX_FILE_BYTES}"


def _is_link(path: str) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


# --- cache folders -------------------------------------------------------------------------


def open_folder(path: str, *, create: bool, mode: int = 0o700) -> int:
    """A descriptor of the folder at ``path``, reached through no symbolic link of the tree.

    The part of ``path`` inside the current folder (the tree under review, whose links a pull
    request can commit) is opened one folder at a time, each without following a link, and
    created with ``mode`` where missing if ``create``; the part outside it (``/home/ci``, or a
    folder named on the command line) is the run's own. Raises ``OSError``.
    """
    absolute = os.path.abspath(path)
    here = os.getcwd()
    inside = absolute == here or absolute.startswith(here.rstrip(os.sep) + os.sep)
    start, parts = (here, absolute[len(here) :].split(os.sep)) if inside else (absolute, [])
    if create and not inside:
        os.makedirs(start, mode=mode, exist_ok=True)
    handle = os.open(start, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for part in filter(None, parts):
            if create:
                with suppress(FileExistsError):
                    os.mkdir(part, mode, dir_fd=handle)
            inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=handle)
            os.close(handle)
            handle = inner
    except BaseException:
        os.close(handle)
        raise
    return handle


def write_file(path: str, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``path`` (a report, a baseline, a drafted schema) without writing through a link:
    its folder is reached as ``open_folder`` reaches it, and the file is replaced, never
    written into (a committed link at ``path`` is replaced, its target untouched). Raises
    ``OSError`` with a reason."""
    folder, name = os.path.split(os.path.abspath(path))
    handle = open_folder(folder, create=False)
    try:
        if not write_in(handle, name, data, mode=mode):
            raise OSError(f"cannot write {path}")
    finally:
        os.close(handle)


def trusted_folder(path: str, *, create: bool) -> int | None:
    """A descriptor of the folder at ``path``, or ``None`` when it cannot be trusted.

    Trusted: a real folder reached through no link of the tree (``open_folder``), that holds
    no symbolic link, created with mode 0700 when missing and ``create`` is set. The caller
    closes the descriptor.
    """
    try:
        handle = open_folder(path, create=create)
    except OSError:
        return None
    try:
        with os.scandir(handle) as entries:
            if any(entry.is_symlink() for entry in entries):
                os.close(handle)
                return None
    except OSError:
        os.close(handle)
        return None
    return handle


@contextmanager
def folder(path: str, *, create: bool) -> Iterator[int | None]:
    """``trusted_folder`` as a context manager that closes what it opened."""
    handle = trusted_folder(path, create=create)
    try:
        yield handle
    finally:
        if handle is not None:
            os.close(handle)


def read_in(handle: int, name: str, limit: int) -> bytes | None:
    """The bytes of the regular file ``name`` in the folder ``handle``, or ``None``."""
    try:
        file = os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=handle)
    except OSError:
        return None
    try:
        info = os.fstat(file)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = os.read(file, limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(file)


def write_in(handle: int, name: str, data: bytes, *, mode: int = 0o600) -> bool:
    """Replace ``name`` in the folder ``handle`` atomically; whether it was written.

    A new file is created (``O_EXCL``: never an existing file or a link's target) and renamed
    over ``name``; a rename replaces a link itself, never what it points to.
    """
    temporary = f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        file = os.open(
            temporary,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC,
            mode,
            dir_fd=handle,
        )
    except OSError:
        return False
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(file, view) :]
        finally:
            os.close(file)
        os.replace(temporary, name, src_dir_fd=handle, dst_dir_fd=handle)
        return True
    except OSError:
        with suppress(OSError):
            os.unlink(temporary, dir_fd=handle)
        return False


def create_in(handle: int, name: str, data: bytes) -> bool:
    """Create ``name`` in the folder ``handle`` with ``data`` (mode 0600), only if it is new."""
    try:
        file = os.open(
            name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=handle
        )
    except OSError:
        return False
    try:
        os.write(file, data)
    except OSError:
        remove_in(handle, name)
        return False
    finally:
        os.close(file)
    return True


def regular_files(handle: int, suffix: str) -> list[tuple[str, int]]:
    """``(name, mtime_ns)`` of the regular files ending in ``suffix`` in the folder."""
    found = []
    try:
        with os.scandir(handle) as entries:
            for entry in entries:
                if entry.name.endswith(suffix) and entry.is_file(follow_symlinks=False):
                    found.append((entry.name, entry.stat(follow_symlinks=False).st_mtime_ns))
    except OSError:
        return []
    return found


def remove_in(handle: int, name: str) -> None:
    """Remove ``name`` from the folder (a link is removed itself, never followed)."""
    with suppress(OSError):
        os.unlink(name, dir_fd=handle)
