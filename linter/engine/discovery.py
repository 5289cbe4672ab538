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
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # imported when a .gitignore has patterns (20 ms: not for every run)
    import pathspec

from linter import globs
from linter.config import Config, Configs, work_tree
from linter.engine import rerun
from linter.guard import fsguard
from linter.model import FileStat
from linter.reading import frontmatter

SKIPPED_FOLDERS = frozenset({"node_modules", "_site", "__pycache__"})
# Larger than real .gitignore files (GitHub's largest templates hold 400 lines, 7 KB); a
# larger one is not used, which can only add files to the lint, never hide one. pathspec's
# RE2 set compiles about 2,000 patterns at most, and its cost per path grows with them.
GITIGNORE_BYTES = 64 * 1024
GITIGNORE_PATTERNS = 1_000


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
    # The configuration that judges the file: the nearest one above it (``Configs``).
    config: Config | None = None
    # Named on the command line: its folders may be links (a walk never follows one).
    named: bool = False


def report_name(path: str) -> str:
    """How reports name the file at ``path``, whichever way it was reached (``./a.md``,
    ``a.md``, ``sub/../a.md``, absolute): relative to the current folder, or absolute outside
    it. One name per file is what lets every way in give one answer."""
    relative = os.path.relpath(path)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return os.path.abspath(path)
    return relative


def read(found: Found, *, whole: bool = False) -> bytes:
    """The bytes of a found file up to the end of its front matter (``whole``: all of them,
    for ``--fix``), read as ``linter.guard.fsguard`` allows; raises ``NotReadable``.

    The lint's answer depends on these bytes alone (``frontmatter.split``), so the cache
    keys results by them."""
    root = found.root or os.path.realpath(os.path.dirname(os.path.abspath(found.path)))
    if whole:
        return fsguard.read_article(found.path, root, resolve=found.named)
    return fsguard.read_head(
        found.path, root, frontmatter.HEAD_BYTES, frontmatter.enough, resolve=found.named
    )


def _named_root(argument: str, project: str) -> str:
    """The folder a named file must resolve into: the project when the file lies in it as
    named (a link between two of its folders is fine; a committed link out of it is not
    followed), or, outside any project, the file's own folder."""
    folder = os.path.dirname(os.path.abspath(argument))
    if project and (
        _lies_in(folder, project) or fsguard.is_inside(os.path.realpath(folder), project)
    ):
        return project
    return os.path.realpath(folder)


def _lies_in(path: str, tree: str) -> bool:
    """Whether the absolute ``path``, as written, lies in the real folder ``tree``: one of its
    folders (itself included) resolves to ``tree``, wherever its links lead."""
    current = path
    while True:
        if os.path.realpath(current) == tree:
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent


class LinkOutOfTree(Exception):
    """A folder named on the command line is a link (or lies behind one) out of its tree."""


def _walk_root(argument: str, config: Config) -> None:
    """Refuse a named folder that lies in the tree under review (the project, else the
    current folder) as named, but resolves outside it: a committed ``content ->
    ../elsewhere`` would have the run read, and ``--fix`` write, outside the tree."""
    lexical = os.path.abspath(argument)
    real = os.path.realpath(argument)
    if lexical == real:
        return
    project = project_root(config)
    tree = os.path.realpath(project if project else os.getcwd())
    if _lies_in(os.path.dirname(lexical), tree) and not fsguard.is_inside(real, tree):
        raise LinkOutOfTree(f"{argument} is a link to {real}, outside {tree}")


def rest_of_project(
    configs: Configs, config: Config, named: list[Found], *, with_stat: bool
) -> list[Found]:
    """The project's other articles, when only some files are linted (a hook's staged files,
    ``--changed-since``, standard input): cross-file rules compare the named files with every
    article of their project (the files its configuration judges), and report on the named
    ones only. The cache answers for the unchanged files."""
    if not any(rule.collect is not None for rule in config.rules_for("")):
        return []
    root = project_root(config)
    if root is None or not any(_inside(found.path, root) for found in named):
        return []  # files from elsewhere are not this project's articles
    # Names are canonical (``report_name``): the walk names each named file as it was named.
    names = {found.name for found in named}
    return [
        found
        for found in discover([report_name(root)], configs, with_stat=with_stat)
        if found.config is config and found.name not in names
    ]


