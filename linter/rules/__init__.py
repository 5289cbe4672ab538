"""The rule catalogue: one module per rule, found here by walking this package.

A rule module is named after its rule id (``future_date.py`` holds ``future-date``); its
docstring is the rule's documentation, with the sections What it does, Why it is bad,
Example and Options; its ``RULE`` says the defaults and the check. Adding a rule touches
that module and its test only.

Three sources of findings exist. A file rule looks at one ``Document`` and yields
``Finding``s. A project rule (``collect``) yields a key per finding (whose message is the value
as written), and the runner reports every key shared by several files on each of them, naming
the others. And a stage (``found_by``: reading, parsing, schema, online, run) finds what only it
can see, a YAML error, a schema violation, a dead link, and names the finding after the rule;
the runner judges those findings exactly as it judges a check's.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from linter.model import Document, Finding, Severity

if TYPE_CHECKING:
    from linter.validation.formats import Diagnosis, Url

Check = Callable[[Document, Any], Iterable[Finding]]
# A fix turns one of the rule's findings into edits of the front matter (``linter.edits.Edit``).
Fix = Callable[[Document, Finding], list[Any]]
Collect = Callable[[Document, Any], Iterable[tuple[str, Finding]]]


@dataclass(frozen=True)
class NoOptions:
    """The options of a rule that has none."""


@dataclass(frozen=True)
class Rule:
    """A rule's id, defaults and check; ``doc`` is filled from its module's docstring."""

    id: str
    severity: Severity
    check: Check | None = None
    collect: Collect | None = None
    # For project rules: the message for a value shared with ``others`` (file paths).
    message: Callable[[str, list[str]], str] | None = None
    options: type[Any] = NoOptions
    fix: Fix | None = None
    # The stage that finds this rule's problems, when one does (see the module's docstring).
    found_by: str = ""
    # The kinds of field it looks at (``linter.fields.FieldMap``): dates, urls, images...
    reads: tuple[str, ...] = ()
    # Its findings depend on the time of the run (a date ahead of now), not only on the day:
    # a result holding one is not kept by the cache, whose entries last the day.
    timely: bool = False
    doc: str = ""

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.id

    @property
    def fixable(self) -> bool:
        return self.fix is not None


SCOPES = ("all", "folder", "language", "groups")
_LANGUAGE = re.compile(r"[a-z]{2}(?:[-_][A-Za-z]{2})?")  # en, fr, pt-BR, zh_TW


def in_scope(doc: Document, scope: str, groups: tuple[str, ...]) -> str | None:
    """The group a cross-file rule compares ``doc`` within, or ``None`` (outside every group).

    ``all``: the whole project; ``folder``: the file's folder; ``language``: the document's
    ``lang``/``language``/``locale`` field, else a ``.fr.md`` suffix, else a ``/fr/`` folder
    (translations share titles and slugs, not duplicates); ``groups``: the first of the
    ``groups`` globs the path matches.
    """
    if scope == "all":
        return ""
    path = doc.path.replace("\\", "/")
    if scope == "folder":
        return path.rpartition("/")[0]
    if scope == "language":
        return _language(doc, path)
    from linter import globs

    relative = path.removeprefix("./")
    return next((str(i) for i, glob in enumerate(groups) if globs.matches(glob, relative)), None)


def _language(doc: Document, path: str) -> str:
    if isinstance(doc.data, dict):
        for key in ("lang", "language", "locale"):
            value = doc.data.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip().lower().replace("_", "-")
    name = path.rpartition("/")[2].split(".")
    if len(name) >= 3 and _LANGUAGE.fullmatch(name[-2]):
        return name[-2].lower()
    for part in reversed(path.split("/")[:-1]):  # the nearest folder named as a language
        if _LANGUAGE.fullmatch(part):
            return part.lower().replace("_", "-")
    return ""


@dataclass(frozen=True)
class IdentityOptions:
    """The options of a cross-file rule: the fields that identify an article, and the scope
    within which two articles are compared (see ``in_scope``)."""

    fields: tuple[str, ...] = ()
    scope: str = "all"
    groups: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)} (got {self.scope!r})")
        if self.scope == "groups" and not self.groups:
            raise ValueError("scope 'groups' needs groups: a list of globs, one per group")

    def values(self, doc: Document) -> Iterator[tuple[str, str, str]]:
        """``(group, pointer, text)`` of each non-blank identity field of ``doc`` in scope."""
        group = in_scope(doc, self.scope, self.groups)
        if group is None:
            return
        for pointer, value in doc.each(*self.fields):
            if isinstance(value, str) and value.strip():
                yield group, pointer, value


def reported(doc: Document) -> frozenset[str]:
    """The pointers a stage (the schema) already reported: a check that looks at the same
    fields as the schema's formats skips them, so that a value is reported once."""
    return frozenset(finding.pointer for _, finding in doc.found)


