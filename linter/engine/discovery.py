"""Find the files to lint.

Files named on the command line are always linted. Folders are walked for the configured
``include`` globs (``*.md``, ``*.markdown``, ``*.mdx``) and ``include-if-front-matter`` ones
(``*.html``, linted only when they start with front matter), skipping hidden folders, ``node_modules``,
``_site`` and what ``.gitignore`` files and ``exclude`` name. FIFOs, sockets and devices are
never opened, and folder symlinks are not followed, so a symlink loop cannot hang the walk.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # imported when a .gitignore has patterns (20 ms: not for every run)
    import pathspec

from linter import globs
from linter.config import Config
from linter.guard import fsguard
from linter.model import FileStat

SKIPPED_FOLDERS = frozenset({"node_modules", "_site", "__pycache__"})


def file_stat(path: str, folder: int | None = None) -> FileStat | None:
    """The stat of the file at ``path`` (a name in ``folder`` when given), or ``None``."""
    try:
        found = os.stat(path, dir_fd=folder)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino


class Found(NamedTuple):
    """A file to lint: the name to report it by, where to read it, and its stat if taken."""

    # A named tuple: a walk makes one per file, tens of thousands in a large repository.
    name: str
    path: str
    # Taken by the walk when asked (the cache keys files by it).
    stat: FileStat | None = None
    # The resolved folder the file must resolve into to be read: the walked folder, or the
    # folder of a file named on the command line (``linter.guard.fsguard.read_article``).
    root: str = ""


def read(found: Found) -> bytes:
    """The bytes of a found file, read as ``linter.guard.fsguard`` allows; raises ``NotReadable``."""
    root = found.root or os.path.realpath(os.path.dirname(os.path.abspath(found.path)))
    return fsguard.read_article(found.path, root)


def _resolved_project(config: Config) -> str:
    root = project_root(config)
    return os.path.realpath(root) if root is not None else ""


def _named_root(argument: str, project: str) -> str:
    """The folder a named file must resolve into: the project (a link between two of its
    folders is fine), or, outside any project, the file's own folder."""
    folder = os.path.realpath(os.path.dirname(os.path.abspath(argument)))
    if project and fsguard.is_inside(folder, project):
        return project
    return folder


def rest_of_project(config: Config, named: list[Found], *, with_stat: bool) -> list[Found]:
    """The project's other articles, when only some files are linted (a hook's staged files,
    ``--changed-since``): cross-file rules compare the named files with every article, and
    report on the named ones only. The cache answers for the unchanged files."""
    if not any(rule.collect is not None for rule in config.rules_for("")):
        return []
    root = project_root(config)
    if root is None or not any(_inside(found.path, root) for found in named):
        return []  # files from elsewhere are not this project's articles
    relative = os.path.relpath(root)
    walked = discover([relative], config, with_stat=with_stat)
    if relative == ".":  # the usual hook: run from the project's top, names compare as they are
        seen = {os.path.normpath(found.path) for found in named}
        return [found for found in walked if found.path not in seen]
    absolute = {os.path.abspath(found.path) for found in named}
    return [found for found in walked if os.path.abspath(found.path) not in absolute]


def project_root(config: Config) -> str | None:
    """The folder of the configuration file, else the git work tree the command runs in."""
    if config.source is not None:
        return str(config.root)
    return _work_tree(os.getcwd())


def _work_tree(folder: str) -> str | None:
    """The git work tree ``folder`` lies in, if any."""
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _inside(path: str, root: str) -> bool:
    return os.path.realpath(path).startswith(os.path.join(os.path.realpath(root), ""))


def under_review(path: Path, found: list[Found]) -> bool:
    """Whether ``path`` lies in the tree under review: the current folder, a folder walked
    for ``found``, or the git work tree around either."""
    folders = {os.getcwd(), *(item.root for item in found if item.root)}
    roots = set()
    for folder in map(os.path.realpath, folders):
        roots.add(folder)
        tree = _work_tree(folder)
        if tree is not None:
            roots.add(tree)
    resolved = path.resolve()
    return any(resolved.is_relative_to(root) for root in roots)