def project_root(config: Config) -> str | None:
    """The folder of the configuration file, else the git work tree it was made for."""
    if config.source is not None:
        return str(config.root)
    return work_tree(str(config.root))


def _inside(path: str, root: str) -> bool:
    return os.path.realpath(path).startswith(os.path.join(os.path.realpath(root), ""))


def under_review(path: Path, found: list[Found]) -> bool:
    """Whether ``path`` lies in the tree under review: the current folder, a folder walked
    for ``found``, or the git work tree around either."""
    folders = {os.getcwd(), *(item.root for item in found if item.root)}
    roots = set()
    for folder in map(os.path.realpath, folders):
        roots.add(folder)
        tree = work_tree(folder)
        if tree is not None:
            roots.add(tree)
    resolved = path.resolve()
    return any(resolved.is_relative_to(root) for root in roots)


def changed_since(ref: str, paths: list[str], configs: Configs) -> list[str]:
    """The articles changed since ``ref`` (committed, staged, in the work tree or new;
    deleted ones left out), relative to the current folder, under ``paths`` when given.
    Raises ``ConfigError`` when git cannot say."""
    import subprocess

    from linter.config import ConfigError

    if ref.startswith("-"):  # git would take it for an option (--output=FILE writes a file)
        raise ConfigError(f"--changed-since: {ref!r} is not a git revision")

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
    return [path for path in changed if _walked(path, configs)]


def _walked(path: str, configs: Configs) -> bool:
    config = configs.for_folder(os.path.dirname(os.path.abspath(path)))
    return globs.matches_any(config.walked, config.relative(path))


class MissingPath(Exception):
    """A path given on the command line does not exist."""


class NothingToLint(Exception):
    """A folder named on the command line holds no file to lint."""


def discover(
    arguments: list[str],
    configs: Configs | Config,
    *,
    with_stat: bool = False,
    named: bool = False,
    force_exclude: bool = False,
) -> Iterator[Found]:
    """The files to lint for the command-line ``arguments``, each once, in a stable order,
    each with the configuration that judges it.

    ``with_stat``: the files found by walking a folder carry their stat. ``named``: the
    arguments were written by the user, so a folder without any file to lint is an error
    (``NothingToLint``), not a silent pass. ``force_exclude``: a file named on the command
    line is skipped when ``exclude`` or a ``.gitignore`` would have kept a walk from it (a
    hook passes every staged file by name: ruff's ``--force-exclude``). A ``Config`` judges
    every file, whatever configuration files the folders hold.
    """
    if isinstance(configs, Config):
        configs = Configs.one(configs)
    seen: set[str] = set()
    for argument in arguments:
        if not os.path.lexists(argument):
            raise MissingPath(argument)
        if os.path.isdir(argument):
            _walk_root(argument, configs.for_folder(os.path.abspath(argument)))
            candidates = _walk(argument, configs, with_stat)
            if named:
                # Checked on the first file, not on each: a walk yields tens of thousands.
                first = next(candidates, None)
                if first is None:
                    walked = configs.for_folder(os.path.abspath(argument)).walked
                    raise NothingToLint(f"{argument} (looked for {', '.join(walked)})")
                candidates = itertools.chain((first,), candidates)
        else:
            config = configs.for_folder(os.path.dirname(os.path.abspath(argument)))
            if (force_exclude or config.force_exclude) and _excluded_by_name(argument, config):
                continue
            # Named: always linted, so a FIFO or a link out of the tree is reported, not skipped.
            project = project_root(config)
            root = _named_root(argument, os.path.realpath(project) if project else "")
            candidates = iter([Found(report_name(argument), argument, None, root, config, True)])
        if len(arguments) == 1:  # one walk, or one file: each file is met once
            yield from candidates
            continue
        for found in candidates:
            # One file reached twice (``a.md ./a.md``, a folder and a file in it) is linted
            # once: names are canonical. Links are not resolved (a walk never follows one).
            if found.name not in seen:
                seen.add(found.name)
                yield found


