"""Finds articles that share a URL with another file.

What it does: reports every file whose `originalUrl` or `webUrl` is also the
`originalUrl` or `webUrl` of another file, naming the other files. URLs are compared
without their scheme, `www.`, case of the host, trailing slash and fragment.
Why it is bad: the same story is listed twice; one of the files is a stale copy.
Example: two files with `originalUrl: "https://example.com/story/"` -> `url
'https://example.com/story/' is also in 2023/11/other.md`.
Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Document, Finding, Severity
from linter.rules import Rule, name_files
from linter.validation.formats import parse_url

_KEYS = ("/originalUrl", "/webUrl")


def collect(doc: Document, options: object) -> Iterator[tuple[str, Finding]]:
    seen: set[str] = set()
    for pointer, value in doc.each(*_KEYS):
        url = parse_url(value) if isinstance(value, str) else None
        if url is None:
            continue
        key = _normal(url.host, url.port, url.path)
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


RULE = Rule(id="duplicate-url", severity=Severity.ERROR, collect=collect, message=message)
