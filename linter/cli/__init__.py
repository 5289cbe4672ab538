"""The ``article-lint`` command. The only module that prints or chooses an exit code.

Exit codes: 0 no errors, 1 errors found (or warnings with ``--strict``), 2 usage or
configuration error, or a path that does not exist.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import errno
import functools
import gc
import io
import itertools
import json
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from linter import config as config_module
from linter import report
from linter.config import Config, ConfigError, linksettings
from linter.config.linksettings import NetworkDown
from linter.engine import baseline, batch, discovery, rerun, runner
from linter.engine import cache as cache_module
from linter.engine.cache import Cache
from linter.guard import fsguard, signing
from linter.model import Problem, Severity
from linter.reading import frontmatter
from linter.rules import registry
from linter.validation import inputs, schema
from linter.version import __version__

if TYPE_CHECKING:
    from linter.engine import fix

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    """argparse found a mistake on the command line; its message is already printed."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, **options: Any) -> None:
        # argparse builds a formatter for every add_argument, and its default one imports
        # shutil to ask the terminal's width: 3 ms of every run, for --help's sake.
        options.setdefault(
            "formatter_class",
            functools.partial(argparse.HelpFormatter, width=_terminal_width() - 2),
        )
        # Options are spelled out: a record of a run (``linter.engine.rerun``) is found by
        # its command line before it is parsed, and "--cache" must not mean --cache-dir
        # to argparse alone.
        options.setdefault("allow_abbrev", False)
        super().__init__(**options)

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        if message:
            sys.stderr.write(message)
        raise _UsageError(status)


def _terminal_width() -> int:
    """What shutil.get_terminal_size() says of the columns, without importing shutil."""
    stream = sys.__stdout__
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
        return columns or os.get_terminal_size(stream.fileno() if stream else 1).columns
    except (ValueError, OSError):
        return 80