_Folder = tuple[str, str, str, Config]  # where to read it, its report name, real path, config


# A folder's stat, and the names of its subfolders and files, kept from an earlier walk.
_Known = tuple[os.stat_result, list[str], list[str]]


class Listings:
    """What each folder walked held, kept by the folder's stat between runs: a folder whose
    device, inode, modification and change times are the ones kept holds the same entries
    (adding, removing or renaming one changes its times), so it is not listed again. The
    files' own stats are still taken, each; configurations and ignore files are still read.

    Only listings without links are kept (what a link leads to can change with no change to
    its folder), and only of folders that had not changed for ``rerun.RACY_NS`` when the walk
    began: file systems keep times in coarse ticks, so a change in the same tick as the
    stat would go unseen. Kept in the cache folder, MAC'd (``linter.guard.signing``).
    """

    def __init__(self, kept: dict[str, list[Any]]) -> None:
        self._kept = kept
        self._start = time.time_ns()
        self._changed = False
        self._seen: set[str] = set()  # the folders this run walked
        self._roots: set[str] = set()  # where its walks started

    def known(self, folder: _Folder) -> _Known | None:
        """The folder's kept listing, when its stat says it still holds, with that stat."""
        entry = self._kept.get(folder[2])
        if entry is None:
            return None
        try:
            taken = os.stat(folder[0])
        except OSError:
            return None
        if [taken.st_dev, taken.st_ino, taken.st_mtime_ns, taken.st_ctime_ns] != entry[:4]:
            del self._kept[folder[2]]
            self._changed = True
            return None
        self._seen.add(folder[2])
        return taken, entry[4], entry[5]

    def remember(
        self, real: str, taken: os.stat_result, folders: list[str], files: list[str]
    ) -> None:
        """Keep a folder's listing, taken after ``taken``, its stat (when old enough)."""
        if taken.st_ctime_ns < self._start - rerun.RACY_NS:
            stat = [taken.st_dev, taken.st_ino, taken.st_mtime_ns, taken.st_ctime_ns]
            self._kept[real] = [*stat, folders, files]
            self._seen.add(real)
            self._changed = True

    def walking(self, root: str) -> None:
        """A walk starts at the real folder ``root``."""
        self._roots.add(root)

    def kept(self) -> dict[str, list[Any]] | None:
        """The listings to keep, when they differ from those read (else ``None``: nothing to
        write). A folder under where a walk of this run started that it did not walk is gone
        (or now left out), and dropped: the file grows with the tree, not with its history.
        Folders elsewhere (another run's walks from here) are kept."""
        gone = {
            folder
            for folder in self._kept.keys() - self._seen
            if any(folder == root or folder.startswith(root + "/") for root in self._roots)
        }
        if not self._changed and not gone:
            return None
        return {folder: entry for folder, entry in self._kept.items() if folder not in gone}


# The run's kept listings (``linter.cli`` sets them for a run that uses the cache).
listings: Listings | None = None


