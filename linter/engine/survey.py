"""Draft a schema and a configuration from a folder of articles (``article-lint init``).

Reads every article's front matter and, field by field (``/tags/*`` for list items), notes the
types, how often the field is there, and what its strings look like. The draft says:

- the types seen (``integer`` and ``number`` together are a ``number``);
- ``required``: the fields present in nearly every file (95%) that holds their parent;
- ``format: date-time``/``date`` for fields whose values are dates, and the site's date
  dialect, the one that reads the most of them (``rfc3339``, ``hugo``, ``jekyll``,
  ``javascript``, in that order on a tie); ``format: uri`` for absolute http(s) URLs;
- an ``enum`` for a small closed set: at most 8 values, each seen at least twice, in a field
  seen at least 10 times;
- nothing about fields it has not seen (no ``additionalProperties: false``): a first report
  should be about the defects of the articles, not about the draft.

The draft is a start: the README's walkthrough shows what to tighten next.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.fields import DIALECTS
from linter.model import Document, pointer_join
from linter.rules import in_scope
from linter.validation import dates
from linter.validation.formats import is_url

REQUIRED_SHARE = 0.95
ENUM_MOST = 8
ENUM_SEEN = 10
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_ONLY = re.compile(r"\d{4}(?:-\d{2})?")


@dataclass
class _Field:
    present: int = 0  # in how many instances of its parent
    types: Counter[str] = field(default_factory=Counter)
    strings: Counter[str] = field(default_factory=Counter)


# Files that say which generator a site uses, and the date dialect it reads.
GENERATORS = (
    ("jekyll", ("_config.yml", "_config.yaml", "_posts")),
    ("hugo", ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "archetypes")),
    ("javascript", ("astro.config.mjs", "astro.config.ts", "astro.config.js", ".eleventy.js",
                    "eleventy.config.js", "package.json")),
)  # fmt: skip


def generator(folder: Path) -> str | None:
    """The date dialect of the generator whose files are in ``folder`` or above it."""
    for place in (folder, *folder.parents):
        for dialect, markers in GENERATORS:
            if any((place / marker).exists() for marker in markers):
                return dialect
        if (place / ".git").exists():
            break
    return None


@dataclass
class Survey:
    """What a folder's front matter holds, field by field."""

    files: int = 0
    # The generator's own dialect, preferred when several read the dates alike.
    generator: str | None = None
    fields: dict[str, _Field] = field(default_factory=dict)
    instances: Counter[str] = field(default_factory=Counter)  # objects seen, by pattern
    languages: set[str] = field(default_factory=set)

    def add(self, doc: Document) -> None:
        if not isinstance(doc.data, dict):
            return
        self.files += 1
        self._visit(doc.data, "")
        language = in_scope(doc, "language", ())
        if language:
            self.languages.add(language)

    def _visit(self, value: Any, pattern: str) -> None:
        if isinstance(value, dict):
            self.instances[pattern] += 1
            for key, child in value.items():
                child_pattern = pointer_join(pattern, str(key))
                entry = self.fields.setdefault(child_pattern, _Field())
                entry.present += 1
                self._note(entry, child)
                self._visit(child, child_pattern)
        elif isinstance(value, list):
            for item in value:
                entry = self.fields.setdefault(f"{pattern}/*", _Field())
                entry.present += 1
                self._note(entry, item)
                self._visit(item, f"{pattern}/*")

    @staticmethod
    def _note(entry: _Field, value: Any) -> None:
        entry.types[_json_type(value)] += 1
        if isinstance(value, str) and len(entry.strings) < 5000:
            entry.strings[value] += 1

    def dialect(self) -> str:
        """The date dialect that reads the most date-like values of the date-like fields."""
        values = [
            v for entry in self.fields.values() if _is_date_field(entry) for v in entry.strings
        ]
        if not values:
            return "rfc3339"
        scores = {
            dialect: sum(not isinstance(dates.read(v, dialect), str) for v in values)
            for dialect in DIALECTS
        }
        preference: tuple[str, ...] = ("rfc3339", "hugo", "jekyll", "javascript")
        if self.generator is not None:
            preference = (self.generator, *(d for d in preference if d != self.generator))
        return max(preference, key=lambda d: (scores[d], -preference.index(d)))

    def schema(self, title: str) -> dict[str, Any]:
        """The draft JSON Schema (2020-12)."""
        dialect = self.dialect()
        root = self._object("", dialect)
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": title,
            "description": (
                f"Drafted by article-lint init from {self.files} files: the types, formats, "
                "required fields and small sets of values they hold. Edit it to say what "
                "your articles must be."
            ),
            **root,
        }

    def _object(self, pattern: str, dialect: str) -> dict[str, Any]:
        children = [
            p for p in self.fields if p.rsplit("/", 1)[0] == pattern and not p.endswith("/*")
        ]
        seen = self.instances[pattern] or 1
        properties = {_name(p): self._field(p, dialect) for p in children}
        required = [_name(p) for p in children if self.fields[p].present >= REQUIRED_SHARE * seen]
        if self.generator == "jekyll" and pattern == "":
            required = [name for name in required if name != "date"]  # a post's file name has it
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        return out

    def _field(self, pattern: str, dialect: str) -> dict[str, Any]:
        entry = self.fields[pattern]
        types = set(entry.types) - {"null"}
        if types == {"integer", "number"}:
            types = {"number"}
        out: dict[str, Any] = {}
        if len(types) == 1:
            out["type"] = types.pop()
        elif types:
            out["type"] = sorted(types)
        if out.get("type") == "object":
            return self._object(pattern, dialect)
        if out.get("type") == "array":
            items = f"{pattern}/*"
            if items in self.fields:
                out["items"] = self._field(items, dialect)
            return out
        if out.get("type") == "string":
            out.update(_string_format(entry, dialect))
        return out


