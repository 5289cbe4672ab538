"""A site's own pages, checked against its local build instead of the network.

``remap = {"https://everyday.cc/" = "_site/"}`` sends every URL under that prefix here: the
rest of its path names a file of the build folder, and the link is alive when that file, or
the ``index.html`` of that folder, exists. An image's real size is read from the file.

The folder is read as the tree under review is: no component below it may be a symbolic
link (it could lead outside the tree), ``..`` cannot climb out of it, and only regular files
are opened, never more than their first bytes.
"""

from __future__ import annotations

import os
import posixpath
import stat
from urllib.parse import unquote, urlsplit

from linter.config.linksettings import Remap
from linter.online import imagesize
from linter.online.linkresult import LinkResult


def check(remap: Remap, url: str, image: bool, image_bytes: int) -> LinkResult:
    """What the build folder says about ``url`` (which starts with ``remap.prefix``)."""
    assert remap.folder is not None
    rest = urlsplit(url[len(remap.prefix) :]).path
    # normpath from "/": ".." cannot climb above the folder.
    relative = posixpath.normpath("/" + unquote(rest)).lstrip("/")
    shown = f"{remap.target.rstrip('/')}/{relative}"
    where = str(remap.folder)
    candidates = [relative, posixpath.join(relative, "index.html")] if relative else ["index.html"]
    for candidate in candidates:
        path = os.path.join(where, *candidate.split("/"))
        found = _regular_file(where, path)
        if isinstance(found, str):
            return LinkResult("unverifiable", f"{found} (remapped from {remap.prefix})")
        if found:
            return _image(path, image_bytes) if image else LinkResult("ok", "in the build")
    return LinkResult(
        "broken", f"no file {shown} or {shown.rstrip('/')}/index.html in the local build"
    )


def _regular_file(folder: str, path: str) -> bool | str:
    """Whether ``path`` is a regular file reached without links, or why it is not looked at."""
    relative = os.path.relpath(path, folder)
    if relative == "." or relative.startswith(".."):
        return False
    current = folder
    parts = relative.split(os.sep)
    for index, part in enumerate(parts):
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return False
        if stat.S_ISLNK(mode):
            return f"{current} is a symbolic link in the build folder; not followed"
        if index < len(parts) - 1 and not stat.S_ISDIR(mode):
            return False
    return stat.S_ISREG(mode)


def _image(path: str, image_bytes: int) -> LinkResult:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        return LinkResult("unverifiable", f"cannot read {path}: {error.strerror}")
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return LinkResult("unverifiable", f"{path} is not a regular file")
        head = file.read(image_bytes)
    found = imagesize.size(head)
    if isinstance(found, tuple):
        return LinkResult("ok", "image in the build", size=found)
    if path.lower().endswith(".svg"):
        return LinkResult("ok", "svg image in the build")
    if imagesize.kind(head) is None:
        return LinkResult("not-image", f"{os.path.basename(path)} in the build is not an image")
    return LinkResult("unverifiable", f"could not read the image size of {path}")
