"""Draft a schema and a configuration from a folder of articles (``article-lint init``).

Reads every article's front matter and, field by field (``/tags/*`` for list items), notes the
types, how often the field is there, and what its strings look like. The draft says:

- the types seen (``integer`` and ``number`` together are a ``number``; ``null`` too, as
  ``key:`` with no value is written on sites that build);
- ``required``: the fields present in every file that holds their parent (a section page
  without a ``date`` is no defect); ``Survey.nearly_required`` names the files that lack a
  top-level field nearly every file has, for ``init`` to show;
- ``format: date-time``/``date`` for fields whose values are dates, and the site's date
  dialect, the one that reads the most of them (the generator's own first on a tie, then
  ``rfc3339``, ``hugo``, ``jekyll``, ``javascript``); ``format: uri`` for absolute URLs;
- an ``enum`` for a small closed set: at most 8 one-word values, each seen at least 3 times,
  in a field seen at least 20 times that is not a list item (tags, categories and authors
  grow with every post);
- ``pattern: "\\S"`` (not blank) for a required text that no file leaves blank;
- the front matter that the generator it recognises documents (``GENERATORS``), even where
  no article uses a field yet, and the fields that identify an article there (Zola's
  ``path``, Hugo's ``url``, Jekyll's ``permalink``, Starlight's ``slug``) for duplicate-url,
  with any ``path``, ``slug``, ``permalink`` or ``url`` no two surveyed pages share;
- no ``additionalProperties: false``: a first report should be about the defects of the
  articles, not about the draft.

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

# Fields that name a page on many sites: one is an identity where no two files share it.
IDENTITY_NAMES = ("path", "slug", "permalink", "url")
NEARLY_REQUIRED_SHARE = 0.9  # below every file, from here on: said, not required
ENUM_MOST = 8
ENUM_SEEN = 20
ENUM_EACH = 3
_TOKEN = re.compile(r"[\w.+-]{1,40}")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_ONLY = re.compile(r"\d{4}(?:-\d{2})?")


@dataclass
class _Field:
    present: int = 0  # in how many instances of its parent
    types: Counter[str] = field(default_factory=Counter)
    strings: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Generator:
    """A site generator: how to recognise it, how it writes dates, the front matter it
    documents (JSON Schema by field name) and the fields that identify a page."""

    name: str
    dialect: str
    documented: dict[str, dict[str, Any]]
    identity: tuple[str, ...] = ()


_TEXT: dict[str, Any] = {"type": "string"}
_FLAG: dict[str, Any] = {"type": "boolean"}
_WHOLE: dict[str, Any] = {"type": "integer"}
_WORDS: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
_TABLE: dict[str, Any] = {"type": "object"}
_WHEN: dict[str, Any] = {"type": "string", "format": "date-time"}

# What each generator's documentation says of front matter (only what it types for sure):
# https://www.getzola.org/documentation/content/page/, https://gohugo.io/content-management/
# front-matter/, https://jekyllrb.com/docs/front-matter/, https://starlight.astro.build/
# reference/frontmatter/.
ZOLA = Generator(
    "zola",
    "hugo",  # TOML dates, plain dates and local date-times: what the hugo dialect reads
    {
        "title": _TEXT,
        "description": _TEXT,
        "date": _WHEN,
        "updated": _WHEN,
        "weight": _WHOLE,
        "draft": _FLAG,
        "slug": _TEXT,
        "path": _TEXT,
        "aliases": _WORDS,
        "authors": _WORDS,
        "in_search_index": _FLAG,
        "template": _TEXT,
        "render": _FLAG,
        "taxonomies": _TABLE,
        "extra": _TABLE,
    },
    ("/path",),
)
HUGO = Generator(
    "hugo",
    "hugo",
    {
        "title": _TEXT,
        "description": _TEXT,
        "date": _WHEN,
        "lastmod": _WHEN,
        "publishDate": _WHEN,
        "expiryDate": _WHEN,
        "draft": _FLAG,
        "slug": _TEXT,
        "url": _TEXT,
        "aliases": _WORDS,
        "weight": _WHOLE,
        "type": _TEXT,
        "layout": _TEXT,
        "summary": _TEXT,
        "linkTitle": _TEXT,
        "keywords": _WORDS,
        "headless": _FLAG,
        "isCJKLanguage": _FLAG,
        "markup": _TEXT,
        "params": _TABLE,
        "build": _TABLE,
        "sitemap": _TABLE,
    },
    ("/url",),
)
JEKYLL = Generator(
    "jekyll",
    "jekyll",
    {
        "title": _TEXT,
        "date": _WHEN,
        "permalink": _TEXT,
        "layout": _TEXT,
        "published": _FLAG,
        "excerpt": _TEXT,
        "category": _TEXT,
        "categories": {"type": ["array", "string"], "items": {"type": "string"}},
        "tags": {"type": ["array", "string"], "items": {"type": "string"}},
    },
    ("/permalink",),
)
STARLIGHT = Generator(
    "starlight",
    "javascript",
    {
        "title": _TEXT,
        "description": _TEXT,
        "slug": _TEXT,
        "editUrl": {"type": ["boolean", "string"]},
        "head": {"type": "array"},
        "tableOfContents": {"type": ["boolean", "object"]},
        "template": {"type": "string", "enum": ["doc", "splash"]},
        "hero": _TABLE,
        "banner": {"type": "object", "properties": {"content": _TEXT}},
        "lastUpdated": {"type": ["boolean", "string"], "format": "date-time"},
        "prev": {"type": ["boolean", "object", "string"]},
        "next": {"type": ["boolean", "object", "string"]},
        "pagefind": _FLAG,
        "draft": _FLAG,
        "sidebar": {
            "type": "object",
            "properties": {
                "label": _TEXT,
                "order": {"type": "number"},
                "hidden": _FLAG,
                "badge": {"type": ["object", "string"]},
                "attrs": _TABLE,
            },
        },
    },
    ("/slug",),
)
JAVASCRIPT = Generator("javascript", "javascript", {})
GENERATORS = (ZOLA, HUGO, JEKYLL, STARLIGHT, JAVASCRIPT)  # fmt: skip


def _marker_text(place: Path, name: str) -> str:
    """A marker file's text (a regular file, no link, at most 1 MiB), or ""."""
    import os

    from linter.guard import fsguard

    try:
        handle = os.open(place, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return ""
    try:
        data = fsguard.read_in(handle, name, 1 << 20)
    finally:
        os.close(handle)
    return data.decode("utf-8", "replace") if data is not None else ""


def recognise(folder: Path) -> Generator | None:
    """The generator whose files are in ``folder`` or above it (up to the repository's top)."""
    for place in (folder, *folder.parents):
        found = _recognise_in(place)
        if found is not None:
            return found
        if (place / ".git").exists():
            break
    return None


def _recognise_in(place: Path) -> Generator | None:
    if (place / "zola.toml").is_file():
        return ZOLA
    for name in ("hugo.toml", "hugo.yaml", "hugo.json"):
        if (place / name).is_file():
            return HUGO
    if (place / "config.toml").is_file():
        text = _marker_text(place, "config.toml")
        # [ \t], not \s: "^\s*" would run over every following blank line (quadratic).
        if re.search(r"(?m)^[ \t]*base_url[ \t]*=", text):
            return ZOLA
        if re.search(r"(?im)^[ \t]*baseurl[ \t]*=", text) or (place / "archetypes").is_dir():
            return HUGO
    if (place / "archetypes").is_dir():
        return HUGO
    if any((place / name).exists() for name in ("_config.yml", "_config.yaml", "_posts")):
        return JEKYLL
    for name in ("astro.config.mjs", "astro.config.ts", "astro.config.js", "astro.config.mts"):
        if (place / name).is_file():
            return STARLIGHT if "starlight" in _marker_text(place, name) else JAVASCRIPT
    for name in (".eleventy.js", "eleventy.config.js", "package.json"):
        if (place / name).is_file():
            return JAVASCRIPT
    return None


def generator(folder: Path) -> str | None:
    """The date dialect of the generator whose files are in ``folder`` or above it."""
    found = recognise(folder)
    return found.dialect if found is not None else None


@dataclass
class Survey:
    """What a folder's front matter holds, field by field."""

    files: int = 0
    # The generator's own dialect, preferred when several read the dates alike.
    generator: str | None = None
    fields: dict[str, _Field] = field(default_factory=dict)
    instances: Counter[str] = field(default_factory=Counter)  # objects seen, by pattern
    languages: set[str] = field(default_factory=set)
    # The recognised generator, for its documented front matter and identity fields.
    site: Generator | None = None
    paths: list[str] = field(default_factory=list)  # the surveyed files, in walk order
    top_level: dict[str, set[str]] = field(default_factory=dict)  # field -> files with it
    titles: Counter[str] = field(default_factory=Counter)  # by language and folded title
    title_shown: dict[str, str] = field(default_factory=dict)
    without: list[str] = field(default_factory=list)  # files with no front matter at all
    # The values of the fields that may identify a page, by field and language.
    identities: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, doc: Document) -> None:
        if not isinstance(doc.data, dict):
            if any(code == "missing-front-matter" for code, _ in doc.found):
                self.without.append(doc.path)
            return
        self.files += 1
        self.paths.append(doc.path)
        for key in doc.data:
            self.top_level.setdefault(str(key), set()).add(doc.path)
        self._visit(doc.data, "")
        language = in_scope(doc, "language", ())
        if language:
            self.languages.add(language)
        for name in IDENTITY_NAMES:
            value = doc.data.get(name)
            if isinstance(value, str) and value.strip():
                key = f"{language}\0{value.strip().strip('/').lower()}"
                self.identities.setdefault(name, Counter())[key] += 1
        title = doc.data.get("title")
        if isinstance(title, str) and title.strip():
            folded = f"{language}\0{' '.join(title.split()).casefold()}"
            self.titles[folded] += 1
            self.title_shown.setdefault(folded, title.strip())

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

    def nearly_required(self) -> list[tuple[str, list[str]]]:
        """The top-level fields most files (90%) have but some lack, with the files lacking
        them: not required in the draft, and worth a look (a section page, or a defect)."""
        out = []
        for name in sorted(self.top_level):
            having = self.top_level[name]
            if NEARLY_REQUIRED_SHARE * self.files <= len(having) < self.files:
                out.append((name, [p for p in self.paths if p not in having]))
        return out

    def identity(self) -> tuple[str, ...]:
        """The fields that identify a page here: the generator's, and each of ``path``,
        ``slug``, ``permalink`` and ``url`` that no two surveyed files share (in a language)."""
        found = list(self.site.identity) if self.site is not None else []
        for name in IDENTITY_NAMES:
            values = self.identities.get(name)
            if values and max(values.values()) == 1 and f"/{name}" not in found:
                found.append(f"/{name}")
        return tuple(found)

    def repeated_titles(self) -> list[tuple[str, int]]:
        """The titles several files share (within a language), most shared first."""
        shared = [(self.title_shown[k], n) for k, n in self.titles.items() if n > 1]
        return sorted(shared, key=lambda item: (-item[1], item[0]))

    def dialect(self) -> str:
        """The date dialect that reads the most date-like values of the date-like fields."""
        values = [
            v for entry in self.fields.values() if _is_date_field(entry) for v in entry.strings
        ]
        if not values:
            return self.generator or "rfc3339"
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
        documented = self.site.documented if self.site is not None else {}
        source = f", and the front matter {self.site.name} documents" if self.site else ""
        properties = root["properties"]
        # The fields seen first, as the articles order them; then those only documented.
        for name, known in documented.items():
            properties[name] = _merged(properties[name], known) if name in properties else known
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": title,
            "description": (
                f"Drafted by article-lint init from {self.files} files: the types, formats, "
                "required fields and small sets of values they hold"
                + (source if documented else "")
                + ". Edit it to say what your articles must be."
            ),
            **root,
        }

    def _object(self, pattern: str, dialect: str) -> dict[str, Any]:
        children = [
            p for p in self.fields if p.rsplit("/", 1)[0] == pattern and not p.endswith("/*")
        ]
        seen = self.instances[pattern] or 1
        properties = {_name(p): self._field(p, dialect) for p in children}
        required = [_name(p) for p in children if self.fields[p].present >= seen]
        for name, p in zip(properties, children, strict=True):
            entry, drafted = self.fields[p], properties[name]
            plain = drafted.get("type") == "string" and len(drafted) == 1
            if name in required and plain and all(v.strip() for v in entry.strings):
                drafted["pattern"] = r"\S"  # never blank in a file: a blank one is empty-text
        if self.generator == "jekyll" and pattern == "":
            required = [name for name in required if name != "date"]  # a post's file name has it
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        return out

    def _field(self, pattern: str, dialect: str) -> dict[str, Any]:
        entry = self.fields[pattern]
        types = set(entry.types)
        if {"integer", "number"} <= types:
            types -= {"integer"}
        if len(types) > 1 and "null" in types and "object" in types:
            types.discard("null")  # an emptied table; its fields are drafted, not its absence
        out: dict[str, Any] = {}
        if len(types) == 1:
            out["type"] = next(iter(types))
        elif types:
            out["type"] = sorted(types)
        if out.get("type") == "object":
            return self._object(pattern, dialect)
        if out.get("type") == "array":
            items = f"{pattern}/*"
            if items in self.fields:
                out["items"] = self._field(items, dialect)
            return out
        if "string" in types:
            out.update(_string_format(entry, dialect, listed=pattern.endswith("/*")))
            if "enum" in out and "null" in types:
                out["enum"].append(None)
        return out