def _name(pattern: str) -> str:
    return pattern.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")


def _string_format(entry: _Field, dialect: str) -> dict[str, Any]:
    values = list(entry.strings)
    if _is_date_field(entry):
        if all(_DATE_ONLY.fullmatch(v) for v in values):
            return {"format": "date"}
        return {"format": "date-time"}
    if values and sum(map(is_url, values)) >= 0.95 * len(values):
        return {"format": "uri"}
    seen = sum(entry.strings.values())
    if (
        seen >= ENUM_SEEN
        and 1 < len(values) <= ENUM_MOST
        and min(entry.strings.values()) >= 2
        and all(len(v) <= 40 for v in values)
    ):
        return {"enum": sorted(values)}
    return {}


def _is_date_field(entry: _Field) -> bool:
    values = list(entry.strings)
    return bool(values) and sum(map(_date_like, values)) >= 0.9 * len(values)


def _date_like(value: str) -> bool:
    """Written as a date (with at least a day), though perhaps not a real one."""
    if _YEAR_ONLY.fullmatch(value):
        return False  # "2024" is more often a version or a count than a date
    return dates.shaped(value)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def survey(documents: Iterable[Document], generator: str | None = None) -> Survey:
    found = Survey(generator=generator)
    for doc in documents:
        found.add(doc)
    return found


def configuration(found: Survey, schema_file: str) -> str:
    """The draft ``.article-lint.toml`` that goes with the draft schema."""
    lines = [
        f"# Drafted by article-lint init from {found.files} files. Every key: see the README.",
        f'schema = "{schema_file}"',
    ]
    dialect = found.dialect()
    if dialect != "rfc3339":
        lines.append(f'date-dialect = "{dialect}"  # how this site writes its dates')
    if len(found.languages) > 1:
        lines += [
            "",
            "# Translations share titles: compare them within a language.",
            "[rules.duplicate-title]",
            'scope = "language"',
        ]
    return "\n".join(lines) + "\n"
