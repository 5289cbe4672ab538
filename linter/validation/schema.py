"""Validate front matter against a JSON Schema and explain each error at its field.

One engine for every schema, the bundled one included. The schema is loaded once per run and
compiled by jsonschema-rs, which gives each document its verdict; most articles are valid, so
that is all most of them cost. A document it rejects goes through python-jsonschema, the
reference, which finds every error and explains it, so messages do not depend on the fast
engine. Both engines are given the same things: the format checks of
:mod:`linter.validation.formats` (the bundled format) or :mod:`linter.validation.jsonformats`
and the site's date dialect (a user's schema), every other format left unchecked; the
resources that :mod:`linter.validation.references` read (jsonschema-rs reads no file and no
address itself); regular expressions run by a linear engine (jsonschema-rs's regex, for
the reference too). The JSON-Schema-Test-Suite runs through this path (tests/jsonsuite.py).
Each jsonschema error becomes a ``(rule id, Finding)`` pair: a lookup table names the rule by
keyword, and a message builder per keyword says what was found and what was expected.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.fields import BUNDLED, FieldMap
from linter.model import Document, Finding, Replacement, display_path, pointer_join

if TYPE_CHECKING:  # jsonschema is imported only when a document has errors to explain
    import jsonschema
    import jsonschema_rs
    from jsonschema.exceptions import ValidationError

    from linter.validation.inputs import Question

DEFAULT_SCHEMA = "article.schema.json"

Reported = tuple[str, Finding]

# The formats jsonschema-rs checks of itself. Each is given the project's own check, or one
# that accepts everything: the reference asserts exactly the checks it is given, so must the
# fast engine (tests/test_schema.py finds any format jsonschema-rs adds).
RS_FORMATS = (
    "date",
    "date-time",
    "duration",
    "email",
    "hostname",
    "idn-email",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "iri",
    "iri-reference",
    "json-pointer",
    "regex",
    "relative-json-pointer",
    "time",
    "uri",
    "uri-reference",
    "uri-template",
    "uuid",
)
# A pattern that needs backtracking (look-around, back-references) gives up after this many
# steps, in both engines: linear time for the rest, bounded time for those.
BACKTRACK_LIMIT = 100_000


class SchemaError(Exception):
    """The schema itself cannot be used: missing, not JSON, or not a valid JSON Schema."""


def bundled_schema_path() -> Path:
    """Where the bundled article schema is: inside the installed package, else the checkout."""
    from linter.validation.inputs import files

    package = Path(__file__).resolve().parents[1]  # linter/
    packaged = package / "schemas" / DEFAULT_SCHEMA  # the wheel's copy
    if files.is_file(str(packaged)):
        return packaged
    # Running from a checkout (or an editable install): schemas/ sits beside linter/.
    return package.parent / "schemas" / DEFAULT_SCHEMA


class Validator:
    """One schema's engines: jsonschema-rs's compiled verdict, and the jsonschema reference.

    ``fast`` is ``None`` only where jsonschema-rs cannot compile the schema (a regular
    expression it does not support, say); the reference then judges alone. ``standard``
    says which format checks apply: the specifications' (``linter.validation.jsonformats``)
    for a user's schema, the bundled format's stricter ones else.
    """

    def __init__(
        self,
        schema: dict[str, Any],
        fast: Callable[[Any], bool] | None,
        reference: Callable[[], jsonschema.protocols.Validator],
        *,
        standard: bool,
        fields: Callable[[], FieldMap] = lambda: BUNDLED,
        dialect: str = "rfc3339",
    ) -> None:
        self._given = (schema, fast)
        # Every question its load asked of the file system, with its answer's digest: what a
        # cached result depends on, and what a later run asks again instead of loading.
        self.questions: tuple[Question, ...] = ()
        self.standard = standard
        self.dialect = dialect
        self._make_reference = reference
        self._make_fields = fields
        self._build: Callable[[], Validator] | None = None

    @classmethod
    def deferred(
        cls, build: Callable[[], Validator], fields: FieldMap, *, standard: bool, dialect: str
    ) -> Validator:
        """A validator whose fields are known and whose schema is loaded (``build``) only
        when a document is validated: a run whose files the cache answers, or that reads
        another file for its facts (a hook's), never loads it."""
        validator = cls({}, None, _built_by_load, standard=standard, dialect=dialect)
        validator._build = build
        validator.__dict__["fields"] = fields  # functools.cached_property's own slot
        return validator

    @functools.cached_property
    def _loaded(self) -> Validator | None:
        """The validator ``deferred`` put off building, built now; ``None`` for the others."""
        return None if self._build is None else self._build()

    @property
    def schema(self) -> dict[str, Any]:
        loaded = self._loaded
        return self._given[0] if loaded is None else loaded.schema

    @property
    def fast(self) -> Callable[[Any], bool] | None:
        loaded = self._loaded
        return self._given[1] if loaded is None else loaded.fast

    @functools.cached_property
    def fields(self) -> FieldMap:
        """Where the schema puts dates, URLs, images and texts (``linter.validation.fieldmap``)."""
        fields = self._make_fields()
        return fields if fields.dialect == self.dialect else fields._replace(dialect=self.dialect)

    @functools.cached_property
    def reference(self) -> jsonschema.protocols.Validator:
        loaded = self._loaded
        return self._make_reference() if loaded is None else loaded.reference

    def is_valid(self, data: Any) -> bool:
        """The fast verdict (the reference's when there is no fast path)."""
        if self.fast is not None:
            try:
                return self.fast(data)
            except (ValueError, TypeError, OverflowError):
                pass  # a value jsonschema-rs cannot take (a key that is not a string)
        try:
            return bool(self.reference.is_valid(data))
        except RecursionError:
            return False  # explained by validate()


def _built_by_load() -> jsonschema.protocols.Validator:
    raise AssertionError("a deferred validator's reference is its loaded validator's")


@functools.lru_cache(maxsize=16)
def load_validator(
    path: Path | None = None,
    *,
    family: tuple[Path, ...] = (),
    remote: tuple[str, ...] | None = None,
    dialect: str = "rfc3339",
) -> Validator:
    """Read and check a schema, and build its validators (once per schema file).

    ``path``: a JSON or YAML file, or a JSON pointer into one (``config.json#/schema``);
    ``None`` for the bundled schema.
    ``family``: the other schema files of the configuration, which this one may refer to.
    ``remote``: ``None``, or the non-public hosts that a remote ``$ref`` may be fetched from
    (``--online`` allows fetching from public addresses, ``--allow-host`` adds these).
    ``dialect``: how a user's schema's ``date-time`` and ``date`` values are read (the bundled
    format's are RFC 3339, strictly).
    Raises ``SchemaError`` for a schema that cannot be used: unreadable, not JSON or YAML, not
    a JSON Schema, not valid against its metaschema, nested too deeply, or with a reference
    that cannot be resolved or that leads back to itself.

    The validator's ``questions`` are what the load asked of the file system: a later run
    that gets the same answers (``replayed``) would load the same schema, and needs not.
    """
    from linter.validation import inputs

    name = load_name(path, family=family, remote=remote, dialect=dialect)
    known = name is not None and inputs.replayed(name)
    fields = _fields_from(inputs.kept(name)) if name is not None and known else None
    if name is not None and fields is not None:
        # Loaded when a document needs it, with the answers pinned now: the same schema
        # whatever changes on disk meanwhile, and whenever (a worker process) it is built.
        answers = inputs.answers()

        def build() -> Validator:
            with inputs.answering(answers):
                return _load(path, family, remote, dialect, known=True)

        deferred = Validator.deferred(build, fields, standard=path is not None, dialect=dialect)
        deferred.questions = inputs.kept_questions(name)
        return deferred
    with inputs.recording() as asked:
        validator = _load(path, family, remote, dialect, known=known)
    validator.questions = inputs.questions(asked)
    return validator


def kept_fields(validator: Validator) -> dict[str, Any]:
    """The validator's field map as JSON values, for a later run's ``load_validator``."""
    return {
        name: [list(image) for image in value] if name == "images" else value
        for name, value in validator.fields._asdict().items()
    }


def _fields_from(kept: Any) -> FieldMap | None:
    """The field map that ``kept_fields`` gave, or ``None`` for anything else."""
    from linter.fields import Image

    if not isinstance(kept, dict) or set(kept) != set(FieldMap._fields):
        return None
    values: dict[str, Any] = {}
    for name, default in FieldMap._field_defaults.items():
        value = kept[name]
        if name == "images":
            if not isinstance(value, list) or not all(
                isinstance(image, list) and len(image) == 2 and all(type(x) is str for x in image)
                for image in value
            ):
                return None
            values[name] = tuple(Image(pattern, url) for pattern, url in value)
        elif isinstance(default, tuple):
            if not isinstance(value, list) or not all(type(x) is str for x in value):
                return None
            values[name] = tuple(value)
        elif type(value) is not type(default):
            return None
        else:
            values[name] = value
    return FieldMap(**values)


def load_name(
    path: Path | None,
    *,
    family: tuple[Path, ...] = (),
    remote: tuple[str, ...] | None = None,
    dialect: str = "rfc3339",
) -> str | None:
    """What names a load by its arguments (for keeping its ``questions``), or ``None`` for
    one that cannot be replayed: with ``--online``, a remote schema may be fetched."""
    if remote is not None:
        return None
    return json.dumps(
        [str(path) if path else None, sorted(map(str, family)), dialect], ensure_ascii=False
    )


def replayed(kept: list[Question]) -> dict[tuple[str, str], Any] | None:
    """The answers to a load's kept ``questions``, asked again, when they are the same: the
    load would build the same schema (and only loads that succeeded are kept, so the schema
    is a usable one). ``None`` when any answer differs: the schema must be loaded."""
    from linter.validation import inputs

    return inputs.replay(kept)


def _load(
    path: Path | None,
    family: tuple[Path, ...],
    remote: tuple[str, ...] | None,
    dialect: str,
    *,
    known: bool,
) -> Validator:
    """``load_validator``; ``known``: with these very answers the schema was loaded (and
    checked) before, so its metaschema is not asked again, and the reference validator is
    built only for a document that fails."""
    if path is None:
        from linter.validation.formats import CHECKS as BUNDLED_CHECKS
        from linter.validation.inputs import SHOWN, files

        bundled = bundled_schema_path()
        data = files.read(str(bundled))
        if isinstance(data, str):  # a broken installation
            raise SchemaError(data.replace(SHOWN, str(bundled)))
        schema = json.loads(data)
        return Validator(
            schema,
            _compile(schema, dict(BUNDLED_CHECKS)),
            functools.partial(_reference, schema, None, dict(BUNDLED_CHECKS)),
            standard=False,
        )
    from linter.validation import references

    try:
        schema = references.read_schema(path)
        if not known:
            _check_schema(schema, path)
        registry, root = references.registry_for(path, schema, family, remote=remote)
    except references.Unresolved as error:
        raise SchemaError(str(error)) from None
    except RecursionError:
        raise SchemaError(f"schema {path} is nested too deeply to be used") from None
    checks = _user_checks(dialect)
    validator = Validator(
        schema,
        _compile(root, checks, registry),
        functools.partial(_reference, root, registry, checks),
        standard=True,
        fields=functools.partial(_user_fields, root, registry),
        dialect=dialect,
    )
    return validator


def _compile(
    schema: Any, checks: dict[str, Callable[[str], bool]], registry: Any = None
) -> Callable[[Any], bool] | None:
    """jsonschema-rs's verdict for ``schema``, with the same formats and resources as the
    reference; ``None`` when it cannot compile the schema (the reference judges alone)."""
    import jsonschema_rs

    formats = {name: _accept for name in RS_FORMATS}
    formats.update(checks)
    resources = []
    if registry is not None:
        resources = [(uri, registry[uri].contents) for uri in registry]
    try:
        compiled = jsonschema_rs.validator_for(
            schema,
            formats=formats,
            validate_formats=True,
            ignore_unknown_formats=True,
            registry=jsonschema_rs.Registry(resources, draft=_draft(schema)) if resources else None,
            retriever=_retrieve_nothing,
            pattern_options=_pattern_options(),
        )
    except (ValueError, jsonschema_rs.ReferencingError):
        return None
    return compiled.is_valid


def _fast_errors(fast: Callable[[Any], bool], data: Any) -> list[tuple[str, str]]:
    """Where and by which keyword jsonschema-rs rejects ``data``: ``(pointer, keyword)``."""
    compiled = getattr(fast, "__self__", None)
    if compiled is None:
        return []
    found = []
    for error in compiled.iter_errors(data):
        pointer = "".join(pointer_join("", token) for token in error.instance_path)
        found.append((pointer, str(error.kind.name)))
    return found


def _accept(value: str) -> bool:
    return True


def _retrieve_nothing(uri: str) -> Any:
    # Every resource a reference reaches was read at load (references.registry_for).
    raise ValueError(f"{uri} was not read when the schema was loaded")


def _draft(schema: Any) -> int:
    import jsonschema_rs

    dialect = str(schema.get("$schema", "")) if isinstance(schema, dict) else ""
    for marker, draft in (
        ("draft-04", jsonschema_rs.Draft4),
        ("draft-06", jsonschema_rs.Draft6),
        ("draft-07", jsonschema_rs.Draft7),
        ("2019-09", jsonschema_rs.Draft201909),
    ):
        if marker in dialect:
            return draft
    return jsonschema_rs.Draft202012


def _pattern_options() -> jsonschema_rs.FancyRegexOptions:
    import jsonschema_rs

    # fancy-regex hands a pattern without look-around or back-references to the linear
    # regex engine whole; only those features backtrack, at most BACKTRACK_LIMIT steps.
    return jsonschema_rs.FancyRegexOptions(backtrack_limit=BACKTRACK_LIMIT)


def _user_checks(dialect: str) -> dict[str, Callable[[str], bool]]:
    from linter.validation.jsonformats import CHECKS

    return {**CHECKS, **_dialect_checks(dialect)}


def _reference(
    root: Any, registry: Any, checks: dict[str, Callable[[str], bool]]
) -> jsonschema.protocols.Validator:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    for name, check in checks.items():
        checker.checks(name)(_strings_only(check))
    cls = jsonschema.validators.validator_for(root, default=jsonschema.Draft202012Validator)
    keywords = dict(_BOUNDED_KEYWORDS)
    contents = [root] if registry is None else [registry[uri].contents for uri in registry]
    if cls.VALIDATORS.get("unevaluatedProperties") and _backtracking_names(contents):
        # python-jsonschema's unevaluatedProperties matches patternProperties with Python's
        # re, out of reach of the keywords above. With a pattern that may backtrack without
        # bound it is left out: the fast engine's verdict stands, and where nothing else
        # explains it, its own error names the field and the keyword (validate).
        keywords["unevaluatedProperties"] = _nothing
    bounded: Any = jsonschema.validators.extend(cls, validators=keywords)  # type: ignore[no-untyped-call]
    if registry is None:
        return bounded(root, format_checker=checker)  # type: ignore[no-any-return]
    return bounded(root, registry=registry, format_checker=checker)  # type: ignore[no-any-return]


def _user_fields(root: Any, registry: Any) -> FieldMap:
    from linter.validation import fieldmap

    base = (root.get("$id") or root.get("id") or "") if isinstance(root, dict) else ""
    resolver = registry.resolver(base_uri=base if isinstance(base, str) else "")
    return fieldmap.derive(root, fieldmap.registry_resolver(resolver))


def _dialect_checks(dialect: str) -> dict[str, Callable[[str], bool]]:
    """The site's own date forms for ``date-time`` (RFC 3339's are the standard checks)."""
    if dialect == "rfc3339":
        return {}
    from linter.validation import dates

    return {"date-time": lambda value: not isinstance(dates.read(value, dialect), str)}


def _strings_only(check: Callable[[str], bool]) -> Callable[[object], bool]:
    # A format applies to strings; any other type passes it (JSON Schema validation 7.1).
    return lambda value: not isinstance(value, str) or check(value)


# The reference's regular expressions: python-jsonschema would run them with Python's
# backtracking ``re`` (``^(a+)+$`` on 35 characters: minutes). These keywords use the fast
# engine's matcher instead, so both engines agree on what a pattern matches (ECMA 262 as
# jsonschema-rs reads it) and neither backtracks without bound.


@functools.lru_cache(maxsize=4096)
def _matcher(pattern: str) -> Callable[[str], bool]:
    import jsonschema_rs

    try:
        compiled = jsonschema_rs.validator_for(
            {"pattern": pattern}, pattern_options=_pattern_options()
        )
    except ValueError:
        # A pattern jsonschema-rs cannot read: the schema has no fast path either
        # (_compile), and Python's reading is the only one there is.
        return lambda text: re.search(pattern, text) is not None
    return compiled.is_valid


def _pattern_keyword(
    validator: Any, pattern: str, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _matcher(pattern)(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties_keyword(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        match = _matcher(pattern)
        for key, value in instance.items():
            if match(key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties_keyword(
    validator: Any, additional: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "object"):
        return
    properties = schema.get("properties", {})
    matchers = [_matcher(pattern) for pattern in schema.get("patternProperties", {})]
    extras = [
        key
        for key in instance
        if key not in properties and not any(match(key) for match in matchers)
    ]
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        listed = ", ".join(repr(extra) for extra in sorted(extras, key=str))
        verb = "was" if len(extras) == 1 else "were"
        yield ValidationError(f"Additional properties are not allowed ({listed} {verb} unexpected)")


def _nothing(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    yield from ()


# A group that holds a quantifier and is itself quantified (``(a+)+``, ``(\\w+\\s?)*``), or
# a quantified alternation (``(a|ab)*``): the shapes that make a backtracking engine exponential.
_BACKTRACKING = re.compile(r"\((?:[^()\\]|\\.)*(?:[*+?}|])(?:[^()\\]|\\.)*\)[*+{]")


def _backtracking_names(contents: list[Any]) -> bool:
    """Whether any ``patternProperties`` in these schemas has a pattern of such a shape."""
    stack = list(contents)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            patterns = node.get("patternProperties")
            if isinstance(patterns, dict) and any(
                _BACKTRACKING.search(pattern) for pattern in patterns
            ):
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


_BOUNDED_KEYWORDS: dict[str, Callable[..., Iterator[Any]]] = {
    "pattern": _pattern_keyword,
    "patternProperties": _pattern_properties_keyword,
    "additionalProperties": _additional_properties_keyword,
}


def _check_schema(schema: Any, path: Path) -> None:
    if not isinstance(schema, (dict, bool)) or (
        isinstance(schema, dict) and schema and not (schema.keys() & _KEYWORDS)
    ):
        raise SchemaError(
            f"schema {path} is not a JSON Schema: expected an object with keywords such as "
            "'type' or 'properties' (a schema kept under a key is named as file.json#/key)"
        )
    if _surely_valid(schema):
        return
    import jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    # A pattern is good when the engine that runs it can read it (``\\p{Letter}`` is ECMA 262,
    # unknown to Python's re), and reading one is bounded there.
    checker = jsonschema.FormatChecker(formats=list(cls.FORMAT_CHECKER.checkers))
    checker.checks("regex")(_readable_pattern)
    meta = cls(cls.META_SCHEMA, format_checker=checker)
    error = jsonschema.exceptions.best_match(meta.iter_errors(schema))
    if error is not None:
        where = "".join(pointer_join("", token) for token in error.absolute_path) or "/"
        message = error.message if len(error.message) <= 120 else error.message[:117] + "..."
        raise SchemaError(f"schema {path} is not a valid JSON Schema: at {where}: {message}")


def _surely_valid(schema: Any) -> bool:
    """Whether jsonschema-rs finds ``schema`` valid against its metaschema, every pattern in
    it readable included: then the reference's check (which explains a schema that is not)
    is spared, and with it importing python-jsonschema in a run where no article fails
    (70 ms). Any doubt (a metaschema it does not know) is a no: the reference decides."""
    import jsonschema_rs

    if (
        isinstance(schema, dict)
        and "$schema" in schema
        and schema["$schema"] not in _QUICK_DIALECTS
    ):
        return False
    try:
        if not jsonschema_rs.meta.is_valid(schema):
            return False
    except (ValueError, jsonschema_rs.ReferencingError):
        return False
    # jsonschema-rs's metaschema check leaves out the "regex" format: every string under a
    # "pattern" key and every "patternProperties" key is tried (a superset of the patterns:
    # one that is a value, in an "enum", sends the schema to the reference's check).
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            pattern = node.get("pattern")
            if isinstance(pattern, str) and not _readable_pattern(pattern):
                return False
            keyed = node.get("patternProperties")
            if isinstance(keyed, dict) and not all(map(_readable_pattern, keyed)):
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True


# The "$schema" values whose draft jsonschema-rs, python-jsonschema and referencing all read
# alike (a test asks each). Others go the reference's way: jsonschema-rs reads "https://
# json-schema.org/draft-07/schema#" as draft 7 where the other two read 2020-12, and the
# draft-04 metaschema it checks lets an empty "enum" through.
_QUICK_DIALECTS = (
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2020-12/schema#",
    "https://json-schema.org/draft/2019-09/schema",
    "https://json-schema.org/draft/2019-09/schema#",
    "http://json-schema.org/draft-07/schema#",
    "http://json-schema.org/draft-07/schema",
    "http://json-schema.org/draft-06/schema#",
    "http://json-schema.org/draft-06/schema",
)


def _readable_pattern(pattern: object) -> bool:
    if not isinstance(pattern, str):
        return True
    import jsonschema_rs

    try:
        jsonschema_rs.validator_for({"pattern": pattern}, pattern_options=_pattern_options())
    except ValueError:
        return False
    return True


# Every keyword of every draft: a file with none of them is something else (a configuration
# that holds the schema under a key, a package.json).
_KEYWORDS = frozenset(
    {
        "$schema",
        "$id",
        "id",
        "$ref",
        "$defs",
        "definitions",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$recursiveRef",
        "$recursiveAnchor",
        "$vocabulary",
        "$comment",
        "type",
        "enum",
        "const",
        "properties",
        "patternProperties",
        "additionalProperties",
        "required",
        "items",
        "prefixItems",
        "additionalItems",
        "contains",
        "minContains",
        "maxContains",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "propertyNames",
        "dependencies",
        "dependentRequired",
        "dependentSchemas",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "unevaluatedProperties",
        "unevaluatedItems",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)


def validate(doc: Document, validator: Validator) -> list[Reported]:
    """Every schema error of ``doc``, named and explained, in document order."""
    if validator.is_valid(doc.data):
        return []
    from referencing.exceptions import Unresolvable

    # jsonschema raises one "required" error per missing field, each carrying the whole list,
    # so the same field can be explained more than once: keep the first.
    reported: dict[tuple[str, str, str], Reported] = {}
    try:
        for error in validator.reference.iter_errors(doc.data):
            for code, finding in _explain(doc, error, validator):
                reported.setdefault((code, finding.pointer, finding.message), (code, finding))
    except RecursionError:
        message = "the schema recurses without end on this front matter; expected one that ends"
        reported[("invalid-value", "", message)] = (
            "invalid-value",
            Finding("", message, doc.locate("")),
        )
    except Unresolvable:
        # A "$dynamicRef" resolved only here, against this document. Its exception's text
        # quotes the schema resource: the message says what, not that.
        message = "a $ref of the schema cannot be resolved for this front matter"
        reported[("invalid-value", "", message)] = (
            "invalid-value",
            Finding("", message, doc.locate("")),
        )
    if not reported and validator.fast is not None:
        # The verdict is the fast engine's; where the reference sees nothing to explain (a
        # case where the two disagree, tests/test_schema.py), its own errors are said.
        for pointer, keyword in _fast_errors(validator.fast, doc.data):
            message = f"{_field(pointer)} does not satisfy the schema's {keyword!r}"
            reported.setdefault(
                ("invalid-value", pointer, message), _at(doc, pointer, "invalid-value", message)
            )
    return list(reported.values())


def _explain(doc: Document, error: ValidationError, validator: Validator) -> Iterator[Reported]:
    if error.validator in _BRANCHES and error.context:
        # anyOf / oneOf: the branch the document came closest to says what is wrong.
        branch = _closest_branch(error)
        if branch:
            for inner in branch:
                yield from _explain(doc, inner, validator)
            return
    if validator.standard and error.validator == "format":
        yield from _standard_format(doc, error, validator.dialect)
        return
    pointer = "".join(pointer_join("", token) for token in error.absolute_path)
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        yield _key(doc, error, pointer)
        return
    explain = _EXPLAIN.get(str(error.validator), _fallback)
    yield from explain(doc, error, pointer)


def _key(doc: Document, error: ValidationError, parent: str) -> Reported:
    """A field name that ``propertyNames`` rejects, said at the name."""
    key = str(error.instance)
    name = pointer_join(parent, key)
    if error.validator == "pattern":
        reason = f"must match {_expected(error)!r}"
    else:
        reason = f"is not allowed: {_message(error)}"
    message = f"field name {_got(key)} {reason}"
    return _at(doc, name, "invalid-value", message, key=True)


_BRANCHES = frozenset({"anyOf", "oneOf"})


def _closest_branch(error: ValidationError) -> list[ValidationError]:
    """The errors of the ``anyOf``/``oneOf`` branch that best fits the document.

    A branch whose ``if`` held (its errors come from ``then``) or whose ``const``/``enum``
    matched was meant for this document: it beats one that rejects the document outright
    (``else: false``). Then the branch whose rejected values come closest to one it allows
    (a typo of one of its values), then the one with the fewest and deepest errors, then
    the first. ``oneOf`` with several valid branches has no branch errors: none is picked.
    """
    own = len(error.absolute_path)
    by_branch: dict[int, list[ValidationError]] = {}
    for inner in error.context or ():
        if inner.relative_schema_path:
            by_branch.setdefault(int(inner.relative_schema_path[0]), []).append(inner)
    if not by_branch:
        return []

    def fit(item: tuple[int, list[ValidationError]]) -> tuple[int, ...]:
        index, errors = item
        meant = any("then" in e.relative_schema_path for e in errors)
        rejected = any(e.schema is False for e in errors)
        # A branch for another type of value (a list where a text was written) fits least.
        typed = not any(e.validator == "type" and len(e.absolute_path) == own for e in errors)
        typo = any(_closeness(e) >= _NEAR for e in errors)
        depth = min(len(e.absolute_path) for e in errors)
        return (int(meant), int(not rejected), int(typed), int(typo), -len(errors), depth, -index)

    return max(by_branch.items(), key=fit)[1]


_NEAR = 0.8  # difflib's ratio from which a value reads as a typo of another


def _closeness(error: ValidationError) -> float:
    """How near a rejected value is to the closest allowed one (0 to 1; 0 for other errors)."""
    if error.validator not in ("enum", "const") or not isinstance(error.instance, str):
        return 0.0
    import difflib

    allowed: list[Any] = list(_expected(error)) if error.validator == "enum" else [_expected(error)]
    return max(
        (
            difflib.SequenceMatcher(None, error.instance, choice).ratio()
            for choice in allowed
            if isinstance(choice, str)
        ),
        default=0.0,
    )


def _expected(error: ValidationError) -> Any:
    """The keyword's value in the schema (jsonschema types it loosely)."""
    return error.validator_value


def _found(error: ValidationError) -> Any:
    """The value in the document that failed."""
    return error.instance


def _got(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _field(pointer: str) -> str:
    return f'"{display_path(pointer)}"'


def _at(doc: Document, pointer: str, code: str, message: str, *, key: bool = False) -> Reported:
    return code, Finding(pointer, message, doc.locate(pointer, key=key))


def _required(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    present = _found(error) if isinstance(_found(error), dict) else {}
    for name in _expected(error):
        if name not in present:
            missing = pointer_join(pointer, name)
            message = f"missing required field {_field(missing)}"
            # A missing field is reported where its parent mapping starts.
            yield "missing-field", Finding(missing, message, doc.locate(pointer, key=True))


_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true or false)",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


def _type(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    wanted = _expected(error)
    names = [_TYPE_NAMES.get(t, t) for t in ([wanted] if isinstance(wanted, str) else wanted)]
    if pointer.endswith(("/width", "/height")) and "an integer" in names:
        yield _pixels(doc, error, pointer)
        return
    message = f"{_field(pointer)} must be {' or '.join(names)} (got {_got(_found(error))})"
    yield _at(doc, pointer, "wrong-type", message)


def _pixels(doc: Document, error: ValidationError, pointer: str) -> Reported:
    side = pointer.rsplit("/", 1)[1]
    message = f"image {side} must be a positive integer (got {_got(_found(error))})"
    return _at(doc, pointer, "invalid-image-size", message)


def _minimum(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    if pointer.endswith(("/width", "/height")):
        yield _pixels(doc, error, pointer)
        return
    message = f"{_field(pointer)} must be at least {_expected(error)} (got {_got(_found(error))})"
    yield _at(doc, pointer, "out-of-range", message)


# What a size or count keyword requires, and what is measured of the value.
_BOUNDS: dict[str, tuple[str, str]] = {
    "maximum": ("must be at most {}", ""),
    "exclusiveMaximum": ("must be less than {}", ""),
    "exclusiveMinimum": ("must be more than {}", ""),
    "multipleOf": ("must be a multiple of {}", ""),
    "maxLength": ("must be at most {} characters long", "characters"),
    "minLength": ("must be at least {} characters long", "characters"),
    "maxItems": ("must have at most {} items", "items"),
    "minItems": ("must have at least {} items", "items"),
    "maxProperties": ("must have at most {} fields", "fields"),
    "minProperties": ("must have at least {} fields", "fields"),
}


def _bound(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    required, unit = _BOUNDS[str(error.validator)]
    found = _found(error)
    measured = f"{len(found)} {unit}" if unit and hasattr(found, "__len__") else _got(found)
    message = f"{_field(pointer)} {required.format(_expected(error))} (got {measured})"
    yield _at(doc, pointer, "invalid-value", message)


def _enum(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    allowed = _expected(error) if error.validator == "enum" else [_expected(error)]
    choices = ", ".join(_got(choice) for choice in allowed)
    found = _found(error)
    if isinstance(found, (dict, list)):
        # A whole mapping or list is not echoed: where it is and what is allowed says enough.
        message = (
            f"{_field(pointer)} must be one of {choices} (got a {_TYPE_NAMES[_kind(found)][2:]})"
        )
    else:
        message = f"{_field(pointer)} must be one of {choices} (got {_got(found)})"
    suggestion = _close_choice(found, allowed)
    fix: tuple[Replacement, ...] = ()
    if suggestion is not None:
        message += f"; did you mean {_got(suggestion)}?"
        fix = (Replacement(pointer, suggestion),)
    yield "invalid-value", Finding(pointer, message, doc.locate(pointer), fix)


def _kind(value: Any) -> str:
    return "object" if isinstance(value, dict) else "array"


def _close_choice(found: Any, allowed: list[Any]) -> str | None:
    """The one allowed string that ``found`` is a near miss of (a typo, another case)."""
    if not isinstance(found, str) or not found:
        return None
    strings = [choice for choice in allowed if isinstance(choice, str)]
    same_case = [choice for choice in strings if choice.lower() == found.lower()]
    if len(same_case) == 1:
        return same_case[0]
    import difflib

    close = difflib.get_close_matches(found, strings, n=2, cutoff=_NEAR)
    return close[0] if len(close) == 1 else None


def _pattern(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    if _expected(error) == r"\S":
        message = (
            f"{_field(pointer)} must not be empty or whitespace-only (got {_got(_found(error))})"
        )
        yield _at(doc, pointer, "empty-text", message)
        return
    message = f"{_field(pointer)} must match {_expected(error)!r} (got {_got(_found(error))})"
    yield _at(doc, pointer, "invalid-value", message)


def _format(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    from linter.validation.formats import DIAGNOSERS

    diagnosis = DIAGNOSERS[_expected(error)](_found(error))
    if diagnosis is None:  # unreachable unless a check is not deterministic
        return
    message = f"{_field(pointer)} {diagnosis.reason} (got {_got(_found(error))})"
    yield _at(doc, pointer, diagnosis.code, message)


def _standard_format(doc: Document, error: ValidationError, dialect: str) -> Iterator[Reported]:
    """A format of a user's schema, as the specification (or the site's date dialect) has it."""
    from linter.validation import dates
    from linter.validation.formats import diagnose_datetime
    from linter.validation.jsonformats import RULES

    pointer = "".join(pointer_join("", token) for token in error.absolute_path)
    name, value = str(_expected(error)), _found(error)
    if isinstance(value, str) and (
        name == "date" or (name == "date-time" and dialect != "rfc3339")
    ):
        reason = dates.read_date(value) if name == "date" else dates.read(value, dialect)
        if isinstance(reason, str):
            message = f"{_field(pointer)} {reason} (got {_got(value)})"
            yield _at(doc, pointer, "invalid-date", message)
            return
    reason = f"is not a valid {name}"
    # Where the bundled format's diagnosis applies, it says why (a day that does not exist).
    probe = {"date-time": value, "date": f"{value}T00:00:00Z"}.get(name)
    diagnosis = diagnose_datetime(probe) if isinstance(probe, str) else None
    if diagnosis is not None and diagnosis.code == "invalid-date" and ":" in diagnosis.reason:
        reason += f": {diagnosis.reason.split(';')[0]}"
    message = f"{_field(pointer)} {reason} (got {_got(value)})"
    yield _at(doc, pointer, RULES.get(name, "invalid-value"), message)


def _additional(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    instance = _found(error) if isinstance(_found(error), dict) else {}
    subschema: Any = error.schema
    known = list(subschema.get("properties", {}))
    for name in instance:
        if name in known:
            continue
        extra = pointer_join(pointer, name)
        message = f"unknown field {_field(extra)}"
        suggestion = _did_you_mean(name, known)
        if suggestion:
            message += f'; did you mean "{suggestion}"?'
        yield _at(doc, extra, "unknown-field", message, key=True)


def _unevaluated(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    # Which properties went unevaluated depends on every applicator that looked at the
    # object; jsonschema names them in its message, which is shown as it is.
    yield _at(doc, pointer, "unknown-field", f"{_field(pointer)}: {_message(error)}", key=True)


def _did_you_mean(name: str, known: list[str]) -> str | None:
    by_lower = {k.lower(): k for k in known}
    if name.lower() in by_lower:
        return by_lower[name.lower()]
    import difflib  # only for a field that is not in the schema

    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.75)
    return by_lower[close[0]] if close else None


def _unique(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    seen: dict[str, int] = {}
    for index, item in enumerate(_found(error)):
        marker = json.dumps(item, sort_keys=True, default=str)
        if marker in seen:
            first = pointer_join(pointer, seen[marker])
            message = (
                f"{_got(item)} is listed twice in {_field(pointer)} "
                f"(first at {display_path(first)}); expected each once"
            )
            yield _at(doc, pointer_join(pointer, index), "duplicate-item", message)
        else:
            seen[marker] = index


def _fallback(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    yield _at(doc, pointer, "invalid-value", f"{_field(pointer)}: {_message(error)}")


def _message(error: ValidationError) -> str:
    """jsonschema's message, lowercase, with the value it quotes shortened: a message never
    echoes a whole mapping or a long text (a file's content)."""
    if error.schema is False:
        # jsonschema keeps no path to a false subschema: say what it usually is.
        return "is not allowed here by the schema (a false subschema, such as 'else: false')"
    if error.validator == "not":
        return f"must not match the schema's 'not' ({_got(error.validator_value)})"
    if error.validator == "oneOf":
        return "matches more than one of the schema's 'oneOf' branches; expected exactly one"
    shown = repr(error.instance)
    text = error.message
    if len(shown) > 60:
        short = "the value" if isinstance(error.instance, (dict, list)) else _got(error.instance)
        text = text.replace(shown, short)
    if len(text) > 200:
        text = text[:197] + "..."
    return text[:1].lower() + text[1:]


_EXPLAIN: dict[str, Callable[[Document, ValidationError, str], Iterator[Reported]]] = {
    "required": _required,
    "type": _type,
    "minimum": _minimum,
    **dict.fromkeys(_BOUNDS, _bound),
    "enum": _enum,
    "const": _enum,
    "pattern": _pattern,
    "format": _format,
    "additionalProperties": _additional,
    "unevaluatedProperties": _unevaluated,
    "uniqueItems": _unique,
}
