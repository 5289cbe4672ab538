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
from pathlib import Path

from linter import globs
from linter.config import Config

SKIPPED_FOLDERS = frozenset({"node_modules", "_site", "__pycache__"})


@dataclass(frozen=True)
class Found:
    """A file to lint, under the name to report it by."""

    name: str
    path: Path


class MissingPath(Exception):
    """A path given on the command line does not exist."""


def discover(arguments: list[str], config: Config) -> Iterator[Found]:
    """The files to lint for the command-line ``arguments``, each once, in a stable order."""
    seen: set[Path] = set()
    for argument in arguments:
        path = Path(argument)
        if not os.path.lexists(path):
            raise MissingPath(argument)
        if path.is_dir():
            candidates = _walk(path, config)
        else:
            candidates = iter([Found(argument, path)]) if _is_regular(path) else iter(())
        for found in candidates:
            key = found.path.resolve()
            if key not in seen:
                seen.add(key)
                yield found


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return os.path.lexists(path)  # unreadable or a broken link: reported when read


def _walk(root: Path, config: Config) -> Iterator[Found]:
    ignores = _GitIgnores.for_root(root.resolve())
    for folder, subfolders, files in os.walk(root, followlinks=False):
        here = Path(folder)
        ignores.load(here.resolve())
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in SKIPPED_FOLDERS
            and not ignores.ignored((here / name).resolve(), is_dir=True)
            and not _excluded(here / name, config)
        )
        for name in sorted(files):
            path = here / name
            if not globs.matches_any(config.include, name) or _excluded(path, config):
                continue
            if ignores.ignored(path.resolve(), is_dir=False) or not _is_regular(path):
                continue
            yield Found(_display(path), path)


def _excluded(path: Path, config: Config) -> bool:
    return bool(config.exclude) and globs.matches_any(config.exclude, config.relative(str(path)))


def _display(path: Path) -> str:
    """A found file's name: relative to the current folder when it is below it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


class _GitIgnores:
    """The ``.gitignore`` patterns that apply below a folder, with gitignore's precedence."""

    def __init__(self) -> None:
        self._patterns: list[tuple[Path, str, bool, bool]] = []  # base, glob, negated, dir only
        self._loaded: set[Path] = set()

    @classmethod
    def for_root(cls, root: Path) -> _GitIgnores:
        ignores = cls()
        # Patterns of enclosing folders up to the repository's top apply too.
        enclosing: list[Path] = []
        for parent in root.parents:
            enclosing.append(parent)
            if (parent / ".git").exists():
                for folder in reversed(enclosing):
                    ignores.load(folder)
                break
        return ignores

    def load(self, folder: Path) -> None:
        if folder in self._loaded:
            return
        self._loaded.add(folder)
        try:
            text = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        for raw in text.splitlines():
            line = raw.rstrip()
            if not line or line.startswith("#"):
                continue
            negated = line.startswith("!")
            pattern = line[1:] if negated else line
            self._patterns.append((folder, pattern.rstrip("/"), negated, pattern.endswith("/")))

    def ignored(self, path: Path, *, is_dir: bool) -> bool:
        verdict = False
        for base, pattern, negated, dir_only in self._patterns:
            # "build/" ignores a folder (and so every file below it), never a file "build".
            if dir_only and not is_dir and not _below_match(pattern, path, base):
                continue
            try:
                relative = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if globs.matches(pattern, relative):
                verdict = not negated
        return verdict


def _below_match(pattern: str, path: Path, base: Path) -> bool:
    return any(globs.matches(pattern, rel) for rel in _parents_below(path, base))


def _parents_below(path: Path, base: Path) -> Iterator[str]:
    for parent in path.parents:
        try:
            relative = parent.relative_to(base).as_posix()
        except ValueError:
            return
        if relative != ".":
            yield relative
