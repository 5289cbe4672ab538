"""Find the files to lint.

Files named on the command line are always linted. Folders are walked for the configured
``include`` globs (``*.md``, ``*.markdown``), skipping hidden folders, ``node_modules``,
``_site`` and what ``.gitignore`` files and ``exclude`` name. FIFOs, sockets and devices are
never opened, and folder symlinks are not followed, so a symlink loop cannot hang the walk.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from linter import globs
from linter.config import Config

SKIPPED_FOLDERS = frozenset({"node_modules", "_site", "__pycache__"})


@dataclass(frozen=True)
class Found:
    """A file to lint: the name to report it by, and where to read it."""

    name: str
    path: str


class MissingPath(Exception):
    """A path given on the command line does not exist."""


def discover(arguments: list[str], config: Config) -> Iterator[Found]:
    """The files to lint for the command-line ``arguments``, each once, in a stable order."""
    seen: set[str] = set()
    # One folder's walk meets each file once; only several arguments can name one twice.
    dedupe = len(arguments) > 1
    for argument in arguments:
        if not os.path.lexists(argument):
            raise MissingPath(argument)
        if os.path.isdir(argument):
            candidates = _walk(argument, config)
        else:
            candidates = iter([Found(argument, argument)]) if _is_regular(argument) else iter(())
        for found in candidates:
            if not dedupe:
                yield found
                continue
            # Symlinks are not resolved here (a walk never follows folder links anyway).
            key = os.path.abspath(found.path)
            if key not in seen:
                seen.add(key)
                yield found


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return os.path.lexists(path)  # unreadable or a broken link: reported when read


def _walk(root: str, config: Config) -> Iterator[Found]:
    absolute_root = os.path.realpath(root)
    shown = os.path.relpath(root)
    if shown.startswith(".."):
        shown = os.path.abspath(root)
    ignores = _GitIgnores.for_root(absolute_root)
    # (folder to read, its name for reports, its absolute path for .gitignore patterns)
    stack = [(root, "" if shown == "." else shown, absolute_root)]
    while stack:
        folder, display, absolute = stack.pop()
        ignores.load(absolute)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue  # an unreadable folder has nothing we can lint
        subfolders = []
        for entry in entries:
            name = entry.name
            shown_name = f"{display}/{name}" if display else name
            if entry.is_dir(follow_symlinks=False):
                if _walks_into(name, shown_name, f"{absolute}/{name}", ignores, config):
                    subfolders.append((entry.path, shown_name, f"{absolute}/{name}"))
            elif _lints(entry, shown_name, f"{absolute}/{name}", ignores, config):
                yield Found(shown_name, entry.path)
        stack.extend(reversed(subfolders))


def _walks_into(name: str, shown: str, absolute: str, ignores: _GitIgnores, config: Config) -> bool:
    return not (
        name.startswith(".")
        or name in SKIPPED_FOLDERS
        or ignores.ignored(absolute, is_dir=True)
        or _excluded(shown, config)
    )


def _lints(
    entry: os.DirEntry[str], shown: str, absolute: str, ignores: _GitIgnores, config: Config
) -> bool:
    try:
        # A symlink to a regular file is linted; FIFOs, sockets and devices never are.
        regular = entry.is_file(follow_symlinks=True)
    except OSError:
        return False
    return (
        regular
        and _included(entry.name, shown, config)
        and not _excluded(shown, config)
        and not ignores.ignored(absolute, is_dir=False)
    )


def _included(name: str, shown: str, config: Config) -> bool:
    # Patterns without a folder ("*.md") match the name: no path to resolve for each file.
    if any("/" in pattern for pattern in config.include):
        return globs.matches_any(config.include, config.relative(shown))
    return globs.matches_any(config.include, name)


def _excluded(path: str, config: Config) -> bool:
    return bool(config.exclude) and globs.matches_any(config.exclude, config.relative(path))


class _GitIgnores:
    """The ``.gitignore`` patterns that apply below a folder, with gitignore's precedence."""

    def __init__(self) -> None:
        self._patterns: list[tuple[str, str, bool, bool]] = []  # base/, glob, negated, dir only
        self._loaded: set[str] = set()

    @classmethod
    def for_root(cls, root: str) -> _GitIgnores:
        ignores = cls()
        # Patterns of enclosing folders up to the repository's top apply too.
        enclosing: list[str] = []
        folder = root
        while os.path.dirname(folder) != folder:
            folder = os.path.dirname(folder)
            enclosing.append(folder)
            if os.path.exists(os.path.join(folder, ".git")):
                for parent in reversed(enclosing):
                    ignores.load(parent)
                break
        return ignores

    def load(self, folder: str) -> None:
        if folder in self._loaded:
            return
        self._loaded.add(folder)
        try:
            with open(
                os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace"
            ) as handle:
                text = handle.read()
        except OSError:
            return
        base = folder.rstrip("/") + "/"
        for raw in text.splitlines():
            line = raw.rstrip()
            if not line or line.startswith("#"):
                continue
            negated = line.startswith("!")
            pattern = line[1:] if negated else line
            self._patterns.append((base, pattern.rstrip("/"), negated, pattern.endswith("/")))

    def ignored(self, path: str, *, is_dir: bool) -> bool:
        verdict = False
        for base, pattern, negated, dir_only in self._patterns:
            if not path.startswith(base):
                continue
            relative = path[len(base) :]
            # "build/" ignores a folder (and so every file below it), never a file "build".
            if dir_only and not is_dir and not _parent_matches(pattern, relative):
                continue
            if globs.matches(pattern, relative):
                verdict = not negated
        return verdict


def _parent_matches(pattern: str, relative: str) -> bool:
    parts = relative.split("/")[:-1]
    return any(globs.matches(pattern, "/".join(parts[: i + 1])) for i in range(len(parts)))
