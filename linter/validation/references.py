"""Resolve the ``$ref``s of a user's schema, all of them when the schema is loaded.

Where a reference may lead:

- a file beside the schema (``"author.schema.json"``, ``"defs/image.json#/$defs/x"``): a
  relative reference resolves against the referring schema file, as the specification says
  (a schema without ``$id`` is given its file's ``file:`` URI as its base);
- another schema of the configuration (``[[schemas]]``), by its file or its ``$id``; a
  reference under a schema's ``$id`` (``https://example.com/schemas/author.json`` beside
  ``https://example.com/schemas/blog.json``) is looked for in that schema's folder first;
- ``$anchor``, ``$dynamicAnchor`` and the metaschemas of every draft, which jsonschema knows;
- the network, only when the run's command line allows it (``--online``): fetched from public
  addresses only, at most ``MAX_REMOTE_BYTES``, cached on disk (MAC'd like every cache).

A file outside the folders of the configured schemas is never read. A reference that cannot
be resolved is an ``Unresolved`` error naming it and the schema file: the command turns it
into one message and exit 2, before any article is read.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

import referencing
import referencing.exceptions
import referencing.jsonschema

MAX_REMOTE_BYTES = 5 * 1024 * 1024
_TIMEOUT = 10.0


class Unresolved(Exception):
    """A ``$ref`` of a schema file leads nowhere (the message names both)."""


def registry_for(
    path: Path, schema: Any, family: tuple[Path, ...], *, remote: tuple[str, ...] | None
) -> tuple[referencing.Registry[Any], Any, tuple[str, ...]]:
    """The registry a validator of ``schema`` (read from ``path``) resolves through, the
    schema to validate with (given its file's URI as ``$id`` when it has none), and the text
    of every schema read to build them (the result cache's key holds them all)."""
    files = [path, *(other for other in family if other != path)]
    folders = tuple(sorted({str(f.resolve().parent) for f in files}))
    local = _Local(folders, _specification(schema))
    root = local.with_base(schema, path)
    resources = [(path.resolve().as_uri(), local.resource(root))]
    for other in files[1:]:
        resources.append((other.resolve().as_uri(), local.resource(local.load(other))))
    for uri, resource in list(resources):
        identifier = resource.id()
        if identifier and identifier != uri:
            resources.append((urldefrag(identifier)[0], resource))
            local.mirror(identifier, Path(url2pathname(urlsplit(uri).path)).parent)
    retrieve = local.retrieve if remote is None else _with_network(local, remote)
    registry: referencing.Registry[Any] = referencing.Registry(retrieve=retrieve)  # type: ignore[call-arg]
    registry = registry.with_resources(resources)
    registry = _check_every_reference(registry, resources, path)
    return registry, root, tuple(local.read)


def _specification(schema: Any) -> referencing.Specification[Any]:
    dialect = schema.get("$schema", "") if isinstance(schema, dict) else ""
    return referencing.jsonschema.specification_with(
        str(dialect), default=referencing.jsonschema.DRAFT202012
    )


class _Local:
    """Schema files on disk, read only inside ``folders``."""

    def __init__(self, folders: tuple[str, ...], default: referencing.Specification[Any]):
        self.folders = folders
        self.default = default
        self.mirrors: list[tuple[str, Path]] = []  # ($id folder, local folder)
        self.read: list[str] = []  # each schema read, as "where\0text"

    def with_base(self, schema: Any, path: Path) -> Any:
        if not isinstance(schema, dict):
            return schema
        specification = _specification(schema)
        if specification.id_of(schema):
            return schema
        key = "id" if specification is referencing.jsonschema.DRAFT4 else "$id"
        return {key: path.resolve().as_uri(), **schema}

    def resource(self, contents: Any) -> referencing.Resource[Any]:
        return referencing.Resource.from_contents(contents, default_specification=self.default)

    def mirror(self, identifier: str, folder: Path) -> None:
        base = urldefrag(identifier)[0].rsplit("/", 1)[0] + "/"
        if urlsplit(base).scheme in ("http", "https"):
            self.mirrors.append((base, folder))

    def load(self, path: Path) -> Any:
        real = os.path.realpath(path)
        if not any(real.startswith(folder.rstrip(os.sep) + os.sep) for folder in self.folders):
            raise Unresolved(f"{path} is outside the folders of the configured schemas")
        try:
            text = Path(real).read_text(encoding="utf-8")
            self.read.append(f"{real}\0{text}")
            return json.loads(text)
        except OSError as error:
            raise Unresolved(
                f"cannot read {path}: {(error.strerror or str(error)).lower()}"
            ) from None
        except (ValueError, UnicodeDecodeError) as error:
            raise Unresolved(f"{path} is not valid JSON: {error}") from None

    def find(self, uri: str) -> Path | None:
        """The local file for ``uri``, if it names one (a file URI, or a mirrored ``$id``)."""
        parts = urlsplit(uri)
        if parts.scheme == "file":
            return Path(url2pathname(parts.path))
        if not parts.scheme:  # relative to a schema without a usable base
            return Path(self.folders[0]) / url2pathname(parts.path)
        for base, folder in self.mirrors:
            if uri.startswith(base) and (folder / uri[len(base) :]).is_file():
                return folder / uri[len(base) :]
        return None

    def retrieve(self, uri: str) -> referencing.Resource[Any]:
        found = self.find(uri)
        if found is None:
            scheme = urlsplit(uri).scheme
            if scheme in ("http", "https"):
                raise Unresolved("remote references are fetched only with --online")
            raise Unresolved(f"no schema is known as {uri}")
        return self.resource(self.load(found))


def _with_network(local: _Local, allowed: tuple[str, ...]) -> Any:
    def retrieve(uri: str) -> referencing.Resource[Any]:
        if local.find(uri) is not None or urlsplit(uri).scheme not in ("http", "https"):
            return local.retrieve(uri)
        contents = fetch(uri, allowed)
        local.read.append(f"{uri}\0{json.dumps(contents, sort_keys=True)}")
        return local.resource(contents)

    return retrieve


def fetch(uri: str, allowed: tuple[str, ...] = ()) -> Any:
    """A remote schema, from the disk cache or from a public address; ``Unresolved`` if not."""
    from linter.guard import fsguard, signing

    signer = signing.Signer()
    name = signer.mac("schema", uri) + ".json"
    folder = str(signing.user_folder() / "schemas")
    with fsguard.folder(folder, create=True) as handle:
        kept = fsguard.read_in(handle, name, MAX_REMOTE_BYTES + 64) if handle is not None else None
    if kept is not None and kept[:32].decode("ascii", "replace") == signer.mac(uri, kept[32:]):
        return json.loads(kept[32:])
    body = _download(uri, allowed)
    try:
        contents = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise Unresolved(f"{uri} is not JSON: {error}") from None
    with fsguard.folder(folder, create=True) as handle:
        if handle is not None:
            fsguard.write_in(handle, name, signer.mac(uri, body).encode() + body)
    return contents


def _download(uri: str, allowed: tuple[str, ...]) -> bytes:
    import socket
    import urllib.error
    import urllib.request

    from linter.guard.netguard import Policy

    host = urlsplit(uri).hostname or ""
    policy = Policy.from_allowed(allowed)
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError as error:
        raise Unresolved(f"cannot fetch {uri}: {error}") from None
    import ipaddress

    for info in infos:
        refusal = policy.refusal(host, ipaddress.ip_address(info[4][0]))
        if refusal is not None:
            raise Unresolved(f"not fetched: {refusal}")

    class _NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None  # a redirect could lead anywhere: refused, not followed

    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(uri, timeout=_TIMEOUT) as response:
            body: bytes = response.read(MAX_REMOTE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise Unresolved(f"cannot fetch {uri}: {error}") from None
    if len(body) > MAX_REMOTE_BYTES:
        raise Unresolved(f"{uri} is larger than {MAX_REMOTE_BYTES} bytes")
    return body


def _references(resource: referencing.Resource[Any], base: str) -> Iterator[tuple[str, str]]:
    """``(base URI, reference)`` of every ``$ref`` in ``resource`` and its subschemas."""
    identifier = resource.id()
    if identifier:
        base = urljoin(base, identifier)
    contents = resource.contents
    if isinstance(contents, dict) and isinstance(contents.get("$ref"), str):
        yield base, contents["$ref"]
    for sub in resource.subresources():
        yield from _references(sub, base)


def _check_every_reference(
    registry: referencing.Registry[Any],
    resources: list[tuple[str, referencing.Resource[Any]]],
    path: Path,
) -> referencing.Registry[Any]:
    """Resolve every ``$ref`` of the schema and of every schema it leads to, now; the
    registry returned holds them all, so validating reads no file and fetches nothing."""
    from jsonschema_specifications import REGISTRY as SPECIFICATIONS  # type: ignore[import-untyped]

    known: referencing.Registry[Any] = SPECIFICATIONS.combine(registry)
    seen = {uri for uri, _ in resources}
    pending = list(resources)
    while pending:
        uri, resource = pending.pop()
        for base, reference in _references(resource, uri):
            try:
                known.resolver(base_uri=base).lookup(reference)
                target = urldefrag(urljoin(base, reference))[0]
                if not target or target in seen or target in SPECIFICATIONS:
                    continue
                seen.add(target)
                retrieved = known.get_or_retrieve(target)
            except referencing.exceptions.Unresolvable as error:
                why = _why(error)
                raise Unresolved(
                    f"schema {path}: cannot resolve $ref {reference!r} ({why})"
                ) from None
            known = retrieved.registry
            pending.append((target, retrieved.value))
    return known


def _why(error: BaseException) -> str:
    """What went wrong, from the first ``Unresolved`` down the chain of causes."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, Unresolved):
            return str(cause)
        cause = cause.__cause__ or cause.__context__
    if isinstance(error, referencing.exceptions.PointerToNowhere):
        return "the pointer leads nowhere in that schema"
    if isinstance(error, referencing.exceptions.NoSuchAnchor):
        return "no such anchor"
    return str(error) or type(error).__name__