def changed_since(ref: str, paths: list[str], config: Config) -> list[str]:
    """The articles changed since ``ref`` (committed, staged, in the work tree or new;
    deleted ones left out), relative to the current folder, under ``paths`` when given.
    Raises ``ConfigError`` when git cannot say."""
    import subprocess

    from linter.config import ConfigError

    def git(*args: str, cwd: str | None = None) -> bytes:
        return subprocess.run(["git", *args], capture_output=True, check=True, cwd=cwd).stdout

    try:
        top = git("rev-parse", "--show-toplevel").decode().strip()
        listed = git(
            "diff", "--name-only", "-z", "--diff-filter=d", "--no-renames", ref, "--", cwd=top
        )
        # New files not yet added are changes too (git leaves out what .gitignore names).
        listed += git("ls-files", "-z", "--others", "--exclude-standard", cwd=top)
    except (OSError, subprocess.CalledProcessError) as error:
        stderr = getattr(error, "stderr", None) or b""
        reason = stderr.decode(errors="replace").strip() or str(error)
        raise ConfigError(
            f"--changed-since {ref}: git could not say what changed ({reason})"
        ) from None
    under = [os.path.abspath(path) for path in paths]
    changed = []
    for name in listed.decode("utf-8", "surrogateescape").split("\0"):
        absolute = os.path.join(top, name)
        inside = not under or any(absolute == u or absolute.startswith(u + os.sep) for u in under)
        if name and inside and os.path.isfile(absolute):
            changed.append(os.path.relpath(absolute))
    # Only what a walk would lint: the list holds every kind of file.
    return [path for path in changed if globs.matches_any(config.walked, config.relative(path))]


class MissingPath(Exception):
    """A path given on the command line does not exist."""


class NothingToLint(Exception):
    """A folder named on the command line holds no file to lint."""


def discover(
    arguments: list[str],
    config: Config,
    *,
    with_stat: bool = False,
    named: bool = False,
    force_exclude: bool = False,
) -> Iterator[Found]:
    """The files to lint for the command-line ``arguments``, each once, in a stable order.

    ``with_stat``: the files found by walking a folder carry their stat. ``named``: the
    arguments were written by the user, so a folder without any file to lint is an error
    (``NothingToLint``), not a silent pass. ``force_exclude``: a file named on the command
    line is skipped when ``exclude`` or a ``.gitignore`` would have kept a walk from it (a
    hook passes every staged file by name: ruff's ``--force-exclude``).
    """
    seen: set[str] = set()
    project: str | None = None  # the project's resolved folder, looked for once if needed
    # One folder's walk meets each file once; only several arguments can name one twice.
    dedupe = len(arguments) > 1
    for argument in arguments:
        if not os.path.lexists(argument):
            raise MissingPath(argument)
        if os.path.isdir(argument):
            candidates = _walk(argument, config, with_stat)
            if named:
                # Checked on the first file, not on each: a walk yields tens of thousands.
                first = next(candidates, None)
                if first is None:
                    raise NothingToLint(f"{argument} (looked for {', '.join(config.walked)})")
                candidates = itertools.chain((first,), candidates)
        else:
            if force_exclude and _excluded_by_name(argument, config):
                continue
            # Named: always linted, so a FIFO or a link out of the tree is reported, not skipped.
            if project is None:
                project = _resolved_project(config)
            candidates = iter([Found(argument, argument, root=_named_root(argument, project))])
        if not dedupe:
            yield from candidates
            continue
        for found in candidates:
            # Symlinks are not resolved here (a walk never follows folder links anyway).
            key = os.path.abspath(found.path)
            if key not in seen:
                seen.add(key)
                yield found


_Folder = tuple[str, str, str]  # where to read it, its name for reports, its absolute path


