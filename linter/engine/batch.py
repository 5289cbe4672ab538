"""Lint many files: read them, answer from the cache, spread the rest over the cores.

The per-file work (:func:`linter.engine.runner.lint_bytes`) is a pure function of the file's name,
bytes and the configuration, which is what lets this module cache it and run it in worker
processes. Files are taken a window at a time, so memory holds one window of file contents,
not the repository.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from linter.config import Config
from linter.engine import discovery, runner
from linter.engine.cache import Cache
from linter.guard import fsguard
from linter.model import Fact, FileResult, FileStat, Problem
from linter.rules import registry

if TYPE_CHECKING:  # the pool is imported only when a run is large enough to use one
    from concurrent.futures import ProcessPoolExecutor

# Below this many files to lint, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 200
_WINDOW = 2048
_FIRST_WINDOW = 256


class Job(NamedTuple):
    """One file to lint; ``facts_only`` for another shard's file (read for project rules)."""

    # A named tuple: one per file of the run, made even when the cache answers for all.
    found: discovery.Found
    facts_only: bool = False


def shard(found: list[discovery.Found], index: int, count: int) -> list[discovery.Found]:
    """The ``index``-th (1-based) of ``count`` stable, balanced parts of the files."""
    ordered = sorted(found, key=lambda f: f.name)
    return ordered[index - 1 :: count]


def jobs_for(
    found: list[discovery.Found], config: Config, mine: list[discovery.Found] | None = None
) -> list[Job]:
    """Lint ``mine`` (default: all of ``found``); the others only feed the project rules."""
    if mine is None:
        return [Job(f) for f in found]
    reported = {f.name for f in mine}
    has_project_rules = any(rule.collect is not None for rule in config.rules_for(""))
    return [
        Job(f, facts_only=f.name not in reported)
        for f in found
        if f.name in reported or has_project_rules
    ]


def lint_run(
    jobs: list[Job],
    config: Config,
    *,
    cache: Cache | None = None,
    workers: int | None = None,
    verbose: bool = False,
    keep_others: bool = False,
    given: tuple[FileResult, ...] = (),
) -> list[Problem]:
    """Every problem of the jobs and of the ``given`` results (a file read from standard
    input), project rules included.

    With a cache, a run over exactly the files of an earlier run (same names, same stats, same
    configuration) is answered by that run's problems, without reading a file. With
    ``keep_others``, the files read only for their facts are linted whole and cached, so that
    the next run (a hook's next commit) finds them there.
    """
    memo = cache is not None and not given  # what stdin holds is not in any file's stat
    key = cache.run_key(_signature(jobs)) if memo and cache is not None else None
    if key is not None and cache is not None:
        remembered = cache.get_run(key)
        if remembered is not None:
            return remembered
    collecting = cache is not None and any(rule.collect for rule in config.rules_for(""))
    kept = cache.get_facts() if collecting and cache is not None else {}
    # Another file whose stat is the one its facts were kept with needs no reading at all.
    known = [
        job.facts_only
        and (entry := kept.get(job.found.name)) is not None
        and entry[0] == job.found.stat
        for job in jobs
    ]
    todo = [job for job, done in zip(jobs, known, strict=True) if not done]
    results = list(
        lint_files(
            todo, config, cache=cache, workers=workers, verbose=verbose, keep_others=keep_others
        )
    )
    results += [
        FileResult(job.found.name, (), kept[job.found.name][1], own=False)
        for job, done in zip(jobs, known, strict=True)
        if done
    ]
    problems = runner.finish([*given, *results], config)
    remembered_ok = all(
        p.code != "internal-error" and not _timely(p) for p in problems
    ) and not any(result.external for result in results)
    if key is not None and cache is not None and remembered_ok:
        cache.put_run(key, problems)
    if collecting and cache is not None and any(job.facts_only for job in todo):
        cache.put_facts(_facts_of(jobs, results))
    return problems


def _facts_of(
    jobs: list[Job], results: list[FileResult]
) -> dict[str, tuple[FileStat, tuple[Fact, ...]]]:
    """The stat and project-rule facts of each file read for its facts (the rest of the
    project), for the next run's ``get_facts``; the files linted are read anyway."""
    by_name = {result.path: result for result in results}
    entries = {}
    for job in jobs:
        stat, result = job.found.stat, by_name.get(job.found.name)
        if job.facts_only and stat is not None and result is not None:
            entries[job.found.name] = (stat, result.facts)
    return entries


