"""Lint many files: read them, answer from the cache, spread the rest over the cores.

The per-file work (:func:`linter.runner.lint_bytes`) is a pure function of the file's name,
bytes and the configuration, which is what lets this module cache it and run it in worker
processes. Files are taken a window at a time, so memory holds one window of file contents,
not the repository.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from linter import discovery, runner
from linter.cache import Cache
from linter.config import Config
from linter.model import FileResult, Problem, Severity

if TYPE_CHECKING:  # the pool is imported only when a run is large enough to use one
    from concurrent.futures import ProcessPoolExecutor

# Below this many files to lint, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 200
_WINDOW = 2048


@dataclass(frozen=True)
class Job:
    """One file to lint; ``facts_only`` for another shard's file (read for project rules)."""

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


def lint_files(
    jobs: list[Job],
    config: Config,
    *,
    cache: Cache | None = None,
    workers: int | None = None,
    verbose: bool = False,
) -> Iterator[FileResult]:
    """Results for every job, in order."""
    workers = _worker_count(len(jobs)) if workers is None else workers
    pool = _pool(workers, config, verbose) if workers > 1 else None
    run = _Run(config, cache, pool, workers, verbose)
    try:
        for start in range(0, len(jobs), _WINDOW):
            yield from run.window(jobs[start : start + _WINDOW])
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


@dataclass(frozen=True)
class _Run:
    config: Config
    cache: Cache | None
    pool: ProcessPoolExecutor | None
    workers: int
    verbose: bool

    def window(self, jobs: list[Job]) -> Iterator[FileResult]:
        """Read a window of files, answer what the cache knows, lint the rest."""
        read = [(job, _read(job)) for job in jobs]
        keys, hits = self._lookup(read)
        todo = [
            (job.found.name, data, job.facts_only)
            for i, (job, data) in enumerate(read)
            if isinstance(data, bytes) and keys.get(i) not in hits
        ]
        computed = self._lint(todo)
        fresh: list[tuple[str, FileResult]] = []
        for i, (job, data) in enumerate(read):
            if isinstance(data, FileResult):
                yield data
                continue
            key = keys.get(i)
            result = hits[key] if key in hits else next(computed)
            if key is not None and key not in hits and _cacheable(result, job):
                fresh.append((key, result))
            yield _as_reported(result, job)
        if self.cache is not None and fresh:
            self.cache.put_many(fresh)

    def _lookup(
        self, read: list[tuple[Job, bytes | FileResult]]
    ) -> tuple[dict[int, str], dict[str, FileResult]]:
        if self.cache is None:
            return {}, {}
        keys = {
            i: self.cache.key(job.found.name, data)
            for i, (job, data) in enumerate(read)
            if isinstance(data, bytes)
        }
        names = {key: read[i][0].found.name for i, key in keys.items()}
        return keys, self.cache.get_many(list(keys.values()), names)

    def _lint(self, todo: list[tuple[str, bytes, bool]]) -> Iterator[FileResult]:
        if self.pool is not None and len(todo) > 1:
            chunk = max(1, len(todo) // (self.workers * 4))
            return iter(list(self.pool.map(_lint_in_worker, todo, chunksize=chunk)))
        return (
            runner.lint_bytes(name, data, self.config, verbose=self.verbose, facts_only=facts_only)
            for name, data, facts_only in todo
        )


def _cacheable(result: FileResult, job: Job) -> bool:
    # Facts-only results lack the problems; internal errors may be fixed by the next release.
    return not job.facts_only and all(p.code != "internal-error" for p in result.problems)


def _as_reported(result: FileResult, job: Job) -> FileResult:
    if job.facts_only and result.reported:
        return FileResult(result.path, (), result.facts, result.suppressions, reported=False)
    return result


def _read(job: Job) -> bytes | FileResult:
    try:
        with open(job.found.path, "rb") as handle:
            return handle.read()
    except OSError as error:
        message = f"cannot read file: {(error.strerror or str(error)).lower()}"
        problem = Problem(job.found.name, 1, 1, "unreadable-file", Severity.ERROR, message, "")
        return FileResult(job.found.name, (problem,), reported=not job.facts_only)


def _worker_count(files: int) -> int:
    if files < PARALLEL_MIN_FILES:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


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
    global _WORKER_CONFIG  # noqa: PLW0603 - one configuration per worker process
    _WORKER_CONFIG = (config, verbose)


def _lint_in_worker(job: tuple[str, bytes, bool]) -> FileResult:
    assert _WORKER_CONFIG is not None
    config, verbose = _WORKER_CONFIG
    name, data, facts_only = job
    return runner.lint_bytes(name, data, config, verbose=verbose, facts_only=facts_only)


def lint_paths(paths: Iterable[str], config: Config | None = None) -> list[Problem]:
    """Lint files and folders as the command line does (no cache); raises ``MissingPath``."""
    config = config or Config()
    found = list(discovery.discover(list(paths), config))
    return runner.finish(lint_files(jobs_for(found, config), config), config)
