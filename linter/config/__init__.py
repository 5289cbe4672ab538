"""Configuration: ``.article-lint.toml`` or ``[tool.article-lint]`` in ``pyproject.toml``.

Each file is judged by the nearest configuration above it, as ruff and remark find theirs
(``Configs``); ``--config PATH`` makes one file judge them all.
Every key, rule id and option value is checked: a mistake is a ``ConfigError`` (exit 2),
never silently ignored.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from linter import globs
from linter.config import linksettings
from linter.config.linksettings import LinkControls
from linter.fields import DIALECTS
from linter.model import Severity
from linter.rules import Check, Rule, registry

CONFIG_FILE = ".article-lint.toml"
CONFIG_BYTES = 1024 * 1024  # a configuration is a few lines; a larger file is not one
# Hosts the online checks may reach although not public: from the run's environment only.
ALLOW_HOSTS_ENV = "ARTICLE_LINT_ALLOW_HOSTS"
DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.mdx")
# Walked too, but linted only when they start with front matter (Jekyll pages): an HTML file
# without it is a plain page, not an article missing its fields.
DEFAULT_INCLUDE_IF_FRONT_MATTER = ("*.html",)
DEFAULT_EXCLUDE: tuple[str, ...] = ()


_DEFAULT_OPTIONS: dict[type[Any], Any] = {}


_Step = tuple[Rule, Check, Severity, Any]  # a check with its severity and options


class Plan(NamedTuple):
    """The rules of a file: its checks, its collectors (project rules), and every rule it
    enables by id with its severity (for the findings of the stages)."""

    checks: tuple[_Step, ...]
    collectors: tuple[tuple[Rule, Any], ...]
    enabled: Mapping[str, tuple[Rule, Severity]]


@functools.lru_cache(maxsize=256)
def _plan(
    select: frozenset[str] | None,
    ignored: frozenset[str],
    severity: tuple[tuple[str, Severity], ...],
    options: tuple[tuple[str, Any], ...],
) -> Plan:
    """What runs on a file, by the rules enabled there: worked out once per run, not per file
    (a pure function of hashable settings, so ``Config`` itself stays immutable)."""
    severities, chosen = dict(severity), dict(options)
    rules = [rule for rule_id, rule in registry().items() if rule_id not in ignored]
    if select is not None:
        rules = [rule for rule in rules if rule.id in select]

    def options_for(rule: Rule) -> Any:
        return chosen.get(rule.id) or _default_options(rule.options)

    return Plan(
        tuple(
            (rule, rule.check, severities.get(rule.id, rule.severity), options_for(rule))
            for rule in rules
            if rule.check is not None
        ),
        tuple((rule, options_for(rule)) for rule in rules if rule.collect is not None),
        {rule.id: (rule, severities.get(rule.id, rule.severity)) for rule in rules},
    )


def _default_options(options: type[Any]) -> Any:
    found = _DEFAULT_OPTIONS.get(options)
    if found is None:
        found = _DEFAULT_OPTIONS[options] = options()
    return found


class ConfigError(Exception):
    """The configuration or the command line asks for something that does not exist."""


@dataclass(frozen=True)
class SchemaChoice:
    """Use ``schema`` for the files matching ``files``."""

    files: tuple[str, ...]
    schema: Path


@dataclass(frozen=True)
class Config:
    """What to check and how; built once per run, read by every stage."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    include_if_front_matter: tuple[str, ...] = DEFAULT_INCLUDE_IF_FRONT_MATTER
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    # Apply exclude (and .gitignore) to files named on the command line too.
    force_exclude: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)
    schema: Path | None = None
    schemas: tuple[SchemaChoice, ...] = ()
    online: Mapping[str, float] = field(default_factory=dict)
    # [online] exclude/accept/headers/remap; header values not yet read from the environment.
    links: LinkControls = linksettings.NO_CONTROLS
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    # How the site writes dates (linter.validation.dates) and, per kind of field, the patterns
    # added to and removed from what the schema says ([fields]).
    date_dialect: str = "rfc3339"
    field_changes: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()
    # Whether a schema's remote $ref may be fetched, and which non-public hosts it may reach:
    # ``None`` (no fetching) unless the command line says --online, never a file.
    remote_refs: tuple[str, ...] | None = None

    def rules_for(self, path: str) -> list[Rule]:
        """The rules that apply to the file at ``path`` (as given or found)."""
        return [rule for rule, _ in self.plan_for(path).enabled.values()]

    def plan_for(self, path: str) -> Plan:
        """The rules for ``path`` with their severities and options, ready to run."""
        return _plan(
            self.select,
            self._ignored(path),
            tuple(self.severity.items()),
            tuple(self.options.items()),
        )

    def _ignored(self, path: str) -> frozenset[str]:
        ignored = self.ignore
        if self.per_file_ignores:
            relative = self.relative(path)
            for pattern, ids in self.per_file_ignores:
                if globs.matches(pattern, relative):
                    ignored = ignored | ids
        return ignored

    def severity_of(self, rule: Rule) -> Severity:
        return self.severity.get(rule.id, rule.severity)

    def options_for(self, rule: Rule) -> Any:
        return self.options.get(rule.id) or _default_options(rule.options)

    @property
    def walked(self) -> tuple[str, ...]:
        """Every glob a folder's walk lints files by."""
        return self.include + self.include_if_front_matter

    def needs_front_matter(self, path: str) -> bool:
        """Whether ``path`` is linted only if it has front matter (``include-if-front-matter``)."""
        if not self.include_if_front_matter:
            return False
        if globs.matches_any(self.include, self.relative(path)):
            return False
        return globs.matches_any(self.include_if_front_matter, self.relative(path))

    def schema_for(self, path: str) -> Path | None:
        """The schema for ``path``: the first ``[[schemas]]`` entry that matches, else the default."""
        if not self.schemas:
            return self.schema
        relative = self.relative(path)
        for choice in self.schemas:
            if globs.matches_any(choice.files, relative):
                return choice.schema
        return self.schema

    @functools.cached_property
    def schema_family(self) -> tuple[Path, ...]:
        """Every schema file the configuration names (they may refer to each other)."""
        paths = [self.schema, *(choice.schema for choice in self.schemas)]
        return tuple(sorted({path for path in paths if path is not None}))

    def relative_real(self, real: str) -> str:
        """``real`` (an absolute path with its links resolved, as a walk has it) relative to
        the configuration's folder, for globs: no system call, unlike ``relative``."""
        root = str(self.root)
        if real.startswith(root.rstrip("/") + "/"):
            return real[len(root.rstrip("/")) + 1 :]
        return self.relative(real)

    def relative(self, path: str) -> str:
        """``path`` relative to the configuration's folder, ``/``-separated, for globs."""
        folder, name = os.path.split(path)
        inside = _folder_under(self.root, os.getcwd(), folder)
        if inside is None:  # outside the configuration's folder: the path as given
            return PurePosixPath(Path(path).as_posix()).as_posix().lstrip("./")
        return f"{inside}/{name}" if inside else name

    def fingerprint(self) -> str:
        """A stable text naming everything that can change a file's problems (cache key)."""
        return repr(
            (
                sorted(self.select) if self.select is not None else None,
                sorted(self.ignore),
                sorted((k, v.value) for k, v in self.severity.items()),
                self.per_file_ignores,
                sorted((k, repr(v)) for k, v in self.options.items()),
                str(self.schema),
                self.schemas,
                self.remote_refs,
                self.include,  # which files need front matter (include-if-front-matter)
                self.include_if_front_matter,
                self.date_dialect,
                self.field_changes,
            )
        )


