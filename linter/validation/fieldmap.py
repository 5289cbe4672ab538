"""Read off a schema where each kind of value lives: the rules follow the schema's fields.

A walk of the schema from its root, through ``properties``, ``items``/``prefixItems``,
``$ref``, ``allOf``/``anyOf``/``oneOf`` and ``if``/``then``/``else``, collects the pattern of
every field (``/related/*/webUrl``) with what the schema says of it:

- ``format: date-time`` or ``date``: a date (a publication date when named as one);
- ``format: uri``, ``iri``, ``uri-reference`` or ``iri-reference``: a URL;
- an object with a URL property and integer ``width`` and ``height``: an image;
- ``type: boolean`` and nothing else: a boolean (``draft``);
- any other plain string (no format, no ``enum``/``const``, no ``contentMediaType`` or
  ``contentEncoding``, which mark HTML, tokens and other machine text): a text for readers.

Fields reached only through ``additionalProperties`` or ``patternProperties`` have no name
to point at: the configuration's ``[fields]`` can add them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from linter.fields import FieldMap, Image, is_publication_date
from linter.model import pointer_join, pointer_tokens

DATE_FORMATS = frozenset({"date-time", "date"})
URL_FORMATS = frozenset({"uri", "iri", "uri-reference", "iri-reference"})
_MAX_DEPTH = 24  # deeper schemas are recursive ones (a tree of comments): enough is seen

# Resolves a "$ref" seen in a schema to (the schema it names, the resolver for refs in it).
Resolve = Callable[[str], tuple[Any, "Resolve"]]


class _Walk:
    def __init__(self) -> None:
        self.kinds: dict[str, set[str]] = {}  # pattern -> what the schema says it is
        self.order: list[str] = []
        self.children: dict[str, set[str]] = {}  # an object's pattern -> its property names

    def note(self, pattern: str, kind: str) -> None:
        if pattern not in self.kinds:
            self.kinds[pattern] = set()
            self.order.append(pattern)
        self.kinds[pattern].add(kind)

    def visit(
        self, node: Any, pattern: str, resolve: Resolve, depth: int, seen: frozenset[int]
    ) -> None:
        if not isinstance(node, dict) or depth > _MAX_DEPTH or id(node) in seen:
            return
        seen = seen | {id(node)}
        reference = node.get("$ref")
        if isinstance(reference, str):
            try:
                target, inner = resolve(reference)
            except Exception:  # noqa: BLE001 - the validator reports unresolvable refs
                target, inner = None, resolve
            self.visit(target, pattern, inner, depth + 1, seen)
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in node.get(key, ()) if isinstance(node.get(key), list) else ():
                self.visit(sub, pattern, resolve, depth + 1, seen)
        for key in ("then", "else"):
            self.visit(node.get(key), pattern, resolve, depth + 1, seen)
        self._classify(node, pattern)
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, sub in properties.items():
                child = pointer_join(pattern, name)
                self.children.setdefault(pattern, set()).add(name)
                self.note(child, "field")
                self.visit(sub, child, resolve, depth + 1, seen)
        items = node.get("items")
        prefix = node.get("prefixItems")
        for sub in [items] + (prefix if isinstance(prefix, list) else []):
            if isinstance(sub, dict):
                self.note(f"{pattern}/*", "field")
                self.visit(sub, f"{pattern}/*", resolve, depth + 1, seen)

    def _classify(self, node: dict[str, Any], pattern: str) -> None:
        types = node.get("type")
        names = {types} if isinstance(types, str) else set(types or ())
        fmt = node.get("format")
        if fmt in DATE_FORMATS:
            self.note(pattern, "date")
        elif fmt in URL_FORMATS:
            self.note(pattern, "url")
        elif fmt is not None:
            self.note(pattern, "machine")
        if "integer" in names:
            self.note(pattern, "integer")
        if "string" in names:
            self.note(pattern, "string")
        if names == {"boolean"}:
            self.note(pattern, "boolean")
        elif names:
            self.note(pattern, "not-boolean")
        if any(key in node for key in ("enum", "const", "contentMediaType", "contentEncoding")):
            self.note(pattern, "machine")
        choices = node.get("enum", [node["const"]] if "const" in node else [])
        if isinstance(choices, list) and choices and all(isinstance(c, str) for c in choices):
            self.note(pattern, "string")


def derive(schema: Any, resolve: Resolve, dialect: str = "rfc3339") -> FieldMap:
    """The field map ``schema`` implies (``resolve`` answers its ``$ref``s)."""
    walk = _Walk()
    walk.visit(schema, "", resolve, 0, frozenset())
    kinds = walk.kinds
    dates = [p for p in walk.order if "date" in kinds[p]]
    urls = [p for p in walk.order if "url" in kinds[p]]
    texts = [
        p
        for p in walk.order
        if "string" in kinds[p] and not kinds[p] & {"date", "url", "machine", "integer"}
    ]
    images = []
    for pattern in walk.order:
        names = walk.children.get(pattern, set())
        if not {"width", "height"} <= names:
            continue
        sizes = (pointer_join(pattern, "width"), pointer_join(pattern, "height"))
        if not all("integer" in kinds.get(size, ()) for size in sizes):
            continue
        url = next(
            (n for n in sorted(names) if "url" in kinds.get(pointer_join(pattern, n), ())), None
        )
        if url is not None:
            images.append(Image(pattern, url))
    return FieldMap(
        dates=tuple(dates),
        publication_dates=tuple(p for p in dates if is_publication_date(p)),
        urls=tuple(urls),
        images=tuple(images),
        texts=tuple(texts),
        strings=tuple(p for p in walk.order if "string" in kinds[p]),
        dialect=dialect,
        booleans=tuple(
            p for p in walk.order if "boolean" in kinds[p] and "not-boolean" not in kinds[p]
        ),
    )


def local_resolver(root: Any) -> Resolve:
    """Resolves the ``#/...`` references of a schema with no others (the bundled one)."""

    def resolve(reference: str) -> tuple[Any, Resolve]:
        if not reference.startswith("#"):
            raise LookupError(reference)
        node = root
        for token in pointer_tokens(reference[1:]):
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node, resolve

    return resolve


def registry_resolver(resolver: Any) -> Resolve:
    """Resolves through a ``referencing`` resolver (a user's schema and everything it names)."""

    def resolve(reference: str) -> tuple[Any, Resolve]:
        resolved = resolver.lookup(reference)
        return resolved.contents, registry_resolver(resolved.resolver)

    return resolve


def adjusted(
    derived: FieldMap, changes: Iterable[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> FieldMap:
    """``derived`` with the configuration's ``[fields]``: per kind, patterns added and removed."""
    values = derived._asdict()
    changed = set()
    for kind, added, removed in changes:
        changed.add(kind)
        current = list(values[kind])
        everything = "*" in removed
        if kind == "images":
            gone = set(removed)
            current = [img for img in current if not everything and img.pattern not in gone]
            known = {image.pattern for image in current}
            current += [Image(pattern, "") for pattern in added if pattern not in known]
        else:
            current = [p for p in current if not everything and p not in removed]
            current += [p for p in added if p not in current]
        values[kind] = tuple(current)
    if "publication_dates" not in changed:
        values["publication_dates"] = tuple(p for p in values["dates"] if is_publication_date(p))
    return FieldMap(**values)