def _walk(root: str, config: Config, with_stat: bool) -> Iterator[Found]:
    absolute_root = os.path.realpath(root)
    shown = os.path.relpath(root)
    if shown.startswith(".."):
        shown = os.path.abspath(root)
    ignores = _GitIgnores.for_root(absolute_root)
    stack: list[_Folder] = [(root, "" if shown == "." else shown, absolute_root)]
    while stack:
        current = stack.pop()
        folder, _, absolute = current
        ignores.load(absolute)
        try:
            handle = _open_folder(folder)
        except OSError:
            continue  # an unreadable folder has nothing we can lint
        try:
            files, subfolders = _list(handle, current, ignores, config)
            stats = _stats(handle, files) if with_stat else [None] * len(files)
        except OSError:
            continue
        finally:
            if isinstance(handle, int):
                os.close(handle)
        shown_prefix, prefix = _prefixes(current)
        for name, taken in zip(files, stats, strict=True):
            yield Found(shown_prefix + name, prefix + name, taken, absolute_root)
        stack.extend(reversed(subfolders))


def _list(
    handle: int | str, folder: _Folder, ignores: _GitIgnores, config: Config
) -> tuple[list[str], list[_Folder]]:
    """The names of a folder's files to lint, and its subfolders to walk, in name order."""
    absolute = folder[2]
    folders, files = _listing(handle)
    shown_prefix, prefix = _prefixes(folder)
    subfolders = []
    for name in folders:
        shown, full = shown_prefix + name, f"{absolute}/{name}"
        if _walks_into(name, shown, full, ignores, config):
            subfolders.append((prefix + name, shown, full))
    files = _included(files, shown_prefix, config)
    if config.exclude or ignores:
        files = [
            name
            for name in files
            if not _excluded(shown_prefix + name, config)
            and not ignores.ignored(f"{absolute}/{name}", is_dir=False)
        ]
    return files, subfolders


def _prefixes(folder: _Folder) -> tuple[str, str]:
    """What goes before a name of the folder: in reports, and to read it."""
    path, display, _ = folder
    return (f"{display}/" if display else "", os.path.join(path, ""))


def _listing(handle: int | str) -> tuple[list[str], list[str]]:
    """A folder's subfolders and regular files (links to files too), each in name order."""
    folders, files = [], []
    with os.scandir(handle) as scan:
        for entry in scan:
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.name)
                elif entry.is_file(follow_symlinks=True):  # never FIFOs, sockets, devices
                    files.append(entry.name)
            except OSError:
                continue
    return sorted(folders), sorted(files)


def _included(names: list[str], shown_prefix: str, config: Config) -> list[str]:
    """The names that the ``include`` (and ``include-if-front-matter``) globs match."""
    walked = config.walked
    if globs.has_folders(walked):
        return [
            name
            for name in names
            if globs.matches_any(walked, config.relative(shown_prefix + name))
        ]
    # Patterns without a folder ("*.md") match the name: no path to resolve for each file.
    fullmatch = globs.compiled(walked).fullmatch
    return [name for name in names if fullmatch(name)]


def _open_folder(folder: str) -> int | str:
    # Scanning a descriptor lets each entry's stat resolve one name, not the whole path.
    if os.scandir not in os.supports_fd:
        return folder
    return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _stats(folder: int | str, names: list[str]) -> list[FileStat | None]:
    """The stats of the files ``names`` in ``folder`` (a descriptor, or a path)."""
    if isinstance(folder, int):
        return [file_stat(name, folder) for name in names]
    return [file_stat(os.path.join(folder, name)) for name in names]


def _walks_into(name: str, shown: str, absolute: str, ignores: _GitIgnores, config: Config) -> bool:
    return not (
        name.startswith(".")
        or name in SKIPPED_FOLDERS
        or ignores.ignored(absolute, is_dir=True)
        or _excluded(shown, config)
    )