def _walk(root: str, configs: Configs, with_stat: bool) -> Iterator[Found]:
    absolute_root = os.path.realpath(root)
    if listings is not None:
        listings.walking(absolute_root)
    shown = report_name(root)
    ignores = _GitIgnores.for_root(absolute_root)
    config = configs.for_folder(absolute_root)
    stack: list[_Folder] = [(root, "" if shown == "." else shown, absolute_root, config)]
    # Per file, only what cannot be avoided: one stat, two names, one tuple (built without
    # the named tuple's Python-level constructor). A walk of 10,000 files is most of a rerun.
    new, stat = tuple.__new__, os.stat
    # A descriptor is opened for each folder only when its files' stats or the folder's own
    # are taken (a cached or recorded run): listed by its path, a folder costs three system
    # calls fewer (a walk of MDN's 13,000 folders, 50 ms).
    by_path = (
        not with_stat
        and listings is None
        and (rerun.current is None or rerun.current.refused is not None)
    )
    while stack:
        current = stack.pop()
        known = listings.known(current) if listings is not None else None
        try:
            # A folder whose listing is known is not opened: its files are stat'ed by path.
            handle = current[0] if known is not None or by_path else _open_folder(current[0])
        except OSError:
            if rerun.current is not None:
                rerun.current.refuse("a folder that cannot be listed")  # until it can be
            continue  # an unreadable folder has nothing we can lint
        shown_prefix, prefix = _prefixes(current)
        try:
            config, files, subfolders = _list(handle, current, ignores, configs, known)
            if not with_stat:
                found = [
                    new(
                        Found,
                        (shown_prefix + name, prefix + name, None, absolute_root, config, False),
                    )
                    for name in files
                ]
            else:
                found = []
                for name in files:
                    try:
                        taken = (
                            stat(name, dir_fd=handle)
                            if isinstance(handle, int)
                            else stat(prefix + name)
                        )
                        facts: FileStat | None = (
                            taken.st_size,
                            taken.st_mtime_ns,
                            taken.st_ctime_ns,
                            taken.st_ino,
                        )
                    except OSError:
                        facts = None
                    found.append(
                        new(
                            Found,
                            (
                                shown_prefix + name,
                                prefix + name,
                                facts,
                                absolute_root,
                                config,
                                False,
                            ),
                        )
                    )
        except OSError:
            if rerun.current is not None:
                rerun.current.refuse("a folder that cannot be listed")
            continue
        finally:
            if isinstance(handle, int):
                os.close(handle)
        yield from found
        stack.extend(reversed(subfolders))


def _list(
    handle: int | str,
    folder: _Folder,
    ignores: _GitIgnores,
    configs: Configs,
    known: _Known | None = None,
) -> tuple[Config, list[str], list[_Folder]]:
    """The configuration of a folder (its parent's, or the one a file in it makes), the
    names of its files to lint, and its subfolders to walk, in name order. ``known``: the
    folder's listing, kept from an earlier walk, and the stat that says it still holds."""
    absolute = folder[2]
    if known is not None:
        taken: os.stat_result | None = known[0]
        folders, files, plain = known[1], known[2], True  # only plain listings are kept
    else:
        # Taken before the listing: a change made meanwhile shows in the next run's stat.
        taken = os.fstat(handle) if isinstance(handle, int) else None
        folders, files, plain = _listing(handle)
        if listings is not None and taken is not None and plain:
            listings.remember(absolute, taken, folders, files)
    recorder = _recorder(folder, taken, plain)
    if recorder is not None:
        prefix = _prefixes(folder)[1]
        for name in rerun.LOOKED_UP:  # read below: their stats before they are
            if name in files:
                recorder.file(prefix + name, file_stat(prefix + name))
    if ".gitignore" in files:  # the listing says it: no attempt to open one in every folder
        ignores.load(absolute)
    config = configs.in_folder(absolute, files) or folder[3]
    shown_prefix, prefix = _prefixes(folder)
    subfolders = []
    # A walk from above the current folder names what lies outside it absolutely, and what
    # lies inside it relatively, as a walk from here would: one name per file.
    above = os.path.isabs(folder[1])
    plain = not (ignores or config.exclude)  # then only a folder's name can keep it out
    for name in folders:
        if name[0] == "." or name in SKIPPED_FOLDERS:
            continue
        full = f"{absolute}/{name}"
        if not plain and (ignores.ignored(full, is_dir=True) or _excluded(full, config)):
            continue
        shown = shown_prefix + name
        if above:
            shown = report_name(prefix + name)
            shown = "" if shown == os.curdir else shown
        subfolders.append((prefix + name, shown, full, config))
    files = _included(files, absolute, config)
    if not plain:
        files = [
            name
            for name in files
            if not _excluded(f"{absolute}/{name}", config)
            and not ignores.ignored(f"{absolute}/{name}", is_dir=False)
        ]
    return config, files, subfolders


