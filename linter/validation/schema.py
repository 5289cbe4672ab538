"""Validate front matter against a JSON Schema and explain each error at its field.

The schema is loaded once per run. Most articles are valid, so a compiled validator
(fastjsonschema, about seven times faster) answers first; only a document it rejects goes
through jsonschema, the reference, which finds every error and explains it. Both use the
format checks of :mod:`linter.validation.formats` (``date-time``, ``uri``, ``hostname`` are really
checked), and a test holds them to the same verdict. Each jsonschema error becomes a
``(rule id, Finding)`` pair: a lookup table names the rule by keyword, and a message builder
per keyword says what was found and what was expected.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.fields import BUNDLED, FieldMap
from linter.model import Document, Finding, display_path, pointer_join

if TYPE_CHECKING:  # jsonschema is imported only when a document has errors to explain
    import jsonschema
    from jsonschema.exceptions import ValidationError

DEFAULT_SCHEMA = "article.schema.json"

Reported = tuple[str, Finding]


class SchemaError(Exception):
    """The schema itself cannot be used: missing, not JSON, or not a valid JSON Schema."""


def bundled_schema_path() -> Path:
    """Where the bundled article schema is: inside the installed package, else the checkout."""
    package = Path(__file__).resolve().parents[1]  # linter/
    packaged = package / "schemas" / DEFAULT_SCHEMA  # the wheel's copy
    if packaged.is_file():
        return packaged
    # Running from a checkout (or an editable install): schemas/ sits beside linter/.
    return package.parent / "schemas" / DEFAULT_SCHEMA


class Validator:
    """One schema's validators: an optional fast path, and the jsonschema reference.

    ``fast`` exists only for the bundled schema, whose compiled validator is tested against
    the reference; a user's schema is judged by the reference alone, which knows every
    keyword of every draft. ``standard`` says which format checks apply: the specifications'
    (``linter.validation.jsonformats``) for a user's schema, the bundled format's stricter ones else.
    """

    def __init__(
        self,
        schema: dict[str, Any],
        fast: Callable[[Any], Any] | None,
        reference: Callable[[], jsonschema.protocols.Validator],
        *,
        standard: bool,
        fields: Callable[[], FieldMap] = lambda: BUNDLED,
        dialect: str = "rfc3339",
        sources: tuple[str, ...] = (),
    ) -> None:
        self.schema = schema
        # Every schema read to build it, with its text: what a cached result depends on.
        self.sources = sources
        self.fast = fast
        self.standard = standard
        self.dialect = dialect
        self._make_reference = reference
        self._make_fields = fields

    @functools.cached_property
    def fields(self) -> FieldMap:
        """Where the schema puts dates, URLs, images and texts (``linter.validation.fieldmap``)."""
        fields = self._make_fields()
        return fields if fields.dialect == self.dialect else fields._replace(dialect=self.dialect)

    @functools.cached_property
    def reference(self) -> jsonschema.protocols.Validator:
        return self._make_reference()

    def is_valid(self, data: Any) -> bool:
        """The fast verdict (the reference's when there is no fast path)."""
        if self.fast is None:
            return bool(self.reference.is_valid(data))
        from fastjsonschema import JsonSchemaValueException

        try:
            self.fast(data)
        except JsonSchemaValueException:
            return False
        except Exception:  # noqa: BLE001 - anything odd: let the reference decide
            return bool(self.reference.is_valid(data))
        return True


@functools.lru_cache(maxsize=16)
def load_validator(
    path: Path | None = None,
    *,
    family: tuple[Path, ...] = (),
    remote: tuple[str, ...] | None = None,
    dialect: str = "rfc3339",
) -> Validator:
    """Read and check a schema, and build its validators (once per schema file).

    ``family``: the other schema files of the configuration, which this one may refer to.
    ``remote``: ``None``, or the non-public hosts that a remote ``$ref`` may be fetched from
    (``--online`` allows fetching from public addresses, ``--allow-host`` adds these).
    ``dialect``: how a user's schema's ``date-time`` and ``date`` values are read (the bundled
    format's are RFC 3339, strictly).
    Raises ``SchemaError`` for a schema that cannot be used: unreadable, not JSON, not valid
    against its metaschema, or with a reference that cannot be resolved.
    """
    if path is None:
        schema = _read_json(bundled_schema_path())
        # The bundled schema is checked by the test suite, and its fast validator was
        # generated ahead of time: generating it takes longer than linting one file.
        return Validator(
            schema,
            _pregenerated(),
            functools.partial(_bundled_reference, schema),
            standard=False,
            sources=(json.dumps(schema, sort_keys=True),),
        )
    from linter.validation import references

    schema = _read_json(path)
    _check_schema(schema, path)
    try:
        registry, root, sources = references.registry_for(path, schema, family, remote=remote)
    except references.Unresolved as error:
        raise SchemaError(str(error)) from None
    validator = Validator(
        schema,
        None,
        functools.partial(_user_reference, root, registry, dialect),
        standard=True,
        fields=functools.partial(_user_fields, root, registry),
        dialect=dialect,
        sources=sources,
    )
    validator.reference  # built now: the first article should not pay for it  # noqa: B018
    return validator


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SchemaError(f"cannot read schema {path}: {error.strerror or error}") from error
    except (ValueError, UnicodeDecodeError) as error:
        raise SchemaError(f"schema {path} is not valid JSON: {error}") from error


def _bundled_reference(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    import jsonschema

    from linter.validation.formats import CHECKS

    checker = jsonschema.FormatChecker(formats=())
    for name, check in CHECKS.items():
        checker.checks(name)(check)
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


def _user_fields(root: Any, registry: Any) -> FieldMap:
    from linter.validation import fieldmap

    base = (root.get("$id") or root.get("id") or "") if isinstance(root, dict) else ""
    resolver = registry.resolver(base_uri=base if isinstance(base, str) else "")
    return fieldmap.derive(root, fieldmap.registry_resolver(resolver))


def _user_reference(root: Any, registry: Any, dialect: str) -> jsonschema.protocols.Validator:
    import jsonschema

    from linter.validation.jsonformats import CHECKS

    checker = jsonschema.FormatChecker(formats=())
    for name, check in {**CHECKS, **_dialect_checks(dialect)}.items():
        checker.checks(name)(_strings_only(check))
    cls = jsonschema.validators.validator_for(root, default=jsonschema.Draft202012Validator)
    return cls(root, registry=registry, format_checker=checker)


def _dialect_checks(dialect: str) -> dict[str, Callable[[str], bool]]:
    """The site's own date forms for ``date-time`` (RFC 3339's are the standard checks)."""
    if dialect == "rfc3339":
        return {}
    from linter.validation import dates

    return {"date-time": lambda value: not isinstance(dates.read(value, dialect), str)}


def _strings_only(check: Callable[[str], bool]) -> Callable[[object], bool]:
    # A format applies to strings; any other type passes it (JSON Schema validation 7.1).
    return lambda value: not isinstance(value, str) or check(value)


def _pregenerated() -> Callable[[Any], Any]:
    from linter.validation import _article_validator

    # The generated functions take the format checks as an argument, not as a global.
    return functools.partial(_article_validator.validate, custom_formats=_formats())


# fastjsonschema names every list item it passes to another function for that function's error
# messages, "...[{i}]".format(**locals()): a dict of all the locals per item. Only the verdict
# is used (jsonschema explains the errors), so those items go unnamed. (Messages built on the
# error path itself are left alone.)
_ITEM_NAME = re.compile(
    r'(?<=, )\(name_prefix or "data"\) \+ "[^"]*"\.format\(\*\*locals\(\)\)(?=\))'
)


def generated_source(schema: dict[str, Any]) -> str:
    """Python source of the fast validator for ``schema`` (kept in ``_article_validator.py``).

    ``fastjsonschema.compile_to_code`` is its public way to generate a validator ahead of
    time; the code records the fastjsonschema version that wrote it (``VERSION``).
    """
    import fastjsonschema

    # A copy: fastjsonschema rewrites the "$ref"s of the schema it is given, in place.
    code = fastjsonschema.compile_to_code(copy.deepcopy(schema), formats=_formats())
    code = _ITEM_NAME.sub("None", code)
    name = re.search(r"^def (validate_\w+)\(", code, re.MULTILINE)
    assert name is not None, "fastjsonschema generated no validate function"
    return (
        f"# Generated from schemas/{DEFAULT_SCHEMA} by linter.validation.schema.generated_source; do not edit.\n"
        "# ruff: noqa\n"
        "# mypy: ignore-errors\n"
        f"{code}\n\nvalidate = {name[1]}\n"
    )


def write_pregenerated() -> Path:
    """Regenerate ``_article_validator.py`` from the bundled schema (after editing the schema)."""
    target = Path(__file__).with_name("_article_validator.py")
    schema = json.loads(bundled_schema_path().read_text(encoding="utf-8"))
    target.write_text(generated_source(schema), encoding="utf-8")
    return target


def _formats() -> dict[str, Callable[[object], bool]]:
    from linter.validation.formats import CHECKS  # with the validators: not on a cached run's path

    return dict(CHECKS)


def _check_schema(schema: Any, path: Path) -> None:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as error:
        raise SchemaError(f"schema {path} is not a valid JSON Schema: {error.message}") from error


def validate(doc: Document, validator: Validator) -> list[Reported]:
    """Every schema error of ``doc``, named and explained, in document order."""
    if validator.is_valid(doc.data):
        return []
    # jsonschema raises one "required" error per missing field, each carrying the whole list,
    # so the same field can be explained more than once: keep the first.
    reported: dict[tuple[str, str, str], Reported] = {}
    for error in validator.reference.iter_errors(doc.data):
        explained = (
            _standard_format(doc, error, validator.dialect)
            if validator.standard and error.validator == "format"
            else _explain(doc, error)
        )
        for code, finding in explained:
            reported.setdefault((code, finding.pointer, finding.message), (code, finding))
    return list(reported.values())


def _explain(doc: Document, error: ValidationError) -> Iterator[Reported]:
    pointer = "".join(pointer_join("", token) for token in error.absolute_path)
    explain = _EXPLAIN.get(str(error.validator), _fallback)
    yield from explain(doc, error, pointer)


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


def _enum(doc: Document, error: ValidationError, pointer: str) -> Iterator[Reported]:
    allowed = _expected(error) if error.validator == "enum" else [_expected(error)]
    choices = ", ".join(_got(choice) for choice in allowed)
    message = f"{_field(pointer)} must be one of {choices} (got {_got(_found(error))})"
    yield _at(doc, pointer, "invalid-value", message)


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
    message = error.message[:1].lower() + error.message[1:]
    yield _at(doc, pointer, "unknown-field", f"{_field(pointer)}: {message}", key=True)


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
    yield _at(doc, pointer, "invalid-value", f"{_field(pointer)}: {error.message}")


_EXPLAIN: dict[str, Callable[[Document, ValidationError, str], Iterator[Reported]]] = {
    "required": _required,
    "type": _type,
    "minimum": _minimum,
    "enum": _enum,
    "const": _enum,
    "pattern": _pattern,
    "format": _format,
    "additionalProperties": _additional,
    "unevaluatedProperties": _unevaluated,
    "uniqueItems": _unique,
}
