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
from urllib.parse import SplitResult, unquote, urldefrag, urljoin, urlsplit

import referencing
import referencing.exceptions
import referencing.jsonschema

from linter.validation.inputs import SHOWN, files

MAX_REMOTE_BYTES = 5 * 1024 * 1024
# Real schemas are small and shallow; these bound what a hostile one costs (MDN's whole
# configuration file is 60 KB, nested 12 deep), with inputs.MAX_SCHEMA_BYTES.
MAX_SCHEMA_DEPTH = 128
# A remote schema is fetched, whole, within this time (the online budget's default is 600 s).
FETCH_SECONDS = 20.0
_YAML_SUFFIXES = (".yaml", ".yml")


class Unresolved(Exception):
    """A ``$ref`` of a schema file leads nowhere, or a schema file cannot be used (the message
    names the file, and never quotes what it holds)."""


def _url2pathname(path: str) -> str:
    # urllib.request is imported here, not above: importing it (http.client, email...) cost
    # 30 ms of every cold run that loads a schema of its own.
    from urllib.request import url2pathname

    return url2pathname(path)


def split_pointer(path: Path) -> tuple[Path, str]:
    """``config.json#/schema`` -> the file and the JSON pointer to the schema inside it.

    A file whose name really holds a ``#`` is taken as it is.
    """
    text = str(path)
    cut = text.find("#")
    if cut == -1 or files.is_file(text):
        return path, ""
    return Path(text[:cut]), text[cut + 1 :]


def read_schema(path: Path, *, shown: Path | None = None) -> Any:
    """The schema named by ``path``: a JSON or YAML (``.yaml``, ``.yml``) file, or the value a
    JSON pointer after ``#`` names inside one (``front-matter-config.json#/schema``).

    Raises ``Unresolved`` for a file that is missing, not a regular file, too large, not JSON
    (or YAML), nested deeper than ``MAX_SCHEMA_DEPTH``, or without the value the pointer names.
    """
    file, pointer = split_pointer(path)
    return read_file(file, pointer, shown=shown or path)


def read_file(file: Path, pointer: str = "", *, shown: Path) -> Any:
    """The value at ``pointer`` in the JSON or YAML ``file`` (``read_schema``)."""
    text = _read_bounded(file, shown)
    if file.suffix.lower() in _YAML_SUFFIXES:
        document = _parse_yaml(text, shown)
    else:
        try:
            document = json.loads(text)
        except RecursionError:
            raise Unresolved(f"{shown} is nested deeper than {MAX_SCHEMA_DEPTH} levels") from None
        except ValueError as error:
            raise Unresolved(f"{shown} is not valid JSON: {_json_reason(error)}") from None
    if _too_deep(document):
        raise Unresolved(f"{shown} is nested deeper than {MAX_SCHEMA_DEPTH} levels")
    return _follow(document, pointer, shown)