@functools.lru_cache(maxsize=4096)
def _folder_under(root: Path, cwd: str, folder: str) -> str | None:
    """``folder`` (from ``cwd``, links resolved) relative to ``root``; ``None`` outside it.

    Cached: globs ask this for every file, and resolving a path costs a system call per part.
    """
    try:
        relative = (Path(cwd) / folder).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else relative


def find_config(start: Path) -> Path | None:
    """The nearest ``.article-lint.toml``, or ``pyproject.toml`` with our table, upward."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "article-lint" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def work_tree(folder: str) -> str | None:
    """The git work tree ``folder`` lies in, if any."""
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


class Configs:
    """The configuration of every folder: the nearest configuration file above it.

    ``fixed`` (``--config``) judges every file instead. ``adjust`` applies the command line
    (``--select``, ``--schema``...) to each configuration loaded. A folder without any
    configuration above it gets the defaults, rooted at its git work tree (its project). Each
    file is loaded once, so files judged by one configuration share one ``Config`` object.
    """

    def __init__(
        self, adjust: Callable[[Config], Config] = lambda config: config, fixed: Path | None = None
    ) -> None:
        self._adjust = adjust
        self._fixed: Config | None = adjust(load(fixed)) if fixed is not None else None
        self._by_folder: dict[str, Config] = {}
        self._by_file: dict[str, Config] = {}
        self._defaults: dict[str, Config] = {}

    @classmethod
    def one(cls, config: Config) -> Configs:
        """``config`` for every file, whatever configuration files the folders hold."""
        configs = cls()
        configs._fixed = config
        return configs

    def for_folder(self, folder: str) -> Config:
        """The configuration of the files of ``folder`` (an absolute path)."""
        if self._fixed is not None:
            return self._fixed
        climbed = []
        current = folder
        while current not in self._by_folder:
            climbed.append(current)
            found = self._in(current, None)
            if found is not None:
                break
            parent = os.path.dirname(current)
            if parent == current:
                tree = work_tree(folder)
                found = self._default(tree)
                break
            current = parent
        else:
            found = self._by_folder[current]
        for passed in climbed:
            self._by_folder[passed] = found
        return found

    def in_folder(self, folder: str, names: Collection[str]) -> Config | None:
        """The configuration that a file among ``names`` (a walked folder's files) makes for
        ``folder`` and below, if one does: the walk meets configurations without a lookup."""
        if self._fixed is not None or not (CONFIG_FILE in names or "pyproject.toml" in names):
            return None
        found = self._in(folder, names)
        if found is not None:
            self._by_folder[folder] = found
        return found

    def _in(self, folder: str, names: Collection[str] | None) -> Config | None:
        for name in (CONFIG_FILE, "pyproject.toml"):
            if names is not None and name not in names:
                continue
            candidate = Path(folder) / name
            if not os.path.lexists(candidate) or candidate.is_dir():
                continue
            if name == "pyproject.toml" and "article-lint" not in _read_toml(candidate).get(
                "tool", {}
            ):
                continue
            key = str(candidate)
            if key not in self._by_file:
                self._by_file[key] = self._adjust(load(candidate))
            return self._by_file[key]
        return None

    def _default(self, tree: str | None) -> Config:
        key = tree or ""
        if key not in self._defaults:
            root = Path(tree) if tree is not None else Path.cwd()
            self._defaults[key] = self._adjust(Config(root=root))
        return self._defaults[key]


def load(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Read the configuration at ``path``, or the one found from ``start`` (the cwd)."""
    path = path or find_config(start or Path.cwd())
    if path is None:
        return Config()
    table = _read_toml(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("article-lint", {})
    return from_table(table, root=path.parent.resolve(), source=path)


def schemas_as_written(config: Config) -> list[str]:
    """The schemas a configuration file names, joined to its folder as written: ``..`` and
    links not resolved (a rerun's record looks at each part of the way to them)."""
    if config.source is None:
        return []
    table = _read_toml(config.source)
    if config.source.name == "pyproject.toml":
        table = table.get("tool", {}).get("article-lint", {})
    entries = table.get("schemas", [])
    values = [
        table.get("schema"),
        *(
            e.get("schema")
            for e in (entries if isinstance(entries, list) else [])
            if isinstance(e, dict)
        ),
    ]
    return [os.path.join(config.root, value) for value in values if isinstance(value, str)]


def _read_toml(path: Path) -> dict[str, Any]:
    # Here: most runs have no configuration file.
    from linter.guard import fsguard
    from linter.reading import tomlmatter

    try:
        # Read as an article is: a regular file of its folder, bounded, never a FIFO waited on.
        data = fsguard.read_article(str(path), os.path.realpath(path.parent), CONFIG_BYTES)
        text = data.decode("utf-8")
    except fsguard.NotReadable as error:
        raise ConfigError(f"cannot read {path}: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
    # Parsed as TOML front matter is: its depth bounded before tomllib (quadratic in it) runs.
    parsed = tomlmatter.parse(text, first_line=1)
    if parsed.findings:
        _, finding = parsed.findings[0]
        where = f"{path}:{finding.position.line}" if finding.position else str(path)
        raise ConfigError(f"{where}: {finding.message}")
    if not isinstance(parsed.data, dict):
        raise ConfigError(f"{path} is not valid TOML")
    return parsed.data


_KEYS = {
    "online",
    "select",
    "ignore",
    "per-file-ignores",
    "severity",
    "include",
    "include-if-front-matter",
    "exclude",
    "force-exclude",
    "rules",
    "schema",
    "schemas",
    "date-dialect",
    "fields",
}

# The kinds of field of [fields], by their key: FieldMap's fields.
FIELD_KINDS = {
    "dates": "dates",
    "publication-dates": "publication_dates",
    "urls": "urls",
    "images": "images",
    "texts": "texts",
}


def from_table(table: Mapping[str, Any], *, root: Path, source: Path | None = None) -> Config:
    """Build a ``Config`` from a parsed TOML table, checking every key and value."""
    where = str(source) if source else "configuration"
    if "allow-hosts" in table:
        # The tree under review writes this file: it must not widen what the network may reach.
        raise ConfigError(
            f"{where}: allow-hosts cannot be set in a configuration file, which the tree under"
            " review can write; pass --allow-host on the command line or set"
            f" {ALLOW_HOSTS_ENV} in the environment of the run"
        )
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r}; expected one of {', '.join(sorted(_KEYS))}"
        )
    select = table.get("select")
    return Config(
        select=_selection(select, f"{where}: select") if select is not None else None,
        ignore=frozenset(rule_ids(table.get("ignore", []), f"{where}: ignore")),
        severity=_severities(table.get("severity", {}), where),
        per_file_ignores=_per_file_ignores(table.get("per-file-ignores", {}), where),
        include=tuple(_strings(table.get("include", list(DEFAULT_INCLUDE)), f"{where}: include")),
        include_if_front_matter=tuple(
            _strings(
                table.get("include-if-front-matter", list(DEFAULT_INCLUDE_IF_FRONT_MATTER)),
                f"{where}: include-if-front-matter",
            )
        ),
        exclude=tuple(_strings(table.get("exclude", []), f"{where}: exclude")),
        force_exclude=_boolean(table.get("force-exclude", False), f"{where}: force-exclude"),
        options=_rule_options(table.get("rules", {}), where),
        schema=_schema_path(table.get("schema"), root, where, confine=source is not None),
        schemas=_schema_choices(table.get("schemas", []), root, where, confine=source is not None),
        online=_online(table.get("online", {}), where),
        links=_link_controls(table.get("online", {}), root, where),
        date_dialect=_dialect(table.get("date-dialect", "rfc3339"), where),
        field_changes=_field_changes(table.get("fields", {}), where),
        root=root,
        source=source,
    )


def with_overrides(
    config: Config,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    schema: Path | None = None,
) -> Config:
    """The configuration with the command line's ``--select``, ``--ignore``, ``--schema``."""
    changes: dict[str, Any] = {}
    if select is not None:
        changes["select"] = _selection(select, "--select")
    if ignore:
        changes["ignore"] = config.ignore | frozenset(rule_ids(ignore, "--ignore"))
    if schema is not None:
        changes["schema"] = schema
        changes["schemas"] = ()
    return dataclasses.replace(config, **changes)


def _selection(value: Any, where: str) -> frozenset[str]:
    """The rules of ``select``: at least one, since a run that checks nothing passes all."""
    selected = frozenset(rule_ids(value, where))
    if not selected:
        raise ConfigError(f"{where} names no rule, so nothing would be checked; expected rule ids")
    return selected


def rule_ids(value: Any, where: str) -> list[str]:
    """Check a list of rule ids (comma-separated text is accepted on the command line)."""
    items = _strings(value, where)
    ids = [part.strip() for item in items for part in item.split(",") if part.strip()]
    known = registry()
    for rule_id in ids:
        if rule_id not in known:
            raise ConfigError(f"{where}: unknown rule {rule_id!r}{_hint(rule_id, list(known))}")
    return ids


def _hint(name: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else "; see 'article-lint rules'"


def _boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where} must be true or false (got {value!r})")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} must be a list of strings (got {value!r})")
    return list(value)