def _merged(seen: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    """A surveyed field widened to what the generator documents: every documented type is
    allowed, and a documented format kept (the site may use the other forms tomorrow)."""
    out = dict(seen)
    types = _types(seen) | _types(known)
    if types:
        out["type"] = sorted(types) if len(types) > 1 else types.pop()
    if "format" in known and "format" not in seen:
        out["format"] = known["format"]
    if "enum" in seen and "enum" not in known:
        del out["enum"]  # the generator takes any value
    inner = known.get("properties")
    if isinstance(inner, dict) and isinstance(seen.get("properties"), dict):
        properties = dict(seen["properties"])
        for name, documented in inner.items():
            properties[name] = (
                _merged(properties[name], documented) if name in properties else documented
            )
        out["properties"] = properties
        # What the generator documents inside an object is optional there (a sidebar's label).
        required = [name for name in seen.get("required", ()) if name not in inner]
        if required:
            out["required"] = required
        else:
            out.pop("required", None)
    return out


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return {declared}
    return set(declared) if isinstance(declared, list) else set()


def _name(pattern: str) -> str:
    return pattern.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")


def _string_format(entry: _Field, dialect: str, *, listed: bool = False) -> dict[str, Any]:
    values = list(entry.strings)
    if _is_date_field(entry):
        if all(_DATE_ONLY.fullmatch(v) for v in values):
            return {"format": "date"}
        return {"format": "date-time"}
    if values and sum(map(is_url, values)) >= 0.95 * len(values):
        return {"format": "uri"}
    seen = sum(entry.strings.values())
    if (
        not listed
        and seen >= ENUM_SEEN
        and 1 < len(values) <= ENUM_MOST
        and min(entry.strings.values()) >= ENUM_EACH
        and all(_TOKEN.fullmatch(v) for v in values)
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


def survey(
    documents: Iterable[Document], generator: str | None = None, site: Generator | None = None
) -> Survey:
    found = Survey(generator=generator if site is None else site.dialect, site=site)
    for doc in documents:
        found.add(doc)
    return found


WALKED = ("*.md", "*.markdown", "*.mdx")  # the walk's defaults (linter.config)


def configuration(
    found: Survey, schema_file: str, folder: str = ".", excluded: Iterable[str] = ()
) -> str:
    """The draft ``.article-lint.toml`` that goes with the draft schema.

    ``folder`` is the surveyed folder relative to the configuration's: other than ``.``, the
    walk is kept inside it (the draft says nothing of a repository's README.md). ``excluded``:
    files without front matter beside no article (a README at the top of the folder).
    """
    lines = [
        f"# Drafted by article-lint init from {found.files} files. Every key: see the README.",
        f"schema = {_toml(schema_file)}",
    ]
    dialect = found.dialect()
    if dialect != "rfc3339":
        lines.append(f"date-dialect = {_toml(dialect)}  # how this site writes its dates")
    if folder != ".":
        lines += [
            f"# The schema was drafted from {folder}/: only its articles are linted.",
            f"include = [{', '.join(_toml(f'{folder}/**/{glob}') for glob in WALKED)}]",
            f"include-if-front-matter = [{_toml(f'{folder}/**/*.html')}]",
        ]
    excluded = sorted(excluded)
    if excluded:
        lines += [
            "# No front matter, and no article beside them: not articles.",
            # "/README.md": this one file; "README.md" would be every README.md below too.
            f"exclude = [{', '.join(_toml(path if '/' in path else '/' + path) for path in excluded)}]",
        ]
    many = len(found.languages) > 1
    identity = found.identity()
    if identity:
        from linter.rules import registry

        # The URL fields compared by default that the site uses stay compared.
        defaults = registry()["duplicate-url"].options().fields
        used = [f for f in defaults if f not in identity and f[1:] in found.top_level]
        fields = [*identity, *used]
        named = f"on a {found.site.name} site" if found.site is not None else "here"
        lines += ["", f"# What identifies a page {named}: {', '.join(identity)}."]
        lines += ["[rules.duplicate-url]", f"fields = [{', '.join(map(_toml, fields))}]"]
        if many:
            lines.append('scope = "language"  # translations share them')
    repeated = found.repeated_titles()
    lines.append("")
    if repeated or found.files < 2:
        if repeated:
            title, count = repeated[0]
            lines.append(
                f"# Titles repeat here ({len(repeated)} shared, such as {title!r} in {count} "
                "files): duplicate-title compares none. To compare them:"
            )
        else:
            lines.append("# To report titles shared by several files:")
        lines += ["# [rules.duplicate-title]", '# fields = ["/title"]']
    else:
        lines += [
            "# Every title is different: titles identify articles here.",
            "[rules.duplicate-title]",
            'fields = ["/title"]',
        ]
        if many:
            lines.append('scope = "language"  # translations share titles')
    return "\n".join(lines) + "\n"


def _toml(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    import json

    return json.dumps(text, ensure_ascii=False)
