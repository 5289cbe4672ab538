"""Finds articles that share a URL with another file.

What it does: reports every file whose address (`originalUrl`, `webUrl`, `url`,
`permalink`, `canonical`, `canonicalURL` by default) is also the address of another file,
naming the other files. URLs are compared without their scheme, `www.`, case of the host,
trailing slash and fragment; other values (a permalink `/2023/11/story/`, a slug) without
case and surrounding slashes.
Why it is bad: the same story is listed twice; one of the files is a stale copy.
Example: two files with `originalUrl: "https://example.com/story/"` -> `url
'https://example.com/story/' is also in 2023/11/other.md`.
Options: fields (the names above): the fields that identify an article, such as
["/permalink", "/slug"]; scope ("all"): compare within the whole project, each "folder",
each "language" (translations may share a slug), or "groups" (the first of `groups`, a
list of globs, that the path matches).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from linter.model import Document, Finding, Severity
from linter.rules import IdentityOptions, Rule, name_files, scoped
from linter.validation.formats import parse_url

_FIELDS = ("/originalUrl", "/webUrl", "/url", "/permalink", "/canonical", "/canonicalURL")


@dataclass(frozen=True)
class Options(IdentityOptions):
    fields: tuple[str, ...] = _FIELDS


def collect(doc: Document, options: Options) -> Iterator[tuple[str, Finding]]:
    seen: set[str] = set()
    for group, pointer, value in options.values(doc):
        url = parse_url(value)
        if url is not None:
            key = scoped(group, _normal(url.host, url.port, url.path))
        else:
            key = scoped(group, "=" + value.strip().strip("/").lower())
        if key not in seen:  # originalUrl and webUrl are often equal: one report per file
            seen.add(key)
            yield key, Finding(pointer, value)


def _normal(host: str, port: int | None, path: str) -> str:
    host = host.removeprefix("www.")
    path = path.split("#", 1)[0]
    base, _, query = path.partition("?")
    base = base.rstrip("/") or "/"
    return f"{host}{':' + str(port) if port else ''}{base}{'?' + query if query else ''}"


def message(url: str, others: list[str]) -> str:
    return f"url {url!r} is also in {name_files(others)}"


RULE = Rule(
    id="duplicate-url",
    severity=Severity.ERROR,
    collect=collect,
    message=message,
    options=Options,
)