_STAT = struct.Struct("<qqqQ")  # size, modification and change times (ns), inode


def _signature(jobs: list[Job]) -> bytes | None:
    """What a run's files are: name, role and stat of each; ``None`` if one cannot be stat'ed."""
    stats = [job.found.stat or _stat(job) for job in jobs]  # the walk's, usually: no call
    if None in stats:
        return None
    # Names cannot hold NUL, so they cannot run into each other; the numbers are packed, not
    # formatted (a rerun over 10,000 unchanged files is mostly this and the walk).
    names = "\0".join([job.found.name for job in jobs]).encode("utf-8", "surrogateescape")
    roles = bytes(job.facts_only for job in jobs)
    try:
        numbers = b"".join(map(_STAT.pack, *zip(*stats, strict=True))) if stats else b""
    except struct.error:  # a number out of range (a clock beyond 2262?): no memo this run
        return None
    return names + b"\0" + roles + numbers


def lint_files(
    jobs: list[Job],
    config: Config,
    *,
    cache: Cache | None = None,
    workers: int | None = None,
    verbose: bool = False,
    keep_others: bool = False,
) -> Iterator[FileResult]:
    """Results for every job, in order."""
    workers = _worker_count(len(jobs)) if workers is None else workers
    run = _Run(config, cache, workers, verbose, keep_others and cache is not None)
    if cache is not None:
        # For the whole run, not a window: a hook's few files are looked up by name, a large
        # run reads the whole table once (the first window is small, and would have decided).
        cache.prefetch_stats([job.found.name for job in jobs])
    try:
        # Two windows in flight: the workers lint one while this process reads the next.
        pending: _Window | None = None
        for start, end in _windows(len(jobs)):
            ready = run.prepare(jobs[start:end])
            if pending is not None:
                yield from run.complete(pending)
            pending = ready
        if pending is not None:
            yield from run.complete(pending)
    finally:
        run.close()