def _excluded_by_name(argument: str, config: Config) -> bool:
    """Whether ``include``, ``exclude`` or a ``.gitignore`` keeps the named file out
    (``force_exclude``)."""
    shown = os.path.relpath(argument)
    if _excluded(shown, config):
        return True
    if not globs.matches_any(config.walked, config.relative(shown)):
        return True  # outside what the configuration lints (init's include = ["content/**/..."])
    parts = shown.split(os.sep)
    if any(part.startswith(".") and part not in (".", "..") for part in parts[:-1]):
        return True  # inside a hidden folder, which a walk never enters
    if any(part in SKIPPED_FOLDERS for part in parts[:-1]):
        return True
    absolute = os.path.abspath(argument)
    ignores = _GitIgnores.for_root(os.path.dirname(absolute))
    ignores.load(os.path.dirname(absolute))
    return ignores.ignored(absolute, is_dir=False)


def _excluded(path: str, config: Config) -> bool:
    return bool(config.exclude) and globs.matches_any(config.exclude, config.relative(path))


class _GitIgnores:
    """The ``.gitignore`` files that apply below a folder, with git's precedence.

    Each file is read as the tree's other files are (``fsguard``: a regular file inside the
    tree, bounded) and matched by pathspec's ``GitIgnoreSpec``, git's own rules; a deeper
    file's verdict overrides a shallower one's, as in git.
    """

    def __init__(self) -> None:
        # (its folder + "/", the spec, a regex matching whatever any of its patterns matches)
        self._blocks: list[tuple[str, pathspec.GitIgnoreSpec, re.Pattern[str] | None]] = []
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
        path = os.path.join(folder, ".gitignore")
        try:
            data = fsguard.read_article(path, os.path.realpath(folder))
        except fsguard.NotReadable:
            return  # none, or not a regular file of this folder: git would not read it either
        lines = data.decode("utf-8", "replace").splitlines()
        if not any(line.strip() and not line.startswith("#") for line in lines):
            return
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(lines)
        if len(spec):
            self._blocks.append((folder.rstrip("/") + "/", spec, _any_pattern(spec)))

    def __bool__(self) -> bool:
        """Whether any pattern applies at all."""
        return bool(self._blocks)

    def ignored(self, path: str, *, is_dir: bool) -> bool:
        """Whether git ignores ``path``: the deepest file with a matching pattern decides."""
        verdict = False
        for base, spec, any_pattern in self._blocks:
            if path.startswith(base):
                relative = path[len(base) :]
                if any_pattern is not None and not (
                    any_pattern.match(relative) or (is_dir and any_pattern.match(relative + "/"))
                ):
                    continue  # one regex for the usual file, which no pattern names
                decided = _check(spec, relative, is_dir)
                if decided is not None:
                    verdict = decided
        return verdict


def _any_pattern(spec: pathspec.GitIgnoreSpec) -> re.Pattern[str] | None:
    """One regex matching what any pattern of ``spec`` matches (a prefilter: asking every
    pattern of a 70-line .gitignore about each of 10,000 files costs a fifth of a run).

    Built from each pattern's public ``regex``; its named groups (the same name in each)
    made plain. ``None`` when that cannot be done: every file is then asked in full.
    """
    texts = []
    for pattern in spec.patterns:
        regex = getattr(pattern, "regex", None)
        if pattern.include is None:
            continue
        if not isinstance(regex, re.Pattern) or "(?P=" in regex.pattern:
            return None
        texts.append(re.sub(r"\(\?P<\w+>", "(?:", regex.pattern))
    try:
        return re.compile("|".join(f"(?:{text})" for text in texts)) if texts else None
    except re.error:
        return None


def _check(spec: pathspec.GitIgnoreSpec, relative: str, is_dir: bool) -> bool | None:
    """The spec's verdict on ``relative`` (``None``: no pattern matches it).

    pathspec marks a folder by a trailing ``/``, which ``build/`` patterns need and plain
    patterns (``!keep``) do not see: a folder is asked both ways, the later pattern wins.
    """
    result = spec.check_file(relative)
    if is_dir:
        as_folder = spec.check_file(relative + "/")
        if as_folder.index is not None and (result.index is None or as_folder.index > result.index):
            result = as_folder
    return result.include