def _lint_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="article-lint",
        description="Lint the YAML front matter of Markdown articles.",
        epilog="Other commands: 'article-lint init [FOLDER]' (a draft schema from your articles),"
        " 'article-lint fields', 'article-lint rules', 'article-lint rule ID', 'article-lint"
        " schema', 'article-lint lsp' (a path of the same name is linted instead; 'article-lint"
        " check PATH...' is explicit).",
    )
    parser.add_argument(
        "paths", nargs="*", help="files or folders (default: .); '-' reads one article from stdin"
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the name of the article read from stdin (for the configuration and the report)",
    )
    parser.add_argument(
        "--format",
        choices=sorted(report.FORMATTERS),
        help="report format (default: text, or github when GITHUB_ACTIONS=true)",
    )
    parser.add_argument("--output-file", type=Path, metavar="PATH", help="write the report there")
    parser.add_argument("--statistics", action="store_true", help="print problem counts per rule")
    parser.add_argument(
        "--shard", type=_shard, metavar="K/N", help="lint only the K-th of N parts of the files"
    )
    parser.add_argument("--config", type=Path, help="configuration file (default: searched upward)")
    parser.add_argument(
        "--changed-since",
        metavar="REF",
        help="lint the articles changed since a git ref (cross-file rules see every article)",
    )
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude and .gitignore to files named on the command line too (for hooks)",
    )
    parser.add_argument(
        "--select", action="append", metavar="IDS", help="only these rules (comma-separated)"
    )
    parser.add_argument(
        "--ignore", action="append", metavar="IDS", help="not these rules (comma-separated)"
    )
    parser.add_argument("--schema", type=Path, help="JSON Schema to validate every file against")
    parser.add_argument("--baseline", type=Path, help="report only problems not in this baseline")
    parser.add_argument(
        "--write-baseline", type=Path, metavar="FILE", help="record the problems found"
    )
    online = parser.add_argument_group("online checks (need the 'online' extra: aiohttp)")
    online.add_argument(
        "--online", action="store_true", help="check links and image sizes on the network"
    )
    online.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST|CIDR",
        help=f"check these non-public hosts too (also: {config_module.ALLOW_HOSTS_ENV})",
    )
    online.add_argument(
        "--exclude-link",
        action="append",
        default=[],
        metavar="REGEX",
        help="never request URLs matching this (repeatable)",
    )
    online.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="CODES",
        help="status codes counted as alive, such as 403 or 200..299 (comma-separated)",
    )
    online.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="HOST=NAME: VALUE",
        help="send this header to matching hosts; ${VAR} is read from the environment",
    )
    online.add_argument(
        "--remap",
        action="append",
        default=[],
        metavar="'PREFIX TARGET'",
        help="check URLs starting with PREFIX at TARGET: another URL prefix or a folder",
    )
    for setting in linksettings.SETTINGS:
        if setting.flag is not None:
            online.add_argument(
                setting.flag,
                dest=f"online_{setting.name}",
                type=int if isinstance(setting.default, int) else float,
                metavar="N",
                help=f"{setting.help} (default {setting.default:g})",
            )
    parser.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    parser.add_argument(
        "--diff", action="store_true", help="print the fixes as a diff; write nothing"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    parser.add_argument("--quiet", action="store_true", help="print only the problems")
    parser.add_argument(
        "--no-cache", action="store_true", help="do not read or write the result cache"
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="where to keep the caches (default: ~/.cache/article-lint/projects/...)",
    )
    parser.add_argument(
        "--jobs", type=int, metavar="N", help="worker processes (default: one per core)"
    )
    parser.add_argument("--verbose", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("--version", action="version", version=f"article-lint {__version__}")
    return parser


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader went away (``| head -1``)


def run() -> NoReturn:
    """The ``article-lint`` command: ``main``, then a quick exit.

    Ctrl-C ends with one line and 130, a reader that goes away (``| head``) quietly with 141:
    never a traceback. The caches stay whole either way (SQLite transactions, atomic renames).
    The objects of the run are frozen first (``gc.freeze``): the interpreter's final
    collections then skip them, which a cached rerun would otherwise spend 5% of its time on.
    Tests and other callers use ``main``.
    """
    try:
        code = _main_recorded(sys.argv[1:])
        sys.stdout.flush()
        _answered()
    except KeyboardInterrupt:
        _answered()
        print("article-lint: interrupted", file=sys.stderr)
        _stop_workers()
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # Whatever is still buffered for the closed pipe must not fail again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_BROKEN_PIPE
    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stderr.flush()
    gc.freeze()
    sys.exit(code)


def _answered() -> None:
    """From here on the outcome is known: a Ctrl-C during the exit (the interpreter's, the
    workers') changes nothing, and must not make the process die of it silently (-2)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _main_recorded(argv: list[str]) -> int:
    """``main``, recorded for the next run: a run that the result cache answered whole
    leaves what its answer depended on, with the answer (``linter.engine.rerun``)."""
    if not rerun.recorded(argv):
        return main(argv)
    try:
        recorder = rerun.Recorder(argv)
    except OSError:  # the current folder is gone: nothing to record
        return main(argv)
    rerun.current = recorder
    out = _Kept()
    try:
        code = main(argv, out=out)
    finally:
        rerun.current = None
    text = out.getvalue()
    if code in (EXIT_OK, EXIT_ERRORS):
        with contextlib.suppress(OSError):
            recorder.record(text, code)
    return code


class _Kept(io.StringIO):
    """Standard output, as written (a reader that goes away sees it go as before), kept."""

    def write(self, text: str) -> int:
        sys.stdout.write(text)
        return super().write(text)


def _stop_workers() -> None:
    """End the worker processes of an interrupted run (they ignore SIGINT themselves)."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None:
        for child in multiprocessing.active_children():
            child.terminate()


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    # An existing path wins over a command of the same name ("article-lint schema" lints a
    # content folder called schema); "article-lint check PATH..." is the explicit form.
    command = _COMMANDS.get(args[0]) if args and not os.path.lexists(args[0]) else None
    if rerun.current is not None and args and (args[0] in _COMMANDS or args[0] == "check"):
        rerun.current.look_at(args[0])  # a command, or a path of the same name
    if args and args[0] == "check" and not os.path.lexists("check"):
        args = args[1:]
    try:
        if command is not None:
            if rerun.current is not None:
                rerun.current.refuse("not a lint")
            return command(args[1:], out)
        try:
            return _lint(args, out)
        finally:
            _SCHEMAS.clear()  # what a run found of its schemas and folders is its own
            inputs.unpin()
            discovery.listings = None
    except _UsageError as error:
        return int(error.args[0]) if error.args and error.args[0] else EXIT_OK
    except (ConfigError, schema.SchemaError) as error:
        print(f"article-lint: {error}", file=sys.stderr)
        return EXIT_USAGE
    except discovery.MissingPath as error:
        print(f"article-lint: no such file or folder: {error}", file=sys.stderr)
        return EXIT_USAGE
    except NetworkDown as error:
        print(f"article-lint: {error}", file=sys.stderr)
        return EXIT_USAGE
    except discovery.LinkOutOfTree as error:
        print(f"article-lint: not followed: {error}", file=sys.stderr)
        return EXIT_USAGE
    except discovery.NothingToLint as error:
        print(f"article-lint: no articles in {error}", file=sys.stderr)
        return EXIT_USAGE


def _tune_gc() -> None:
    # A run allocates millions of short-lived YAML nodes and no reference cycles worth
    # collecting early: fewer young-generation passes save a quarter of the time, and
    # freezing what start-up imported keeps those objects out of every pass.
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _shard(text: str) -> tuple[int, int]:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N (got {text!r})")
    return int(index), int(count)


@dataclasses.dataclass(frozen=True)
class _Project:
    """The files of one configuration in a run: all that its cross-file rules compare
    (``found``), and those reported on (``mine``)."""

    config: Config
    found: list[discovery.Found]
    mine: list[discovery.Found]


def _lint(argv: list[str], out: TextIO) -> int:
    args = _lint_parser().parse_args(argv)
    _tune_gc()
    if rerun.current is not None:
        _record_start(rerun.current, args)
    configs = _configs(args)
    walks = _walks(args)
    if _STDIN & set(args.paths):
        return _lint_stdin(args, configs, out)
    paths, force_exclude = args.paths, args.force_exclude
    if args.changed_since:
        paths = discovery.changed_since(args.changed_since, args.paths, configs)
        force_exclude = True
    # The cache keys files by their stat, which the walk takes cheaply on the way.
    named = list(
        discovery.discover(
            paths or ([] if args.changed_since else ["."]),  # nothing changed: nothing to lint
            configs,
            with_stat=not args.no_cache,
            named=bool(paths) and not args.changed_since,
            force_exclude=force_exclude,
        )
    )
    _record_files(named)  # their stats before any is read
    mine = batch.shard(named, *args.shard) if args.shard else named
    # Only some files linted (a hook's, a pull request's): the cross-file rules see them all.
    some = bool(args.changed_since) or any(os.path.isfile(path) for path in paths)
    shard = {f.name for f in mine} if args.shard else None
    projects = _projects(args, configs, named, shard, some=some)
    kept = discovery.listings.kept() if discovery.listings is not None else None
    if walks is not None and kept is not None:  # every walk of the run is done
        walks.put(kept)
    for project in projects:
        _record_files(project.found)  # the rest of the project (a hook's): stats of its walk
        if rerun.current is not None and rerun.current.refused is None:
            for path in config_module.schemas_as_written(project.config):
                rerun.current.look_along(path)  # resolved when read: each link on the way
    problems = _problems_of(args, projects)
    if args.diff:
        return _diff(problems, projects, out)
    if args.fix:
        changed, failed = _fix(problems, projects)
        if changed:
            problems = _problems_of(args, projects)
        problems = sorted(problems + failed)
    if args.write_baseline:
        _write_file(args.write_baseline, baseline.dumps(problems).encode("utf-8"))
    if args.baseline:
        problems = baseline.new_problems(problems, baseline.load(args.baseline))
    _write_report(
        args,
        problems,
        report.Summary(
            tuple(f.name for f in mine),
            args.quiet,
            args.strict,
            bundled=any(_bundled(project.config) for project in projects),
        ),
        out,
    )
    return _exit_code(problems, strict=args.strict)


def _record_start(recorder: rerun.Recorder, args: argparse.Namespace) -> None:
    """What a record of this run starts from (``linter.engine.rerun``), or why there is none:
    a run that writes, fetches, asks git, reads a file the record does not know (a
    baseline) or standard input, or prints besides the report."""
    refused = {
        "--fix": args.fix,
        "--diff": args.diff,
        "--online": args.online,
        "--changed-since": args.changed_since,
        "--output-file": args.output_file,
        "--write-baseline": args.write_baseline,
        "--baseline": args.baseline,
        "--statistics": args.statistics,
        "--no-cache": args.no_cache,
        "standard input": _STDIN & set(args.paths),
    }
    for flag, given in refused.items():
        if given:
            recorder.refuse(flag)
            return
    starts = [os.curdir, *(args.paths or [os.curdir])]
    recorder.look_above(starts + ([str(args.config)] if args.config else []))
    if args.config:  # read below, whatever its name: its stat before it is
        recorder.file(str(args.config), discovery.file_stat(str(args.config)))
    for given in [*args.paths, args.config, args.schema]:  # each link on the way to them
        if given is not None:
            recorder.look_along(str(given))


def _walks(args: argparse.Namespace) -> cache_module.Walks | None:
    """The folder listings of earlier walks from this folder, for this run's walks."""
    if args.no_cache:
        return None
    folder: Path = args.cache_dir or signing.user_folder() / "walks"
    walks = cache_module.Walks(folder, os.getcwd())
    discovery.listings = discovery.Listings(walks.get())
    return walks


def _record_files(files: list[discovery.Found]) -> None:
    recorder = rerun.current
    if recorder is not None and recorder.refused is None:
        for found in files:
            recorder.file(found.path, found.stat or discovery.file_stat(found.path))


def _bundled(config: Config) -> bool:
    return config.schema is None and not config.schemas


def _projects(
    args: argparse.Namespace,
    configs: config_module.Configs,
    named: list[discovery.Found],
    mine: set[str] | None,
    *,
    some: bool,
) -> list[_Project]:
    """The run's files by the configuration that judges them, each with the rest of its
    project when only some of its files are linted (``mine``: the names reported on, when
    not all of them). Every configuration's schemas are checked first: a broken schema is a
    usage error before any file is read."""
    groups: dict[int, tuple[Config, list[discovery.Found]]] = {}
    # A walk yields each folder's files together: one look-up per run of files that share a
    # configuration, not one per file (a rerun over 10,000 files is mostly such loops).
    for _, run in itertools.groupby(named, key=_judge):
        files = list(run)
        config = files[0].config
        assert config is not None
        groups.setdefault(id(config), (config, []))[1].extend(files)
    for config, _ in groups.values():
        _check_schemas(args, config)
    projects = []
    for config, files in groups.values():
        reported = files if mine is None else [f for f in files if f.name in mine]
        rest = (
            discovery.rest_of_project(configs, config, files, with_stat=not args.no_cache)
            if some and _compared(reported, config)
            else []
        )
        projects.append(_Project(config, files + rest, reported))
    return projects


def _judge(found: discovery.Found) -> int:
    """Which configuration judges the file: the object itself (two equal ones are two)."""
    return id(found.config)


def _compared(files: list[discovery.Found], config: Config) -> bool:
    """Whether any of ``files`` holds a value that a cross-file rule compares (a URL, a
    title...). Only such a value can make a cross-file problem of a reported file, so when
    none does (a hook's page with no identifying field), the rest of the project is neither
    walked nor read: naming one file costs one file."""
    if not any(rule.collect is not None for rule in config.rules_for("")):
        return False
    for found in files:
        try:
            data = discovery.read(found)
        except fsguard.NotReadable:
            continue
        if runner.lint_bytes(found.name, data, config, facts_only=True).facts:
            return True
    return False


def _check_schemas(args: argparse.Namespace, config: Config) -> None:
    for path in {config.schema, *(c.schema for c in config.schemas)} - {None}:
        _schema_questions(args, config, path)


# Per run (``main``): each schema's questions, and the answers pinned for the rest of the run.
_SCHEMAS: dict[
    tuple[Path | None, tuple[Path, ...], tuple[str, ...] | None, str],
    tuple[tuple[str, str, str], ...],
] = {}


def _schema_questions(
    args: argparse.Namespace, config: Config, path: Path | None
) -> tuple[tuple[str, str, str], ...]:
    """What loading the schema at ``path`` asks of the file system, with the answers: what a
    cached result depends on. Kept in the cache folder: when the same questions get the same
    answers again, the schema is neither loaded nor checked again (it was, with these very
    inputs, and it passed), and its load, if the run needs it, gets these answers."""
    family, remote, dialect = config.schema_family, config.remote_refs, config.date_dialect
    key = (path, family, remote, dialect)
    if key in _SCHEMAS:
        return _SCHEMAS[key]
    name = schema.load_name(path, family=family, remote=remote, dialect=dialect)
    if rerun.current is not None and name is None:
        rerun.current.refuse("a schema that may be fetched")
    loads = None
    if not args.no_cache and name is not None:
        loads = cache_module.Loads(_cache_folder(args, config))
        found = loads.get(name)
        answers = schema.replayed(found[0]) if found is not None else None
        if found is not None and answers is not None:
            inputs.pin(name, found[0], answers, found[1])
            _SCHEMAS[key] = tuple(found[0])
            if rerun.current is not None:
                rerun.current.questions.append(list(found[0]))
            return _SCHEMAS[key]
    validator = schema.load_validator(path, family=family, remote=remote, dialect=dialect)
    if loads is not None and name is not None:
        loads.put(name, validator.questions, schema.kept_fields(validator))
    _SCHEMAS[key] = validator.questions
    if rerun.current is not None:
        rerun.current.questions.append(list(validator.questions))
    return validator.questions


def _problems_of(args: argparse.Namespace, projects: list[_Project]) -> list[Problem]:
    problems: list[Problem] = []
    for project in projects:
        if project.mine:
            problems += _all_problems(args, project.config, project.found, project.mine)
    return sorted(problems)


_STDIN = {"-", "/dev/stdin"}


def _lint_stdin(args: argparse.Namespace, configs: config_module.Configs, out: TextIO) -> int:
    """One article from standard input, named ``--stdin-filename`` (default ``-``), judged as
    the file of that name would be: by its configuration, against the rest of its project."""
    if len(args.paths) > 1:
        raise ConfigError("'-' (standard input) cannot be linted together with other paths")
    if args.fix or args.diff or args.online or args.shard:
        raise ConfigError("--fix, --diff, --online and --shard need files, not standard input")
    # Up to the end of the front matter, as for files: the body is not read.
    data = fsguard.read_stream_head(sys.stdin.buffer, frontmatter.HEAD_BYTES, frontmatter.enough)
    given = args.stdin_filename or "-"
    name = discovery.report_name(given) if args.stdin_filename else given
    config = configs.for_folder(os.path.dirname(os.path.abspath(given)))
    _check_schemas(args, config)
    result = runner.lint_bytes(name, data, config, verbose=args.verbose)
    me = discovery.Found(name, given, None, "", config)
    rest = (
        discovery.rest_of_project(configs, config, [me], with_stat=not args.no_cache)
        if args.stdin_filename and result.facts
        else []
    )
    if rest:
        cache = None if args.no_cache else _cache(args, config)
        try:
            jobs = [batch.Job(found, facts_only=True) for found in rest]
            problems = batch.lint_run(
                jobs, config, cache=cache, workers=args.jobs, given=(result,), keep_others=True
            )
        finally:
            if cache is not None:
                cache.close()
    else:
        problems = runner.finish([result], config)
    if args.baseline:
        problems = baseline.new_problems(problems, baseline.load(args.baseline))
    _write_report(args, problems, report.Summary((name,), args.quiet, args.strict), out)
    return _exit_code(problems, strict=args.strict)


def _all_problems(
    args: argparse.Namespace,
    config: Config,
    found: list[discovery.Found],
    mine: list[discovery.Found],
) -> list[Problem]:
    problems = _run(args, config, found, mine)
    if not args.online or not any(rule.found_by == "online" for rule in config.rules_for("")):
        return problems  # no online rule selected: nothing to ask the network
    online = _online(args, config, mine)
    # What the network showed replaces what was said offline of the same field and rule.
    replaced = {(p.file, p.code, p.pointer) for p in online}
    return sorted([p for p in problems if (p.file, p.code, p.pointer) not in replaced] + online)


def _run(
    args: argparse.Namespace,
    config: Config,
    found: list[discovery.Found],
    mine: list[discovery.Found],
) -> list[Problem]:
    jobs = batch.jobs_for(found, config, mine if len(mine) != len(found) else None)
    cache = None if args.no_cache else _cache(args, config)
    try:
        problems = batch.lint_run(
            jobs,
            config,
            cache=cache,
            workers=args.jobs,
            verbose=args.verbose,
            # The rest of the project (not another shard's files): kept in the cache whole.
            keep_others=not args.shard,
        )
        if rerun.current is not None:
            if cache is None or not cache.answered:
                rerun.current.refuse("not answered by the result cache whole")
            rerun.current.answered = True
        return problems
    finally:
        if cache is not None:
            cache.close()


def _online(args: argparse.Namespace, config: Config, mine: list[discovery.Found]) -> list[Problem]:
    try:
        from linter.online import stage
    except ImportError as error:
        raise ConfigError(
            f"--online needs aiohttp: pip install 'article-lint[online]' ({error})"
        ) from None
    chosen = dict(config.online)
    for setting in linksettings.SETTINGS:
        value = getattr(args, f"online_{setting.name}", None)
        if value is not None and setting.flag is not None:
            chosen[setting.key] = config_module.online_setting(setting.key, value, setting.flag)
    settings = linksettings.build(chosen, _allowed_hosts(args), _link_controls(args, config, mine))
    cache_dir = None if args.no_cache else _cache_folder(args, config)
    return stage.run(mine, config, settings, cache_dir=cache_dir, progress=_progress)


def _link_controls(
    args: argparse.Namespace, config: Config, mine: list[discovery.Found]
) -> linksettings.LinkControls:
    """The configuration's link controls and the command line's, headers read from the
    environment where the run trusts them."""
    try:
        headers = []
        for text in args.header:
            pattern, _, rest = text.partition("=")
            name, colon, value = rest.partition(":")
            if not pattern or not colon:
                raise ValueError(f"expected HOST-PATTERN=NAME: VALUE (got {text!r})")
            headers.append(linksettings.header(pattern.strip(), name.strip(), value.strip()))
        flags = linksettings.LinkControls(
            exclude=linksettings.exclude_patterns(args.exclude_link),
            accept=linksettings.status_codes(",".join(args.accept)),
            headers=linksettings.expand(tuple(headers), trusted=True, where="--header"),
            remap=linksettings.remap_table(args.remap, Path.cwd(), confine=False),
        )
        # A configuration inside the tree under review is the pull request's to write.
        source = config.source
        trusted = source is None or not discovery.under_review(source, mine)
        where = str(config.source or "configuration")
        configured = config.links._replace(
            headers=linksettings.expand(config.links.headers, trusted=trusted, where=where)
        )
    except ValueError as error:
        raise ConfigError(str(error)) from None
    return flags.joined(configured)


def _allowed_hosts(args: argparse.Namespace) -> tuple[str, ...]:
    """The non-public hosts this run may reach: its command line and environment only."""
    from linter.guard.netguard import parse_allowed

    from_environment = os.environ.get(config_module.ALLOW_HOSTS_ENV, "").replace(",", " ")
    try:
        return tuple(parse_allowed([*from_environment.split(), *args.allow_host]))
    except ValueError as error:
        raise ConfigError(str(error)) from None


def _progress(total: int) -> Callable[[], None] | None:
    """A progress line on stderr when it is a terminal; nothing in CI logs."""
    if not sys.stderr.isatty():
        return None
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        print(
            f"\rchecking links: {done}/{total}",
            end="\n" if done == total else "",
            file=sys.stderr,
            flush=True,
        )

    return step


def _diff(problems: list[Problem], projects: list[_Project], out: TextIO) -> int:
    from linter.engine import fix

    outcomes = [outcome for _, outcome, _ in _fixes(problems, projects)]
    out.write("".join(fix.unified_diff(o) for o in outcomes))
    _say(f"would fix {_count(outcomes)}")
    return EXIT_ERRORS if outcomes else EXIT_OK


def _fix(problems: list[Problem], projects: list[_Project]) -> tuple[bool, list[Problem]]:
    """Apply the fixes: whether any file changed, and the problems of the files whose fixes
    were not written."""
    from linter.engine import fix

    outcomes = _fixes(problems, projects)
    written, failed = [], []
    for name, outcome, config in outcomes:
        assert outcome.after is not None
        reason = fix.write_atomically(outcome.path, outcome.after, outcome.before)
        if reason:
            failed.append(
                runner.failure(name, "unwritable-file", f"fixes not written: {reason}", config)
            )
        else:
            written.append((name, outcome))
    _say(f"fixed {_count([o for _, o in written])}")
    return bool(written), [problem for result in failed for problem in result.problems]


def _fixes(
    problems: list[Problem], projects: list[_Project]
) -> list[tuple[str, fix.Outcome, Config]]:
    """The verified fixes of every file that has a fixable problem (files are not written)."""
    from linter.engine import fix  # --fix and --diff only: it loads the YAML parser and the runner

    where = {f.name: (f, project.config) for project in projects for f in project.mine}
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    outcomes = []
    for name, listed in by_file.items():
        if name not in where or not any(registry()[p.code].fixable for p in listed):
            continue
        found, config = where[name]
        try:
            data = discovery.read(found, whole=True)  # the fix rewrites the body too
        except fsguard.NotReadable as error:
            _say(f"not fixing {name}: {error}")
            continue
        outcome = fix.fix_file(name, data, listed, config)
        if outcome.refused:
            _say(f"not fixing {name}: {outcome.refused}")
        if outcome.after is not None:
            outcomes.append((name, dataclasses.replace(outcome, path=found.path), config))
    return outcomes


def _count(outcomes: list[fix.Outcome]) -> str:
    problems = sum(len(o.fixed) for o in outcomes)
    return f"{problems} problem{'s' if problems != 1 else ''} in {len(outcomes)} file{'s' if len(outcomes) != 1 else ''}"


def _say(message: str) -> None:
    # Messages here name files of the tree: written as the reports write them.
    print(f"article-lint: {report.neutral(message)}", file=sys.stderr)


def _write_report(
    args: argparse.Namespace, problems: list[Problem], summary: report.Summary, out: TextIO
) -> None:
    chosen = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    rendered = report.FORMATTERS[chosen](problems, summary)
    if args.output_file:
        _write_file(args.output_file, rendered.encode("utf-8", "surrogateescape"))
        if chosen != "text":
            out.write(report.text(problems, summary))
    else:
        out.write(rendered)
    if args.statistics:
        # After a machine-readable report, counts go to stderr so the report stays parseable.
        stream = out if chosen == "text" or args.output_file else sys.stderr
        stream.write(report.statistics(problems))


def _write_file(path: Path, data: bytes) -> None:
    """Write a file the command line names, never through a link (``fsguard.write_file``)."""
    try:
        fsguard.write_file(str(path), data)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            reason = "its folder is reached through a symbolic link"
        raise ConfigError(f"cannot write {path}: {reason}") from None


def _cache(args: argparse.Namespace, config: Config) -> Cache:
    # Every schema file a result can depend on: each configured schema and every file (or
    # remote schema) its $refs reach, as their loads found them.
    texts = {
        json.dumps(_schema_questions(args, config, path))
        for path in {config.schema, *(c.schema for c in config.schemas)}
    }
    return Cache(
        _cache_folder(args, config), cache_module.context(config.fingerprint(), sorted(texts))
    )


def _cache_folder(args: argparse.Namespace, config: Config) -> Path:
    folder: Path = args.cache_dir or signing.default_folder(config.root)
    return folder


def _configs(args: argparse.Namespace) -> config_module.Configs:
    """Each file's configuration (the nearest, or ``--config``), with the command line's."""
    remote = _allowed_hosts(args) if args.online else None
    schema_path = args.schema and args.schema.resolve()

    def adjust(config: Config) -> Config:
        config = config_module.with_overrides(
            config, select=args.select, ignore=args.ignore, schema=schema_path
        )
        return dataclasses.replace(config, remote_refs=remote)

    return config_module.Configs(adjust, fixed=args.config)


def _exit_code(problems: list[Problem], *, strict: bool) -> int:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return EXIT_ERRORS if any(p.severity in failing for p in problems) else EXIT_OK


def _rules(argv: list[str], out: TextIO) -> int:
    parser = _Parser(prog="article-lint rules", description="List every rule.")
    parser.add_argument("--format", choices=["text", "json", "markdown", "docs"], default="text")
    args = parser.parse_args(argv)
    rules = registry().values()
    if args.format == "docs":  # docs/rules.md, which the editor diagnostics link to
        out.write("# Rules\n\nGenerated by `article-lint rules --format docs`; do not edit.\n")
        for r in rules:
            fix = ", fixable" if r.fixable else ""
            out.write(f"\n## {r.id}\n\nDefault severity: {r.severity.value}{fix}.\n\n")
            out.write(r.doc.strip() + "\n")
    elif args.format == "markdown":  # the README's table
        out.write("| rule | severity | fixable | what it finds |\n| --- | --- | --- | --- |\n")
        for r in rules:
            out.write(
                f"| `{r.id}` | {r.severity.value} | {'yes' if r.fixable else ''} | {r.summary} |\n"
            )
    elif args.format == "json":
        listing = [
            {"id": r.id, "severity": r.severity.value, "fixable": r.fixable, "summary": r.summary}
            for r in rules
        ]
        out.write(json.dumps(listing, indent=2) + "\n")
    else:
        width = max(len(r.id) for r in rules)
        for r in rules:
            out.write(
                f"{r.id:<{width}}  {r.severity.value:<7}  {'fix' if r.fixable else '   '}  {r.summary}\n"
            )
    return EXIT_OK


def _rule(argv: list[str], out: TextIO) -> int:
    parser = _Parser(prog="article-lint rule", description="Show a rule's documentation.")
    parser.add_argument("id")
    args = parser.parse_args(argv)
    rule = registry().get(args.id)
    if rule is None:
        config_module.rule_ids([args.id], "article-lint rule")  # raises with a did-you-mean
        return EXIT_USAGE
    out.write(f"{rule.id} (default severity: {rule.severity.value})\n\n{rule.doc.strip()}\n")
    return EXIT_OK


def _schema(argv: list[str], out: TextIO) -> int:
    parser = _Parser(prog="article-lint schema", description="Print the bundled article schema.")
    parser.add_argument("--path", action="store_true", help="print its path instead")
    args = parser.parse_args(argv)
    path = schema.bundled_schema_path()
    out.write(f"{path}\n" if args.path else path.read_text(encoding="utf-8"))
    return EXIT_OK


def _lsp(argv: list[str], out: TextIO) -> int:
    parser = _Parser(
        prog="article-lint lsp", description="A Language Server Protocol server on stdio."
    )
    parser.parse_args(argv)
    try:
        import pygls  # noqa: F401 - the optional dependency, checked before serving

        from linter.cli import lsp
    except ImportError as error:
        raise ConfigError(
            f"article-lint lsp needs pygls: pip install 'article-lint[lsp]' ({error})"
        ) from None
    return EXIT_OK if lsp.serve() else EXIT_ERRORS


def _init(argv: list[str], out: TextIO) -> int:
    from linter.cli import setup

    parser = _Parser(
        prog="article-lint init",
        description="Survey a folder of articles; write a draft schema and .article-lint.toml.",
    )
    parser.add_argument("path", nargs="?", default=".", help="the folder of articles (default: .)")
    parser.add_argument("--output", default=".", help="where to write the two files (default: .)")
    parser.add_argument("--force", action="store_true", help="replace files that exist")
    return setup.init(parser.parse_args(argv), out)


def _fields(argv: list[str], out: TextIO) -> int:
    from linter.cli import setup

    parser = _Parser(
        prog="article-lint fields",
        description="Show which rules look at which fields of the schema in use.",
    )
    parser.add_argument("path", nargs="?", help="an article: its schema (default: the default)")
    parser.add_argument("--config", type=Path, help="configuration file")
    parser.add_argument("--schema", type=Path, help="JSON Schema to show instead")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    schema_path = args.schema and args.schema.resolve()
    configs = config_module.Configs(
        lambda config: config_module.with_overrides(config, schema=schema_path), fixed=args.config
    )
    # The configuration of the article named (the nearest above it), else of this folder.
    folder = os.path.dirname(os.path.abspath(args.path)) if args.path else os.getcwd()
    return setup.fields(args, configs.for_folder(folder), out)


_COMMANDS: dict[str, Callable[[list[str], TextIO], int]] = {
    "fields": _fields,
    "init": _init,
    "lsp": _lsp,
    "rules": _rules,
    "rule": _rule,
    "schema": _schema,
}