def _recorder(folder: _Folder, taken: os.stat_result | None, plain: bool) -> rerun.Recorder | None:
    """The run's record (``linter.engine.rerun``) with the folder's stat, taken before its
    listing; ``None`` when not recording. ``plain``: the listing held no link."""
    recorder = rerun.current
    if recorder is None or recorder.refused is not None:
        return None  # no record, or none to be written: nothing more to take
    if taken is None:
        recorder.refuse("a folder listed by its path")
        return None
    if not plain:
        # What a link leads to (or an entry that could not be looked at) can change with no
        # change to the folder.
        recorder.refuse("a symbolic link in a folder walked")
        return None
    recorder.folder(folder[0], taken)
    return recorder


def _prefixes(folder: _Folder) -> tuple[str, str]:
    """What goes before a name of the folder: in reports, and to read it."""
    path, display = folder[0], folder[1]
    return (display + "/" if display else "", path if path.endswith("/") else path + "/")


def _listing(handle: int | str) -> tuple[list[str], list[str], bool]:
    """A folder's subfolders and regular files (links to files too), each in name order, and
    whether the folder holds no link (nor an entry that could not be looked at)."""
    folders, files = [], []
    plain = True
    with os.scandir(handle) as scan:
        for entry in scan:
            try:
                if entry.is_symlink():
                    plain = False
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.name)
                elif entry.is_file(follow_symlinks=True):  # never FIFOs, sockets, devices
                    files.append(entry.name)
            except OSError:
                plain = False
                continue
    folders.sort()
    files.sort()
    return folders, files, plain


def _included(names: list[str], real_folder: str, config: Config) -> list[str]:
    """The names that the ``include`` (and ``include-if-front-matter``) globs match."""
    walked = config.walked
    if globs.has_folders(walked):
        return [
            name
            for name in names
            if globs.matches_any(walked, config.relative_real(f"{real_folder}/{name}"))
        ]
    # Patterns without a folder ("*.md") match the name: no path to resolve for each file.
    fullmatch = globs.compiled(walked).fullmatch
    return [name for name in names if fullmatch(name)]


def _open_folder(folder: str) -> int | str:
    # Scanning a descriptor lets each entry's stat resolve one name, not the whole path.
    if os.scandir not in os.supports_fd:
        return folder
    return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _excluded_by_name(argument: str, config: Config) -> bool:
    """Whether ``include``, ``exclude`` or a ``.gitignore`` keeps the named file out
    (``force_exclude``)."""
    shown = os.path.relpath(argument)
    if bool(config.exclude) and globs.matches_any(config.exclude, config.relative(argument)):
        return True
    if not globs.matches_any(config.walked, config.relative(shown)):
        return True  # outside what the configuration lints (init's include = ["content/**/..."])
    parts = shown.split(os.sep)
    if any(part.startswith(".") and part not in (".", "..") for part in parts[:-1]):
        return True  # inside a hidden folder, which a walk never enters
    if any(part in SKIPPED_FOLDERS for part in parts[:-1]):
        return True
    folder = os.path.realpath(os.path.dirname(os.path.abspath(argument)))
    ignores = _GitIgnores.for_root(folder)
    ignores.load(folder)
    return ignores.ignored(f"{folder}/{os.path.basename(argument)}", is_dir=False)


def _excluded(real: str, config: Config) -> bool:
    """Whether ``exclude`` names the file or folder at ``real`` (its path with links resolved,
    as the walk has it: matched without a system call)."""
    return bool(config.exclude) and globs.matches_any(config.exclude, config.relative_real(real))