def _windows(count: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each window: a small first one, so that the workers start on it
    while this process reads the next, then ``_WINDOW`` files at a time."""
    start, size = 0, _FIRST_WINDOW
    while start < count:
        yield start, min(count, start + size)
        start, size = start + size, _WINDOW


@dataclass
class _Window:
    """A window of jobs: their keys, contents, cache hits and the results being computed."""

    jobs: list[Job]
    keys: list[str | None]
    contents: list[bytes | FileResult | None]
    hits: dict[str, FileResult]
    computed: Iterator[FileResult]


@dataclass
class _Run:
    """One run's settings, and its process pool once enough files miss the cache."""

    config: Config
    cache: Cache | None
    workers: int
    verbose: bool
    keep_others: bool = False  # lint facts-only files whole, for the cache
    pool: ProcessPoolExecutor | None = None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def prepare(self, jobs: list[Job]) -> _Window:
        """Read a window, answer what the cache knows, and start linting the rest."""
        keys, contents = self._keys(jobs)
        hits = self._hits(jobs, keys)
        todo: list[tuple[str, bytes, bool]] = []
        for i, job in enumerate(jobs):
            if keys[i] not in hits and contents[i] is None:
                contents[i] = _read(job, self.config)  # known by its stat, but its result is gone
            data = contents[i]
            if isinstance(data, bytes) and keys[i] not in hits:
                todo.append((job.found.name, data, job.facts_only and not self.keep_others))
        return _Window(jobs, keys, contents, hits, self._lint(todo))

    def complete(self, window: _Window) -> Iterator[FileResult]:
        """The window's results in order; new ones go into the cache."""
        hits, computed = window.hits, window.computed
        fresh: list[tuple[str, FileResult]] = []
        for i, job in enumerate(window.jobs):
            data, key = window.contents[i], window.keys[i]
            if isinstance(data, FileResult):
                yield data
                continue
            result = hits[key] if key in hits else next(computed)
            if key is not None and key not in hits and _cacheable(result):
                fresh.append((key, result))
            yield _as_reported(result, job)
        if self.cache is not None:
            self.cache.put_many(fresh)

    def _keys(self, jobs: list[Job]) -> tuple[list[str | None], list[bytes | FileResult | None]]:
        """Each file's cache key, reading only the files whose stat the cache does not know."""
        keys: list[str | None] = [None] * len(jobs)
        contents: list[bytes | FileResult | None] = [None] * len(jobs)
        for i, job in enumerate(jobs):
            stat = _stat(job) if self.cache is not None else None
            if stat is not None and self.cache is not None:
                keys[i] = self.cache.stat_key(job.found.name, stat)
            if keys[i] is None:
                contents[i] = data = _read(job, self.config)
                if self.cache is not None and isinstance(data, bytes):
                    keys[i] = self.cache.key(job.found.name, data, stat)
        return keys, contents

    def _hits(self, jobs: list[Job], keys: list[str | None]) -> dict[str, FileResult]:
        if self.cache is None:
            return {}
        names = {
            key: job.found.name for job, key in zip(jobs, keys, strict=True) if key is not None
        }
        return self.cache.get_many(list(names), names)

    def _lint(self, todo: list[tuple[str, bytes, bool]]) -> Iterator[FileResult]:
        if self.pool is None and self.workers > 1 and len(todo) >= PARALLEL_MIN_FILES // 4:
            runner.ready((name for name, _, _ in todo), self.config)
            self.pool = _pool(self.workers, self.config, self.verbose)
        if self.pool is not None and len(todo) > 1:
            chunk = max(1, min(64, len(todo) // (self.workers * 4)))  # small: no idle tail
            with _sigint_deferred():  # the workers are forked here, on the first submission
                return self.pool.map(_lint_in_worker, todo, chunksize=chunk)  # submitted now
        return (
            runner.lint_bytes(name, data, self.config, verbose=self.verbose, facts_only=facts_only)
            for name, data, facts_only in todo
        )


def _cacheable(result: FileResult) -> bool:
    # Facts-only results lack the problems; internal errors may be fixed by the next release;
    # a date ahead of now may be no longer ahead an hour later (the cache keeps the day).
    return (
        result.own
        and not result.external
        and all(p.code != "internal-error" and not _timely(p) for p in result.problems)
    )


def _timely(problem: Problem) -> bool:
    rule = registry().get(problem.code)
    return rule is not None and rule.timely


def _as_reported(result: FileResult, job: Job) -> FileResult:
    if job.facts_only and result.own:
        return FileResult(result.path, (), result.facts, result.suppressions, own=False)
    return result


def _stat(job: Job) -> FileStat | None:
    # Taken before the file is read: a change after it shows in the next run's stat.
    return job.found.stat or discovery.file_stat(job.found.path)


def _read(job: Job, config: Config) -> bytes | FileResult:
    try:
        return discovery.read(job.found)
    except fsguard.NotReadable as error:
        return runner.failure(
            job.found.name, "unreadable-file", str(error), config, facts_only=job.facts_only
        )


def _worker_count(files: int) -> int:
    if files < PARALLEL_MIN_FILES:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


@contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C while workers are forked, then raise it: a worker forked meanwhile must not
    die of it with a traceback before its initializer ignores SIGINT."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt


_WORKER_CONFIG: tuple[Config, bool] | None = None


def _pool(workers: int, config: Config, verbose: bool) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers inherit the imported modules and the compiled schema, so they start
    # in milliseconds; where fork does not exist the default start method is used.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(config, verbose)
    )


def _init_worker(config: Config, verbose: bool) -> None:
    import signal

    global _WORKER_CONFIG  # noqa: PLW0603 - one configuration per worker process
    _WORKER_CONFIG = (config, verbose)
    # Ctrl-C reaches the whole process group: the main process alone answers it (one line,
    # exit 130) and ends the workers, which would otherwise each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _lint_in_worker(job: tuple[str, bytes, bool]) -> FileResult:
    assert _WORKER_CONFIG is not None
    config, verbose = _WORKER_CONFIG
    name, data, facts_only = job
    return runner.lint_bytes(name, data, config, verbose=verbose, facts_only=facts_only)


def lint_paths(paths: Iterable[str], config: Config | None = None) -> list[Problem]:
    """Lint files and folders as the command line does (no cache); raises ``MissingPath``."""
    config = config or Config()
    found = list(discovery.discover(list(paths), config))  # no cache here: no stats
    return runner.finish(lint_files(jobs_for(found, config), config), config)
