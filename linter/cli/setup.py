"""The first hour: ``article-lint init`` drafts a schema and a configuration from a folder,
``article-lint fields`` shows which rules look at which fields of the schema in use."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any, TextIO

from linter import config as config_module
from linter.engine import discovery, runner, survey
from linter.fields import FieldMap
from linter.guard import fsguard
from linter.rules import name_files, registry

SCHEMA_FILE = "article.schema.json"
_KINDS = (
    ("dates", "dates"),
    ("publication_dates", "publication dates"),
    ("urls", "urls"),
    ("images", "images"),
    ("texts", "texts"),
    ("strings", "strings"),
)


def init(args: argparse.Namespace, out: TextIO) -> int:
    """Survey ``args.path`` and write the draft schema and configuration into ``args.output``.

    The configuration keeps the walk inside the surveyed folder. Run again on the same
    articles, ``init`` writes the same two files: it says so and changes nothing.
    """
    folder = Path(args.path)
    if not folder.is_dir():
        raise config_module.ConfigError(f"init surveys a folder of articles; {folder} is not one")
    output = Path(args.output)
    try:
        scope = folder.resolve().relative_to(output.resolve()).as_posix()
    except ValueError:
        raise config_module.ConfigError(
            f"--output {output} must be the surveyed folder {folder} or a folder above it: "
            "the configuration is found by searching upward from where you lint"
        ) from None
    targets = [output / SCHEMA_FILE, output / config_module.CONFIG_FILE]
    config = config_module.Config(root=folder.resolve())
    site = survey.recognise(folder.resolve())
    found = survey.survey(_documents(folder, config), site=site)
    if found.files == 0:
        raise discovery.NothingToLint(str(folder))
    excluded = _not_articles(found, folder, output)
    draft = found.schema(f"Front matter of {folder.resolve().name}")
    texts = [
        json.dumps(draft, indent=2, ensure_ascii=False) + "\n",
        survey.configuration(found, SCHEMA_FILE, scope, excluded),
    ]
    # A link counts as a file there (a dangling one too): it is replaced, never written through.
    existing = [t for t in targets if os.path.lexists(t)]
    same = all(_current(t) == x for t, x in zip(targets, texts, strict=True))
    if existing and not same and not args.force:
        raise config_module.ConfigError(
            f"{', '.join(map(str, existing))} already exists; pass --force to replace it"
        )
    fields = len(found.fields)
    described = f", a {site.name} site" if site is not None else ""
    out.write(
        f"surveyed {found.files} files ({fields} fields, dates written as {found.dialect()}"
        f"{described})\n"
    )
    for name, lacking in found.nearly_required():
        out.write(
            f"not required: {name!r} is in {found.files - len(lacking)} of {found.files} files;"
            f" missing in {name_files(lacking)}\n"
        )
    for path in excluded:
        out.write(f"excluded: {path} (no front matter, and no article beside it)\n")
    repeated = found.repeated_titles()
    if repeated:
        out.write(
            f"duplicate-title left off: {len(repeated)} titles are shared by several files"
            f" (such as {repeated[0][0]!r})\n"
        )
    if same:
        out.write(f"unchanged: {targets[0]} and {targets[1]} already say this\n")
    else:
        for target, text in zip(targets, texts, strict=True):
            try:
                fsguard.write_file(str(target), text.encode("utf-8"), create=True)
            except OSError as error:
                raise config_module.ConfigError(
                    f"cannot write {target}: {(error.strerror or str(error)).lower()}"
                ) from None
        out.write(f"wrote {targets[0]} and {targets[1]}\n")
    out.write(
        f"next: article-lint {folder}   (then tighten the schema; 'article-lint fields' shows"
        " which rules look where)\n"
    )
    return 0


def _current(path: Path) -> str | None:
    """The text of the file ``init`` would write, if it is one (read as an article is: a
    regular file of its folder, so a link to ``/dev/zero`` is not followed)."""
    try:
        data = fsguard.read_article(str(path), os.path.realpath(path.parent))
    except fsguard.NotReadable:
        return None
    return data.decode("utf-8", "replace")


def _not_articles(found: survey.Survey, folder: Path, output: Path) -> list[str]:
    """Files without front matter in folders that hold no article, relative to ``output``."""
    beside = {Path(path).parent for path in found.paths}
    base = output.resolve()
    return sorted(
        (folder.resolve() / Path(path).relative_to(folder)).relative_to(base).as_posix()
        if _under(Path(path), folder)
        else path
        for path in found.without
        if Path(path).parent not in beside and path.endswith(_ALWAYS_WALKED)
    )


# A file of these kinds without front matter is an error; an .html one is skipped anyway.
_ALWAYS_WALKED = (".md", ".markdown", ".mdx")


def _under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _documents(folder: Path, config: config_module.Config) -> Any:
    for found in discovery.discover([str(folder)], config):
        try:
            yield runner.read(found.name, discovery.read(found), config)
        except fsguard.NotReadable:
            continue


def fields(args: argparse.Namespace, config: config_module.Config, out: TextIO) -> int:
    """Which rules look at which fields of the schema that applies to ``args.path``."""
    from linter.validation import schema

    path = args.path or "article.md"
    schema_path = config.schema_for(path)
    field_map = runner.fields_for(path, config)
    readers: dict[str, list[str]] = {kind: [] for kind, _ in _KINDS}
    for rule in config.rules_for(path):
        for kind in rule.reads:
            readers[kind].append(rule.id)
    shown = str(schema_path) if schema_path else f"{schema.bundled_schema_path()} (the bundled one)"
    if args.format == "json":
        listing = {
            "schema": str(schema_path) if schema_path else None,
            "date-dialect": field_map.dialect,
            "kinds": {
                kind: {"fields": _patterns(field_map, kind), "rules": readers[kind]}
                for kind, _ in _KINDS
            },
            "identity": _identity(config, path),
        }
        out.write(json.dumps(listing, indent=2) + "\n")
        return 0
    out.write(f"schema: {shown}\ndates are read as: {field_map.dialect}\n")
    for kind, title in _KINDS:
        out.write(f"\n{title}: {', '.join(_patterns(field_map, kind)) or '(none)'}\n")
        out.write(f"  checked by: {', '.join(readers[kind]) or '(no rule)'}\n")
    for rule_id, described in _identity(config, path).items():
        out.write(f"\n{rule_id}: {described}\n")
    return 0


def _patterns(field_map: FieldMap, kind: str) -> list[str]:
    if kind == "images":
        return [f"{i.pattern} (url: {i.url or 'url/src/href'})" for i in field_map.images]
    return list(getattr(field_map, kind))


def _identity(config: config_module.Config, path: str) -> dict[str, str]:
    """The cross-file rules' fields and scope."""
    described = {}
    for rule_id in ("duplicate-url", "duplicate-title"):
        rule = registry()[rule_id]
        if rule in config.rules_for(path):
            options = config.options_for(rule)
            fields = ", ".join(options.fields) or (
                "/title under the bundled schema; none under yours (set fields to compare)"
            )
            described[rule_id] = f"{fields} (scope: {options.scope})"
    return described
