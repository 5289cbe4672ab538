"""File-system access that a tree under review cannot turn against the machine.

In CI the linted tree (its articles, its cache folder, its configuration) is written by
whoever opened the pull request. So:

- articles are read only when they are regular files that resolve inside the folder they were
  found in (a link to ``/elsewhere/secret.yaml`` is not read), never FIFOs, devices or
  ``/proc`` files (opened with ``O_NONBLOCK`` and refused by ``fstat`` before any read), and
  only as far as needed: an article up to the end of its front matter (``read_head``), a
  whole file only when it is small (``read_article``);
- the cache folders are used only when they are real folders holding no symbolic link, and
  every file in them is opened relative to the folder's descriptor with ``O_NOFOLLOW``;
  writes go to a new file (``O_EXCL``) renamed into place, so nothing is written through a
  link planted there.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import BinaryIO

MAX_FILE_BYTES = 32 * 1024 * 1024  # read whole (for --fix, which rewrites the body too)
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


def read_article(
    path: str, root: str, limit: int = MAX_FILE_BYTES, *, resolve: bool = False
) -> bytes:
    """The bytes of the regular file at ``path``, which must resolve inside ``root``; a file
    longer than ``limit`` bytes is refused (``NotReadable``) unread.

    ``root`` is a resolved folder. The common case (a regular file, no link) costs one
    ``open`` with ``O_NOFOLLOW`` and one ``fstat``; only a link is resolved and checked.
    ``resolve``: the folders of ``path`` may be links too (a walk never follows one, a path
    named on the command line may), so the whole path is resolved and checked first.
    """
    handle, info = _open_regular(path, root, resolve)
    try:
        if info.st_size > limit:
            raise NotReadable(too_large(info.st_size, limit))
        data, more = _read_regular(handle, info.st_size, limit, None)
        if more:
            raise NotReadable(too_large(None, limit))
        return data
    finally:
        os.close(handle)


def read_head(
    path: str, root: str, limit: int, enough: Callable[[bytes], bool], *, resolve: bool = False
) -> bytes:
    """The first bytes of the regular file at ``path`` (inside ``root``, as ``read_article``):
    read until ``enough`` says they hold what is needed, the end of the file, or ``limit``
    bytes, whatever the file's size. A 50 MB body after a small front matter is not read."""
    handle, info = _open_regular(path, root, resolve)
    try:
        return _read_regular(handle, info.st_size, limit, enough)[0]
    finally:
        os.close(handle)


def read_stream_head(stream: BinaryIO, limit: int, enough: Callable[[bytes], bool]) -> bytes:
    """``read_head`` of a stream (standard input): the rest is left unread."""
    return _read_chunks(stream.read, 0, limit, enough)[0]


def _open_regular(path: str, root: str, resolve: bool) -> tuple[int, os.stat_result]:
    """A descriptor of the regular file at ``path``, opened without following a link out of
    ``root`` and without waiting on a FIFO or a device (``O_NONBLOCK``), which are refused."""
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
        info = os.fstat(handle)
    except OSError as error:
        os.close(handle)
        raise NotReadable(f"cannot read file: {_reason(error)}") from None
    if not stat.S_ISREG(info.st_mode):
        os.close(handle)
        raise NotReadable(f"not read: the file is {_kind(info.st_mode)}; expected a regular file")
    return handle, info


_FIRST_READ = 1 << 16


def _read_regular(
    handle: int, size: int, limit: int, enough: Callable[[bytes], bool] | None
) -> tuple[bytes, bool]:
    """At most ``limit`` bytes from the start, and whether the file may hold more."""
    try:
        return _read_chunks(functools.partial(os.read, handle), size, limit, enough)
    except BlockingIOError:
        raise NotReadable("not read: the file did not answer a read at once") from None
    except OSError as error:
        raise NotReadable(f"cannot read file: {_reason(error)}") from None


def _read_chunks(
    read: Callable[[int], bytes], size: int, limit: int, enough: Callable[[bytes], bool] | None
) -> tuple[bytes, bool]:
    """``read`` until the end, ``limit`` bytes or ``enough``; whether more may follow."""
    chunks: list[bytes] = []
    total, want = 0, _FIRST_READ
    # To the end or the bound, whatever the size said: /proc files say 0 and go on.
    while total < limit:
        chunk = read(min(want, limit - total))
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        total += len(chunk)
        want *= 2  # doubling: a long front matter costs a few reads and checks, not many
        if 0 < size <= total:
            return b"".join(chunks), False  # the whole file, as its size said
        if enough is not None and enough(data := b"".join(chunks)):
            return data, True
    return b"".join(chunks), bool(read(1))


def too_large(size: int | None, limit: int = MAX_FILE_BYTES) -> str:
    """``size`` is ``None`` for a file whose size said less than it held (``/proc``)."""
    found = f"more than {limit}" if size is None else str(size)
    return f"not read: the file is {found} bytes; expected at most {limit}"


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


def write_file(path: str, data: bytes, *, mode: int = 0o644, create: bool = False) -> None:
    """Write ``path`` (a report, a baseline, a drafted schema) without writing through a link:
    its folder is reached as ``open_folder`` reaches it, and the file is replaced, never
    written into (a committed link at ``path`` is replaced, its target untouched); its folder
    is made where missing if ``create``. Raises ``OSError`` with a reason."""
    folder, name = os.path.split(os.path.abspath(path))
    handle = open_folder(folder, create=create, mode=0o755)
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