def url_problems(doc: Document, code: str) -> Iterator[Finding]:
    """The ``code`` (invalid-url, unsupported-url-scheme) findings of the URL fields that the
    schema's own ``uri`` format let through: a user's schema checks RFC 3986, where
    ``htps://example.com`` and ``javascript:alert(1)`` are fine. Only values written as
    absolute URLs (a scheme, or ``https//``) are looked at: a ``uri-reference`` may be relative.
    """
    from linter.model import display_path

    done: frozenset[str] | None = None
    for pointer, value, diagnosis in doc.shared(_url_diagnoses):
        if diagnosis.code != code:
            continue
        scheme = value.partition(":")[0].lower()
        if code == "unsupported-url-scheme" and scheme not in UNSAFE_SCHEMES:
            continue  # mailto:, tel:, ftp: are links a page may well hold
        done = reported(doc) if done is None else done
        if pointer not in done:
            yield Finding(pointer, f'"{display_path(pointer)}" {diagnosis.reason}')


def _url_diagnoses(doc: Document) -> list[tuple[str, str, Diagnosis]]:
    """``(pointer, value, diagnosis)`` of each URL field written as an absolute URL that has
    a problem: one pass for the rules that report them (``url_problems``)."""
    from linter.validation.formats import Diagnosis

    return [
        (pointer, value, parts)
        for pointer, value, parts in urls(doc)
        if isinstance(parts, Diagnosis) and _ABSOLUTE.match(value)
    ]


def urls(doc: Document) -> list[tuple[str, str, Url | Diagnosis]]:
    """``(pointer, value, parts)`` of each string in a URL field, ``parts`` being the URL's
    (``linter.validation.formats.Url``) or what is wrong with it: worked out once per
    document for every rule that looks at URLs."""
    return doc.shared(_urls)


def images(doc: Document) -> list[tuple[str, dict[str, Any]]]:
    """``(pointer, image)`` of each image object (``linter.fields.FieldMap.images``)."""
    return doc.shared(_images)


def _images(doc: Document) -> list[tuple[str, dict[str, Any]]]:
    patterns = [image.pattern for image in doc.fields.images]
    return [(pointer, image) for pointer, image in doc.each(*patterns) if type(image) is dict]


def texts(doc: Document) -> list[tuple[str, str]]:
    """``(pointer, text)`` of each string in a text field (``FieldMap.texts``)."""
    return doc.shared(_texts)


def _texts(doc: Document) -> list[tuple[str, str]]:
    return [(pointer, text) for pointer, text in doc.each(*doc.fields.texts) if type(text) is str]


def _urls(doc: Document) -> list[tuple[str, str, Url | Diagnosis]]:
    from linter.validation.formats import split_url

    return [
        (pointer, value, split_url(value))
        for pointer, value in doc.each(*doc.fields.urls)
        if type(value) is str
    ]


# Schemes no link on a public page should use: they run code or read the reader's disk.
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|https?//", re.IGNORECASE)


def scoped(group: str, key: str) -> str:
    """A project rule's key within its group (the whole project's group is "")."""
    return f"{group}\0{key}" if group else key


def name_files(paths: list[str], most: int = 3) -> str:
    """``a.md, b.md, c.md and 4 more files``: the other files of a project rule's group."""
    shown = ", ".join(paths[:most])
    return shown + (f" and {len(paths) - most} more files" if len(paths) > most else "")


@functools.cache
def registry() -> dict[str, Rule]:
    """Every rule, by id, in id order."""
    rules: dict[str, Rule] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rule: Rule = module.RULE
        rules[rule.id] = dataclasses.replace(rule, doc=module.__doc__ or "")
    return dict(sorted(rules.items()))
