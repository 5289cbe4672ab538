"""Run the rules: bytes -> Document -> findings -> problems, then the cross-file rules.

``lint_bytes`` is a pure function of a file's path, bytes and the configuration, so files
can be linted in any order, in parallel and from a cache. ``finish`` joins the per-file
results: it runs the project rules over the facts every file left and applies each file's
suppression comments to what they report.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from linter import suppress
from linter.config import Config, work_tree
from linter.fields import FieldMap
from linter.model import Document, Fact, FileResult, Finding, Position, Problem, Severity
from linter.rules import Rule, registry


def lint_bytes(
    path: str, data: bytes, config: Config, *, verbose: bool = False, facts_only: bool = False
) -> FileResult:
    """Lint one file's bytes; any unexpected failure becomes an ``internal-error`` problem.

    With ``facts_only`` only what the project rules need is computed (for another shard's file).
    """
    try:
        return _facts_of(path, data, config) if facts_only else _lint(path, data, config)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the run
        # The error's text stays out of the report: it may quote the file, or a file that a
        # schema reached (a key file), into a CI log. Where in our code it broke is enough.
        message = f"article-lint failed on this file: {type(error).__name__}{_where(error)}"
        if verbose:
            import traceback

            message += "\n" + traceback.format_exc()
        return failure(path, "internal-error", message, config, facts_only=facts_only)


def _where(error: BaseException) -> str:
    """`` in linter/x.py:12``: the innermost frame of this package the error passed through."""
    import traceback

    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/linter/" in f.filename]
    if not frames:
        return ""
    last = frames[-1]
    return f" in linter/{last.filename.rsplit('/linter/', 1)[1]}:{last.lineno}; --verbose shows why"


def failure(
    path: str, code: str, message: str, config: Config, *, facts_only: bool = False
) -> FileResult:
    """The result of a file that a stage around the rules could not handle: not read, crashed,
    fixes not written. Judged like every other finding (select, ignore, severity, baseline)."""
    doc = Document(path, None, found=((code, Finding("", message, Position(1, 1))),))
    # Only the stage's own rule: the rules that read documents have nothing to read.
    return _judge(doc, config, rules=False)._replace(own=not facts_only)


def judge(doc: Document, config: Config) -> tuple[Problem, ...]:
    """The problems of what a later stage (online) found in ``doc`` (``doc.found``), judged as
    every other finding is: rule enabled for the file, severity, suppression comments."""
    return _judge(doc, config, rules=False).problems


def read(path: str, data: bytes, config: Config) -> Document:
    """The document in ``data``, with the fields its schema and the configuration name."""
    from linter.reading import reader

    return reader.read(path, data, fields_for(path, config))


def ready(paths: Iterable[str], config: Config) -> None:
    """Load here what linting ``paths`` takes: the reader, the rules, and each schema's
    validator, compiled. Worker processes forked afterwards start with them; each would
    load them again otherwise (35 ms of a worker's CPU time, before its first file)."""
    from linter.reading import reader  # noqa: F401 - imported for the workers forked next

    schemas = set()
    for path in paths:
        if config.schema_for(path) not in schemas:
            schemas.add(config.schema_for(path))
            # A schema that fails to load here fails again, and is reported, file by file.
            with contextlib.suppress(Exception):
                _validator(path, config).fast  # noqa: B018 - built now, once, not in each worker
            config.plan_for(path)


def fields_for(path: str, config: Config) -> FieldMap:
    """Where the schema of ``path`` (and ``[fields]``) puts dates, URLs, images and texts."""
    return _fields(_validator(path, config), config.field_changes)


def _validator(path: str, config: Config) -> Any:
    from linter.validation import schema

    return schema.load_validator(
        config.schema_for(path),
        family=config.schema_family,
        remote=config.remote_refs,
        dialect=config.date_dialect,
    )


@functools.lru_cache(maxsize=64)
def _fields(
    validator: Any, changes: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
) -> FieldMap:
    if not changes:
        return validator.fields  # type: ignore[no-any-return]
    from linter.validation import fieldmap

    return fieldmap.adjusted(validator.fields, changes)


def _lint(path: str, data: bytes, config: Config) -> FileResult:
    # Imported here: a run answered from the cache never loads PyYAML or the validators.
    from linter.reading import reader
    from linter.validation import schema

    validator = _validator(path, config)
    doc = reader.read(path, data, _fields(validator, config.field_changes))
    if doc.data is None and config.needs_front_matter(path) and _without_front_matter(doc):
        return FileResult(path, ())  # a plain page (HTML), not an article
    named = doc.data.get("$schema") if isinstance(doc.data, dict) else None
    if isinstance(named, str):
        own = _own_validator(path, named, config)
        if isinstance(own, str):
            found_own = (("unusable-schema", Finding("/$schema", own)),)
            return _judge(dataclasses.replace(doc, found=doc.found + found_own), config)
        validator = own
        doc = reader.read(path, data, _fields(validator, config.field_changes))
    if doc.ok:
        # The key that names the schema is not the article's to be judged by it.
        checked = doc if named is None else dataclasses.replace(doc, data=_without_schema(doc))
        found = schema.validate(checked, validator)
        if found:
            doc = dataclasses.replace(doc, found=doc.found + tuple(found))
    result = _judge(doc, config)
    # Judged by a schema the configuration does not name: the cache cannot know when it
    # changes, so the result is not kept (``FileResult.external``).
    return result._replace(external=True) if isinstance(named, str) else result


def _without_schema(doc: Document) -> Any:
    assert isinstance(doc.data, dict)
    return {key: value for key, value in doc.data.items() if key != "$schema"}


def _own_validator(path: str, named: str, config: Config) -> Any:
    """The validator of the schema an article names with ``$schema``, or why it cannot be
    used: a path relative to the article inside its project, or (``--online``) a URL."""
    import os
    from pathlib import Path

    from linter.validation import schema

    if named.startswith(("http://", "https://")):
        if config.remote_refs is None:
            return _unusable(named, "remote schemas are fetched only with --online")
        return _unusable(named, "a URL is not supported here yet; expected a path")
    folder = os.path.dirname(os.path.abspath(path))
    target = Path(os.path.realpath(os.path.join(folder, named)))
    root = config.root if config.source is not None else None
    tree = work_tree(folder)
    inside = [Path(os.path.realpath(place)) for place in (root, tree) if place is not None]
    if not any(target.is_relative_to(place) for place in inside):
        return _unusable(named, "it is outside the project")
    try:
        return schema.load_validator(
            target,
            family=tuple(sorted({*config.schema_family, target})),
            remote=config.remote_refs,
            dialect=config.date_dialect,
        )
    except schema.SchemaError as error:
        return _unusable(named, str(error).removeprefix(f"{target}: "))


def _unusable(named: str, why: str) -> str:
    return (
        f'"$schema" names {named}, which cannot be used: {why}; expected a JSON Schema'
        " inside the project"
    )


def _without_front_matter(doc: Document) -> bool:
    return any(code == "missing-front-matter" for code, _ in doc.found)


def _judge(doc: Document, config: Config, *, rules: bool = True) -> FileResult:
    """The problems and facts of a document: what the stages found and (``rules``) the rules.

    The one place where findings become problems: whatever found them, a rule disabled for the
    file (select, ignore, per-file-ignores) drops them, its severity applies, and the file's
    suppression comments silence them.
    """
    path = doc.path
    plan = config.plan_for(path)
    silenced = suppress.parse(doc.front_matter)
    problems = []
    for code, finding in doc.found:
        enabled = plan.enabled.get(code)
        if enabled is not None:
            problem = _problem(path, code, enabled[1], finding, doc)
            if not silenced.silences(problem):
                problems.append(problem)
    for rule, check, severity, options in plan.checks if rules else ():
        for finding in check(doc, options):
            problem = _problem(path, rule.id, severity, finding, doc)
            if not silenced.silences(problem):
                problems.append(problem)
    facts = [fact for rule, options in plan.collectors for fact in _facts(doc, rule, options)]
    return FileResult(path, tuple(sorted(problems)), tuple(facts), silenced)


def _facts_of(path: str, data: bytes, config: Config) -> FileResult:
    doc = read(path, data, config)
    silenced = suppress.parse(doc.front_matter)
    plan = config.plan_for(path)
    facts = tuple(fact for rule, options in plan.collectors for fact in _facts(doc, rule, options))
    return FileResult(path, (), facts, silenced, own=False)


def _problem(path: str, code: str, severity: Severity, finding: Finding, doc: Document) -> Problem:
    position = finding.position or doc.locate(finding.pointer)
    return Problem(
        path,
        position.line,
        position.column,
        code,
        severity,
        finding.message,
        finding.pointer,
        finding.fix,
    )


def _facts(doc: Document, rule: Rule, options: object) -> Iterator[Fact]:
    assert rule.collect is not None
    for key, finding in rule.collect(doc, options):
        position = finding.position or doc.locate(finding.pointer)
        yield Fact(rule.id, key, finding.message, finding.pointer, position.line, position.column)


def finish(results: Iterable[FileResult], config: Config) -> list[Problem]:
    """All problems of a run, project rules included, sorted by file and place."""
    problems: list[Problem] = []
    results = list(results)
    groups: dict[tuple[str, str], list[tuple[FileResult, Fact]]] = defaultdict(list)
    if all(result.own for result in results):  # the whole tree: every key may make one
        for result in results:
            problems.extend(result.problems)
            for fact in result.facts:
                groups[(fact.rule, fact.key)].append((result, fact))
    else:
        # Only the keys of the reported files can make a problem: a hook's run reports one
        # file of 10,000, and grouping the others' facts by every key would be most of its
        # work.
        wanted = {(f.rule, f.key) for result in results if result.own for f in result.facts}
        for result in results:
            if result.own:
                problems.extend(result.problems)
            for fact in result.facts:
                if (fact.rule, fact.key) in wanted:
                    groups[(fact.rule, fact.key)].append((result, fact))
    rules = registry()
    for (rule_id, key), members in groups.items():
        if len(members) < 2 or len({result.path for result, _ in members}) < 2:
            continue
        problems.extend(_shared(rules[rule_id], key, members, config))
    return sorted(problems)


def _shared(
    rule: Rule, key: str, members: list[tuple[FileResult, Fact]], config: Config
) -> Iterator[Problem]:
    assert rule.message is not None
    severity = config.severity_of(rule)
    paths = sorted({result.path for result, _ in members})
    for result, fact in members:
        others = [path for path in paths if path != result.path]
        problem = Problem(
            result.path,
            fact.line,
            fact.column,
            rule.id,
            severity,
            rule.message(fact.label, others),
            fact.pointer,
        )
        if result.own and not result.suppressions.silences(problem):
            yield problem


def lint_text(text: str, path: str, config: Config | None = None) -> list[Problem]:
    """Lint one file's text as if it were at ``path`` (no cross-file rules)."""
    config = config or Config()
    return finish([lint_bytes(path, text.encode("utf-8"), config)], config)