class _GitIgnores:
    """The ``.gitignore`` files that apply below a folder, with git's precedence.

    Each file is read as the tree's other files are (``fsguard``: a regular file inside the
    tree, bounded) and matched by pathspec's ``GitIgnoreSpec``, git's own rules; a deeper
    file's verdict overrides a shallower one's, as in git. A file that git tracks is never
    ignored (``git add -f``): a pull request cannot hide its own article behind a
    ``.gitignore`` line; git is asked once, and only when a pattern matches something.
    """

    def __init__(self, top: str | None = None) -> None:
        # (its folder + "/", the spec, a regex matching whatever any of its patterns matches)
        self._blocks: list[tuple[str, pathspec.GitIgnoreSpec, globs.Matcher | None]] = []
        self._loaded: set[str] = set()
        self._top = top  # the git work tree, if any
        self._tracked: tuple[frozenset[str], frozenset[str]] | None = None

    @classmethod
    def for_root(cls, root: str) -> _GitIgnores:
        ignores = cls(work_tree(root))
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
        """Read the ``.gitignore`` of ``folder``, a real path (links resolved, as the walk and
        ``for_root`` have it: no path is resolved per folder)."""
        if folder in self._loaded:
            return
        self._loaded.add(folder)
        path = os.path.join(folder, ".gitignore")
        try:
            data = fsguard.read_article(path, folder, GITIGNORE_BYTES)
        except fsguard.NotReadable:
            # None, not a regular file of this folder (git would not read it either), or
            # larger than any real one: then nothing is ignored by it, so nothing is hidden.
            return
        lines = [
            line
            for line in data.decode("utf-8", "replace").splitlines()
            if line.strip() and not line.startswith("#") and _valid(line)
        ]
        if not lines or len(lines) > GITIGNORE_PATTERNS:
            return
        import pathspec

        try:
            # RE2: linear in the path whatever the pattern (``*a*a*a*a*a*b``), see globs.
            spec = pathspec.GitIgnoreSpec.from_lines(lines, backend="re2")
        except globs.engine_errors():
            return  # more than RE2's memory bound holds: not used, as a file too large
        if len(spec):
            self._blocks.append((folder.rstrip("/") + "/", spec, _any_pattern(spec)))

    def __bool__(self) -> bool:
        """Whether any pattern applies at all."""
        return bool(self._blocks)

    def ignored(self, path: str, *, is_dir: bool) -> bool:
        """Whether git ignores ``path``: the deepest file with a matching pattern decides."""
        verdict = False
        if not path.isascii():
            path = globs.utf8(path)  # RE2 takes UTF-8 only; a name may not be
        for base, spec, any_pattern in self._blocks:
            if path.startswith(base):
                relative = path[len(base) :]
                if any_pattern is not None and not (
                    any_pattern.search(relative) or (is_dir and any_pattern.search(relative + "/"))
                ):
                    continue  # one regex for the usual file, which no pattern names
                decided = _check(spec, relative, is_dir)
                if decided is not None:
                    verdict = decided
        return verdict and not self._tracked_below(path, is_dir)

    def _tracked_below(self, path: str, is_dir: bool) -> bool:
        """Whether git tracks the file at ``path``, or (a folder) a file below it."""
        if self._top is None:
            return False
        if self._tracked is None:
            if rerun.current is not None:
                rerun.current.refuse("git was asked which ignored files it tracks")
            self._tracked = _tracked_but_ignored(self._top)
        files, folders = self._tracked
        return path in (folders if is_dir else files)


def _tracked_but_ignored(top: str) -> tuple[frozenset[str], frozenset[str]]:
    """The files git tracks although a ``.gitignore`` names them, and their folders (as real
    absolute paths); none when git cannot say."""
    import subprocess

    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--ignored", "--exclude-standard"],
            cwd=top,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset(), frozenset()
    real = os.path.realpath(top)
    files = {
        f"{real}/{name}" for name in listed.decode("utf-8", "surrogateescape").split("\0") if name
    }
    folders: set[str] = set()
    for path in files:
        folder = os.path.dirname(path)
        while folder.startswith(real + "/") and folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    return frozenset(files), frozenset(folders)


def _valid(line: str) -> bool:
    """Whether pathspec can read the line; git passes over one it cannot (``foo\\``)."""
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    try:
        GitIgnoreSpecPattern.pattern_to_regex(line)
    except ValueError:
        return False
    return True


def _any_pattern(spec: pathspec.GitIgnoreSpec) -> globs.Matcher | None:
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
        return globs.Matcher("|".join(f"(?:{text})" for text in texts)) if texts else None
    except globs.PatternError:
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
