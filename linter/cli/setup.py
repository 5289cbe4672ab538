"""The first hour: ``article-lint init`` drafts a schema and a configuration from a folder,
``article-lint fields`` shows which rules look at which fields of the schema in use."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from linter import config as config_module
from linter.engine import discovery, runner, survey
from linter.fields import FieldMap
from linter.guard import fsguard
from linter.rules import registry

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
    """Survey ``args.path`` and write the draft schema and configuration into ``args.output``."""
    folder = Path(args.path)
    if not folder.is_dir():
        raise config_module.ConfigError(f"init surveys a folder of articles; {folder} is not one")
    output = Path(args.output)
    targets = [output / SCHEMA_FILE, output / config_module.CONFIG_FILE]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not args.force:
        raise config_module.ConfigError(
            f"{', '.join(existing)} already exists; pass --force to replace it"
        )
    config = config_module.Config(root=folder.resolve())
    found = survey.survey(_documents(folder, config), survey.generator(folder.resolve()))
    if found.files == 0:
        raise discovery.NothingToLint(str(folder))
    draft = found.schema(f"Front matter of {folder.resolve().name}")
    output.mkdir(parents=True, exist_ok=True)
    targets[0].write_text(json.dumps(draft, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    targets[1].write_text(survey.configuration(found, SCHEMA_FILE), encoding="utf-8")
    fields = len(found.fields)
    out.write(
        f"surveyed {found.files} files ({fields} fields, dates written as {found.dialect()})\n"
        f"wrote {targets[0]} and {targets[1]}\n"
        f"next: article-lint {folder}   (then tighten the schema; 'article-lint fields' shows"
        " which rules look where)\n"
    )
    return 0


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