def _read_bounded(file: Path, shown: Path) -> str:
    data = files.read(str(file))
    if isinstance(data, str):
        raise Unresolved(data.replace(SHOWN, str(shown)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unresolved(f"{shown} is not UTF-8 text (byte {error.start})") from None


def _real(path: Path) -> Path:
    """``path.resolve()``, asked through ``files``."""
    return Path(files.real(str(path)))


def _json_reason(error: ValueError) -> str:
    # json's message says where, never what: "Expecting value: line 1 column 1 (char 0)".
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg}: line {error.lineno} column {error.colno}"
    return type(error).__name__


def _parse_yaml(text: str, shown: Path) -> Any:
    # The front matter's own reader: YAML 1.2 values, timestamps kept as strings, aliases and
    # depth bounded, messages that say where and never quote the text.
    from linter.reading import yamlload

    parsed = yamlload.parse(text, 1)
    for _, finding in parsed.findings:
        line = finding.position.line if finding.position else 0
        raise Unresolved(f"{shown} is not valid YAML: {finding.message} (line {line})")
    return parsed.data


def _too_deep(value: Any) -> bool:
    """Whether ``value`` nests deeper than ``MAX_SCHEMA_DEPTH`` (found without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, (dict, list)) else []
    while stack:
        node, level = stack.pop()
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, (dict, list)):
                if level >= MAX_SCHEMA_DEPTH:
                    return True
                stack.append((child, level + 1))
    return False


def _follow(document: Any, pointer: str, shown: Path) -> Any:
    if not pointer:
        return document
    if not pointer.startswith("/"):
        raise Unresolved(f"{shown}: expected a JSON pointer such as '#/schema' after '#'")
    node = document
    for token in pointer[1:].split("/"):
        key = unquote(token).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise Unresolved(f"{shown}: the pointer leads nowhere in that file")
    return node


def registry_for(
    path: Path, schema: Any, family: tuple[Path, ...], *, remote: tuple[str, ...] | None
) -> tuple[referencing.Registry[Any], Any]:
    """The registry a validator of ``schema`` (read from ``path``) resolves through, and the
    schema to validate with (given its file's URI as ``$id`` when it has none).

    The registry holds every resource that a ``$ref`` reaches (read, or fetched, once here):
    whatever validates with it never reads a file or the network itself.
    """
    named = [path, *(other for other in family if other != path)]
    files = [split_pointer(each)[0] for each in named]
    folders = tuple(sorted({str(_real(f).parent) for f in files}))
    local = _Local(folders, _specification(schema))
    root = local.with_base(schema, files[0])
    resources = [(_real(files[0]).as_uri(), local.resource(root))]
    for other, file in zip(named[1:], files[1:], strict=True):
        resources.append((_real(file).as_uri(), local.resource(local.load(other))))
    for uri, resource in list(resources):
        identifier = resource.id()
        if identifier and identifier != uri:
            resources.append((urldefrag(identifier)[0], resource))
            local.mirror(identifier, Path(_url2pathname(urlsplit(uri).path)).parent)
    retrieve = local.retrieve if remote is None else _with_network(local, remote)
    registry: referencing.Registry[Any] = referencing.Registry(retrieve=retrieve)  # type: ignore[call-arg]
    registry = _crawl(registry.with_resources(resources), resources, retrieve, path)
    _check_every_reference(registry, resources, path)
    _check_cycles(registry, resources, path)
    return registry, root


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

    def with_base(self, schema: Any, path: Path) -> Any:
        if not isinstance(schema, dict):
            return schema
        specification = _specification(schema)
        if specification.id_of(schema):
            return schema
        key = "id" if specification is referencing.jsonschema.DRAFT4 else "$id"
        return {key: _real(path).as_uri(), **schema}

    def resource(self, contents: Any) -> referencing.Resource[Any]:
        return referencing.Resource.from_contents(contents, default_specification=self.default)

    def mirror(self, identifier: str, folder: Path) -> None:
        base = urldefrag(identifier)[0].rsplit("/", 1)[0] + "/"
        if urlsplit(base).scheme in ("http", "https"):
            self.mirrors.append((base, folder))

    def load(self, path: Path) -> Any:
        file, pointer = split_pointer(path)
        real = files.real(str(file))
        if not any(real.startswith(folder.rstrip(os.sep) + os.sep) for folder in self.folders):
            raise Unresolved(f"{path} is outside the folders of the configured schemas")
        return read_file(Path(real), pointer, shown=path)

    def find(self, uri: str) -> Path | None:
        """The local file for ``uri``, if it names one (a file URI, or a mirrored ``$id``)."""
        parts = urlsplit(uri)
        if parts.scheme == "file":
            return Path(_url2pathname(parts.path))
        if not parts.scheme:  # relative to a schema without a usable base
            return Path(self.folders[0]) / _url2pathname(parts.path)
        for base, folder in self.mirrors:
            if uri.startswith(base) and files.is_file(str(folder / uri[len(base) :])):
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
        # Asked of the network, not of the file system: a load that asks it is not replayed.
        files.note("fetch", uri, json.dumps(contents, sort_keys=True))
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
    """The body at ``uri``, fetched from the address that was checked.

    The host is resolved once; every address it has must be public (or allowed), and the
    connection goes to the first of them, so a second answer of the name server (DNS
    rebinding) is never asked for. The whole exchange ends within ``FETCH_SECONDS``, however
    slowly the server sends; redirects are refused, not followed.
    """
    import time

    deadline = time.monotonic() + FETCH_SECONDS
    parts = urlsplit(uri)
    host, port, address = _checked_address(uri, parts, allowed)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    connection: _Pinned | None = None
    try:
        connection = _Pinned(parts.scheme, host, port, address, deadline)
        connection.request(
            "GET",
            target,
            headers={"Host": parts.netloc.rpartition("@")[2], "Accept": "application/json"},
        )
        response = connection.getresponse()
        if response.status != 200:
            where = "a redirect, not followed" if 300 <= response.status < 400 else "expected 200"
            raise Unresolved(f"cannot fetch {uri}: HTTP {response.status} ({where})")
        body = bytearray()
        while len(body) <= MAX_REMOTE_BYTES:
            chunk = response.read1(65536)
            if not chunk:
                break
            body += chunk
        if connection.expired:
            raise TimeoutError
    except Unresolved:
        raise
    except Exception as error:  # noqa: BLE001 - socket, TLS and http.client errors: one message
        late = isinstance(error, TimeoutError) or (connection is not None and connection.expired)
        why = f"no answer within {FETCH_SECONDS:g} s" if late else type(error).__name__
        raise Unresolved(f"cannot fetch {uri}: {why}") from None
    finally:
        if connection is not None:
            connection.close()
    if len(body) > MAX_REMOTE_BYTES:
        raise Unresolved(f"{uri} is larger than {MAX_REMOTE_BYTES} bytes")
    return bytes(body)


def _checked_address(
    uri: str, parts: SplitResult, allowed: tuple[str, ...]
) -> tuple[str, int, tuple[int, Any]]:
    """The host, port and the one address to connect to; ``Unresolved`` unless every address
    the host has is public or allowed."""
    import ipaddress
    import socket

    from linter.guard.netguard import Policy

    try:
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Unresolved(f"cannot fetch {uri}: not a valid address") from None
    policy = Policy.from_allowed(allowed)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise Unresolved(f"cannot fetch {uri}: {error.strerror or error}") from None
    for info in infos:
        refusal = policy.refusal(host, ipaddress.ip_address(info[4][0]))
        if refusal is not None:
            raise Unresolved(f"not fetched: {refusal}")
    if not infos:
        raise Unresolved(f"cannot fetch {uri}: the host has no address")
    return host, port, (infos[0][0], infos[0][4])


class _Pinned:
    """An HTTP(S) connection to one address chosen beforehand, named ``host`` (for TLS and
    the Host header), shut at ``deadline`` whatever it is waiting for (a server that sends a
    byte a second never lets a per-read timeout fire)."""

    def __init__(
        self, scheme: str, host: str, port: int, address: tuple[int, Any], deadline: float
    ) -> None:
        import http.client
        import socket
        import ssl
        import threading
        import time

        self.expired = False
        self.socket = socket.socket(address[0], socket.SOCK_STREAM)
        self.timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._expire)
        self.timer.daemon = True
        self.timer.start()
        self.socket.settimeout(max(0.001, deadline - time.monotonic()))
        self.socket.connect(address[1])
        if scheme == "https":
            context = ssl.create_default_context()
            self.socket = context.wrap_socket(self.socket, server_hostname=host)
        pinned = self.socket

        class Connection(http.client.HTTPConnection):
            def connect(self) -> None:  # already connected, to the address that was checked
                self.sock = pinned

        self.connection = Connection(host, port)

    def _expire(self) -> None:
        import contextlib
        import socket

        self.expired = True
        # Not connected yet, or closed already: then the connect timeout applies.
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)

    def request(self, method: str, target: str, headers: dict[str, str]) -> None:
        self.connection.request(method, target, headers=headers)

    def getresponse(self) -> Any:
        return self.connection.getresponse()

    def close(self) -> None:
        self.timer.cancel()
        self.connection.close()
        self.socket.close()


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
) -> None:
    from jsonschema_specifications import REGISTRY as SPECIFICATIONS  # type: ignore[import-untyped]

    known = SPECIFICATIONS.combine(registry)
    for uri, resource in resources:
        for base, reference in _references(resource, uri):
            try:
                known.resolver(base_uri=base).lookup(reference)
            except referencing.exceptions.Unresolvable as error:
                why = _why(error)
                raise Unresolved(
                    f"schema {path}: cannot resolve $ref {reference!r} ({why})"
                ) from None


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
    # Not str(error): referencing's messages quote the resource, which may be any file.
    return type(error).__name__


def _crawl(
    registry: referencing.Registry[Any],
    resources: list[tuple[str, referencing.Resource[Any]]],
    retrieve: Any,
    path: Path,
) -> referencing.Registry[Any]:
    """``registry`` with every resource that a ``$ref`` reaches, each read once."""
    from jsonschema_specifications import REGISTRY as SPECIFICATIONS

    registry = registry.crawl()
    pending = list(resources)
    while pending:
        uri, resource = pending.pop()
        for base, reference in _references(resource, uri):
            try:
                target = urldefrag(urljoin(base, reference))[0]
            except ValueError:  # "http://[bad": not a URI reference at all
                raise Unresolved(
                    f"schema {path}: $ref {reference!r} is not a valid URI reference"
                ) from None
            if not target or target in registry or target in SPECIFICATIONS:
                continue
            try:
                found = retrieve(target)
            except Unresolved as error:
                raise Unresolved(
                    f"schema {path}: cannot resolve $ref {reference!r} ({error})"
                ) from None
            registry = registry.with_resource(target, found).crawl()
            pending.append((target, found))
    return registry


# Keywords that apply a subschema to the value itself, not to a part of it: a cycle through
# them and "$ref" never moves on in the document, so a validator following it never ends.
_IN_PLACE = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas")
_REF_ALONE = (
    referencing.jsonschema.DRAFT4,
    referencing.jsonschema.DRAFT6,
    referencing.jsonschema.DRAFT7,
)


def _check_cycles(
    registry: referencing.Registry[Any],
    resources: list[tuple[str, referencing.Resource[Any]]],
    path: Path,
) -> None:
    """Raise ``Unresolved`` for a ``$ref`` that leads back to itself without a keyword that
    moves into the value (``{"$ref": "#"}``, ``a -> b -> a``, ``allOf: [{"$ref": "#"}]``):
    a validator following it would never end.

    An iterative depth-first search: reference chains can be as long as a schema is large.
    """
    from jsonschema_specifications import REGISTRY as SPECIFICATIONS

    known = SPECIFICATIONS.combine(registry)
    ref_alone = _specification(resources[0][1].contents) in _REF_ALONE
    done: set[int] = set()
    for uri, resource in resources:
        for node, resolver in _subschemas(resource, known.resolver(base_uri=uri)):
            if id(node) in done:
                continue
            on_path = {id(node)}
            stack = [("#", node, iter(_in_place(node, resolver, ref_alone)))]
            while stack:
                step = next(stack[-1][2], None)
                if step is None:
                    _, finished, _ = stack.pop()
                    on_path.discard(id(finished))
                    done.add(id(finished))
                    continue
                name, child, child_resolver = step
                if id(child) in on_path:
                    loop = " -> ".join([*(n for n, _, _ in stack[1:]), name][-6:])
                    raise Unresolved(
                        f"schema {path}: $ref cycle ({loop}) never moves into the value; "
                        "expected a keyword such as 'properties' or 'items' on the way"
                    )
                if id(child) not in done:
                    on_path.add(id(child))
                    stack.append((name, child, iter(_in_place(child, child_resolver, ref_alone))))


def _subschemas(resource: referencing.Resource[Any], resolver: Any) -> Iterator[tuple[Any, Any]]:
    """Every subschema of ``resource`` (itself included) with the resolver that applies there."""
    stack = [(resource, resolver)]
    while stack:
        current, current_resolver = stack.pop()
        if current.id():
            current_resolver = current_resolver.in_subresource(current)
        yield current.contents, current_resolver
        stack.extend((sub, current_resolver) for sub in current.subresources())


def _in_place(node: Any, resolver: Any, ref_alone: bool) -> Iterator[tuple[str, Any, Any]]:
    """What ``node``'s ``$ref`` names and the subschemas it applies to the same value."""
    if not isinstance(node, dict):
        return
    reference = node.get("$ref")
    if isinstance(reference, str):
        try:
            resolved = resolver.lookup(reference)
        except referencing.exceptions.Unresolvable:
            return  # _check_every_reference said why
        yield reference, resolved.contents, resolved.resolver
        if ref_alone:
            return  # before 2019-09, the keywords beside "$ref" are ignored
    for keyword in _IN_PLACE:
        value = node.get(keyword)
        subs = (
            list(value.values())
            if isinstance(value, dict) and keyword == "dependentSchemas"
            else [value]
            if isinstance(value, dict)
            else value
            if isinstance(value, list)
            else []
        )
        for sub in subs:
            if isinstance(sub, dict) and "$id" not in sub and "id" not in sub:
                yield keyword, sub, resolver