def _severities(table: Any, where: str) -> dict[str, Severity]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: severity must be a table of rule id = severity")
    out: dict[str, Severity] = {}
    for rule_id, level in table.items():
        rule_ids([rule_id], f"{where}: severity")
        try:
            out[rule_id] = Severity(level)
        except ValueError:
            raise ConfigError(
                f"{where}: severity of {rule_id!r} must be 'error', 'warning' or 'info' (got {level!r})"
            ) from None
    return out


def _per_file_ignores(table: Any, where: str) -> tuple[tuple[str, frozenset[str]], ...]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: per-file-ignores must be a table of glob = [rule ids]")
    return tuple(
        (pattern, frozenset(rule_ids(ids, f"{where}: per-file-ignores {pattern!r}")))
        for pattern, ids in table.items()
    )


def _rule_options(table: Any, where: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: rules must be a table of [rules.<rule-id>] tables")
    out: dict[str, Any] = {}
    for rule_id, values in table.items():
        rule_ids([rule_id], f"{where}: rules")
        out[rule_id] = make_options(registry()[rule_id], values, f"{where}: rules.{rule_id}")
    return out


def make_options(rule: Rule, values: Any, where: str) -> Any:
    """The rule's options dataclass from a TOML table with kebab-case keys, type-checked."""
    if not isinstance(values, dict):
        raise ConfigError(f"{where} must be a table of options")
    fields = {f.name.replace("_", "-"): f for f in dataclasses.fields(rule.options)}
    defaults = rule.options()
    kwargs: dict[str, Any] = {}
    for key, given in values.items():
        value = tuple(given) if isinstance(given, list) else given  # options are frozen
        if key not in fields:
            expected = ", ".join(sorted(fields)) or "no options"
            raise ConfigError(f"{where}: unknown option {key!r}; expected {expected}")
        default = getattr(defaults, fields[key].name)
        if isinstance(value, tuple) and not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{where}: option {key!r} must be a list of strings")
        if type(value) is not type(default) and not (
            isinstance(default, float) and type(value) is int
        ):
            raise ConfigError(
                f"{where}: option {key!r} must be {type(default).__name__} (got {value!r})"
            )
        kwargs[fields[key].name] = value
    try:
        return rule.options(**kwargs)
    except ValueError as error:
        raise ConfigError(f"{where}: {error}") from None


def _online(table: Any, where: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: online must be a table of settings")
    return {
        key: online_setting(key, value, f"{where}: online")
        for key, value in table.items()
        if key not in linksettings.CONTROL_KEYS
    }


def _link_controls(table: dict[str, Any], root: Path, where: str) -> LinkControls:
    try:
        return LinkControls(
            exclude=linksettings.exclude_patterns(table.get("exclude", [])),
            accept=linksettings.status_codes(table.get("accept", [])),
            headers=linksettings.header_table(table.get("headers", {})),
            remap=linksettings.remap_table(table.get("remap", {}), root, confine=True),
        )
    except ValueError as error:
        raise ConfigError(f"{where}: online: {error}") from None


def online_setting(key: str, value: Any, where: str) -> float:
    """Check one online setting (from the configuration or the command line)."""
    try:
        return linksettings.check(key, value)
    except ValueError as error:
        raise ConfigError(f"{where}: {error}") from None


def _dialect(value: Any, where: str) -> str:
    if value not in DIALECTS:
        raise ConfigError(
            f"{where}: date-dialect must be one of {', '.join(DIALECTS)} (got {value!r})"
        )
    return str(value)


def _field_changes(
    table: Any, where: str
) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """``[fields]``: per kind, a list (these patterns only) or ``{add = [...], remove = [...]}``."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: fields must be a table of kind = patterns")
    changes = []
    for key, value in table.items():
        kind = FIELD_KINDS.get(key)
        if kind is None:
            raise ConfigError(
                f"{where}: fields: unknown kind {key!r}; expected one of {', '.join(FIELD_KINDS)}"
            )
        if isinstance(value, dict):
            unknown = set(value) - {"add", "remove"}
            if unknown:
                raise ConfigError(f"{where}: fields.{key}: expected 'add' and 'remove' lists")
            added = _patterns(value.get("add", []), f"{where}: fields.{key}.add")
            removed = _patterns(value.get("remove", []), f"{where}: fields.{key}.remove")
            changes.append((kind, added, removed))
        else:
            # A list replaces what the schema says: remove everything ("*"), add these.
            changes.append((kind, _patterns(value, f"{where}: fields.{key}"), ("*",)))
    return tuple(changes)


def _patterns(value: Any, where: str) -> tuple[str, ...]:
    patterns = _strings(value, where)
    for pattern in patterns:
        if not pattern.startswith("/"):
            raise ConfigError(
                f"{where}: {pattern!r} is not a field pattern; expected a JSON pointer such as "
                "'/date' or '/images/*/url' ('*' for every item of a list)"
            )
    return tuple(patterns)


def _schema_path(value: Any, root: Path, where: str, *, confine: bool) -> Path | None:
    """A schema the configuration names; ``confine``: a configuration file's, which the tree
    under review writes, must lie in its project (its folder, or the git work tree around
    it). ``--schema`` on the command line may name any."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: schema must be a path (got {value!r})")
    path = (root / value).resolve()
    tree = work_tree(str(root))
    if confine and not any(
        path.is_relative_to(Path(folder).resolve()) for folder in (root, tree) if folder
    ):
        raise ConfigError(
            f"{where}: schema {value!r} is outside the project ({path}); a configuration"
            " names schemas inside its folder or its git work tree (use --schema for others)"
        )
    return path


def _schema_choices(
    entries: Any, root: Path, where: str, *, confine: bool
) -> tuple[SchemaChoice, ...]:
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: schemas must be an array of tables ([[schemas]])")
    out: list[SchemaChoice] = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"files", "schema"}:
            raise ConfigError(f"{where}: each [[schemas]] entry needs exactly 'files' and 'schema'")
        files = tuple(_strings(entry["files"], f"{where}: schemas.files"))
        path = _schema_path(entry["schema"], root, where, confine=confine)
        assert path is not None
        out.append(SchemaChoice(files, path))
    return tuple(out)
