"""``article-lint lsp``: a Language Server Protocol server on stdio, for editors.

The same problems as the command line, for the file being edited, as the writer types:

- diagnostics on open and on change (debounced): for each file, exactly what ``article-lint .``
  run in its workspace folder reports for it (the rule id as the code with a link to its
  documentation, the range on the value, in UTF-16 code units);
- cross-file rules (duplicate URLs and titles) against the project: the other files on disk,
  and the open buffers as they are typed;
- quick fixes for every fixable problem, whatever else is wrong in the file: the edits
  ``--fix`` makes (the rule's fix, or the fix the problem carries as data), offered when they
  remove the problem and add none;
- hover on a field: the schema's title, description, type and allowed values;
- completion of the schema's field names inside front matter, and of enum values.

The server looks only inside its workspace folders. A file is judged by the nearest
configuration (``.article-lint.toml``, or ``pyproject.toml`` with ``[tool.article-lint]``)
above it, not above its workspace folder, else by the defaults, and compared with the other
files that configuration judges. A file outside every workspace folder is judged alone, by the
defaults.

Online checks never run here. The analysis (``Workspace``) is plain Python, tested on its
own; the pygls wiring below it is thin. A file that makes the analysis fail is logged and
left without diagnostics: the server goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter import config as config_module
from linter import globs
from linter.config import Config, ConfigError
from linter.engine import discovery, runner
from linter.model import FileResult, Finding, Position, Problem, Severity, pointer_tokens
from linter.reading import frontmatter, reader
from linter.rules import registry
from linter.validation import schema

# Typing bursts are analysed once, at their end; short enough to feel instant (under 50 ms
# with the analysis of a typical article, benchmarks/bench_lsp.py).
DEBOUNCE_SECONDS = 0.025
# How long a walk of a project's files is trusted when nothing said the disk changed.
WALK_SECONDS = 5.0
RULE_DOCS = "https://github.com/article-lint/article-lint/blob/main/docs/rules.md#"
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Project:
    """The files one configuration judges, and where they are judged from.

    ``top`` is the configuration's folder, else the workspace folder: the files below it that
    no nearer configuration claims are the project, compared by the cross-file rules. ``base``
    is the workspace folder: files are named relative to it, as ``article-lint .`` run there
    names them (a nested configuration's files too). A file outside every workspace folder is
    ``alone``: its own folder is both, and no other file is compared with it.
    """

    top: str
    base: str
    config: Config
    alone: bool = False

    def name(self, path: str) -> str:
        """``path`` as the command line run in ``base`` names it."""
        return os.path.relpath(path, self.base)


class Workspace:
    """What the server knows of the files: workspace folders, projects, open buffers, facts.

    Paths are absolute, their folders resolved (``real_path``).
    """

    def __init__(self, folders: Iterable[str] = ()) -> None:
        self.folders: tuple[str, ...] = ()
        self.buffers: dict[str, str] = {}  # path -> text of open documents
        self._projects: dict[str, Project | ConfigError] = {}  # folder -> its files' project
        self._loaded: dict[tuple[str, str], Project] = {}  # (configuration, workspace) -> ...
        self._walks: dict[str, tuple[float, dict[str, discovery.Found]]] = {}  # top -> files
        # (top, configuration, name) -> (stat, facts) of the projects' files on disk
        self._facts: dict[tuple[str, str, str], tuple[object, FileResult]] = {}
        self._home = os.getcwd()
        self.set_folders(folders)

    def set_folders(self, folders: Iterable[str]) -> None:
        """The workspace folders (the client's ``workspaceFolders``, else its ``rootUri``)."""
        resolved = tuple(sorted({os.path.realpath(folder) for folder in folders}))
        if resolved != self.folders:
            self.folders = resolved
            self.forget()

    def forget(self) -> None:
        """Configuration or schema files changed: read them again when next asked."""
        self._projects.clear()
        self._loaded.clear()
        self._walks.clear()
        self._facts.clear()
        schema.load_validator.cache_clear()

    def project_for(self, path: str) -> Project:
        """The project that ``path`` belongs to (raises ``ConfigError``)."""
        folder = os.path.dirname(path)
        found = self._projects.get(folder)
        if found is None:
            try:
                found = self._project_of(folder)
                for schema_path in found.config.schema_family:
                    schema.load_validator(schema_path, family=found.config.schema_family)
            except (ConfigError, schema.SchemaError) as error:
                found = ConfigError(str(error))
            self._projects[folder] = found
        if isinstance(found, ConfigError):
            raise found
        return found

    def _project_of(self, folder: str) -> Project:
        inside = [top for top in self.folders if _within(folder, top)]
        if not inside:
            default = config_module.from_table({}, root=Path(folder))
            return Project(folder, folder, default, alone=True)
        workspace = max(inside, key=len)  # nested workspace folders: the nearest one
        source = nearest_config(folder, workspace)
        # One project per configuration: its folders share it, read once.
        key = (str(source or ""), workspace)
        if key not in self._loaded:
            if source is None:
                config = config_module.from_table({}, root=Path(workspace))
            else:
                config = config_module.load(source)
            self._loaded[key] = Project(str(config.root), workspace, config)
        return self._loaded[key]

    def problems(self, path: str, text: str) -> list[Problem]:
        """The problems of the document at ``path`` holding ``text``, cross-file ones included:
        what the command line reports for it, run from its project's top."""
        project = self.project_for(path)
        name, config = project.name(path), project.config
        with _working_in(project.base, self._home):
            result = runner.lint_bytes(name, _encoded(text), config)
            others = [] if project.alone else list(self._project_facts(project, path))
            return [p for p in runner.finish([result, *others], config) if p.file == name]

    def _project_facts(self, project: Project, path: str) -> Iterator[FileResult]:
        """What the project rules need of every other file of the project, as the walk from
        its top finds them: the open buffer's text where there is one, else the file's; and
        the open buffers not yet saved that the walk would find."""
        config = project.config
        if not any(rule.collect is not None for rule in config.rules_for(project.name(path))):
            return
        files = self._project_files(project)
        fingerprint = config.fingerprint()  # the facts of another configuration are not these
        for where, found in files.items():
            if where == path:
                continue
            text = self.buffers.get(where)
            if text is not None:
                yield runner.lint_bytes(found.name, _encoded(text), config, facts_only=True)
                continue
            key = (project.top, fingerprint, found.name)
            known = self._facts.get(key)
            if known is None or known[0] != found.stat:
                try:
                    data = discovery.read(found)
                except Exception:  # noqa: BLE001 - an unreadable file has no facts
                    continue
                known = (found.stat, runner.lint_bytes(found.name, data, config, facts_only=True))
                self._facts[key] = known
            yield known[1]
        for where, text in self.buffers.items():
            if where in files or where == path or os.path.lexists(where):
                continue
            if self._same_project(where, project) and _walkable(where, project):
                yield runner.lint_bytes(
                    project.name(where), _encoded(text), config, facts_only=True
                )

    def _project_files(self, project: Project) -> dict[str, discovery.Found]:
        """The files of the project as the walk from its top finds them, by path.

        A walk of a large site takes a second (13,000 pages): it is kept while nothing says
        the disk changed (``disk_changed``: a save, a file opened or closed, the client's file
        watchers) and for at most ``WALK_SECONDS``, not walked again at every key typed.
        """
        now = time.monotonic()
        known = self._walks.get(project.top)
        if known is None or now - known[0] > WALK_SECONDS:
            files = {}
            top = os.path.relpath(project.top, project.base)
            for found in discovery.discover([top], project.config, with_stat=True):
                where = os.path.normpath(os.path.join(project.base, found.name))
                if self._same_project(where, project):
                    files[where] = found
            known = (now, files)
            self._walks[project.top] = known
        return known[1]

    def disk_changed(self) -> None:
        """Files may have been written, made or removed: walk the projects again, and look
        for their configurations again (the schemas are read again by ``forget``)."""
        self._walks.clear()
        self._projects.clear()
        self._loaded.clear()

    def _same_project(self, path: str, project: Project) -> bool:
        """Whether ``path`` is judged by ``project`` (not by a configuration of its own)."""
        try:
            return self.project_for(path).top == project.top
        except ConfigError:
            return False

    def fix(self, path: str, text: str, problem: Problem, problems: list[Problem]) -> str | None:
        """The document's text with ``problem`` fixed as ``--fix`` would fix it, or ``None``.

        ``problems`` are the document's problems now: the fix is offered when the fixed text
        parses, ``problem`` is gone and no other problem appears, whatever else was there.
        """
        rule = registry().get(problem.code)
        if rule is None or rule.fix is None:
            return None
        from linter.engine import fix

        project = self.project_for(path)
        data = _encoded(text)
        found = frontmatter.split(data)
        # The fixes edit YAML spans (quoting, removing a line); TOML and JSON are left alone.
        if not isinstance(found, frontmatter.FrontMatter) or found.syntax != "yaml":
            return None
        with _working_in(project.base, self._home):
            doc = runner.read(project.name(path), data, project.config)
        where = Position(problem.line, problem.column)
        edits = rule.fix(doc, Finding(problem.pointer, problem.message, where, problem.fix))
        edited = fix.apply(doc.front_matter, edits) if edits else None
        if edited is None or edited == doc.front_matter:
            return None
        start = found.offset + (len(_BOM) if data.startswith(_BOM) else 0)
        end = start + len(doc.front_matter.encode("utf-8", "surrogatepass"))
        after = data[:start] + edited.encode("utf-8", "surrogatepass") + data[end:]
        if not reader.read(path, after).ok:
            return None
        fixed = after.decode("utf-8", "surrogatepass")
        return fixed if only_removes(problems, self.problems(path, fixed), problem) else None

    def schema_of(self, path: str) -> dict[str, Any]:
        project = self.project_for(path)
        config = project.config
        with _working_in(project.base, self._home):
            where = config.schema_for(project.name(path))
        return schema.load_validator(where, family=config.schema_family).schema

    def field_at(self, path: str, text: str, line: int, column: int) -> str | None:
        """The pointer of the field whose key is at 1-based ``line``, ``column``."""
        doc = reader.read(path, text.encode("utf-8"))
        best = None
        for pointer in doc.nodes:
            node = doc.nodes[pointer]
            deeper = best is None or node.key.column > doc.nodes[best].key.column
            if pointer and node.key.line == line and node.key.column <= column and deeper:
                best = pointer
        return best

    def parent_at(self, path: str, text: str, line: int, indent: int) -> str:
        """The pointer of the mapping a new key at ``line`` (1-based), ``indent`` belongs to."""
        doc = reader.read(path, _without_line(text, line).encode("utf-8"))
        parent, parent_line = "", 0
        for pointer in doc.nodes:
            node = doc.nodes[pointer]
            if pointer and node.key.column - 1 < indent and parent_line < node.key.line < line:
                parent, parent_line = pointer, node.key.line
        return parent


def real_path(path: str) -> str:
    """``path`` absolute, its folder's links resolved (the file itself may be a link)."""
    absolute = os.path.abspath(path)
    return os.path.join(os.path.realpath(os.path.dirname(absolute)), os.path.basename(absolute))


def nearest_config(folder: str, top: str) -> Path | None:
    """The nearest configuration file in ``folder`` or above it, up to ``top`` and no further."""
    current = folder
    while _within(current, top):
        candidate = Path(current) / config_module.CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = Path(current) / "pyproject.toml"
        if pyproject.is_file() and _has_our_table(pyproject):
            return pyproject
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return None


def _has_our_table(pyproject: Path) -> bool:
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True  # broken: loading it says what is wrong, as the command line does
    tool = table.get("tool")
    return isinstance(tool, dict) and "article-lint" in tool


def _walkable(path: str, project: Project) -> bool:
    """Whether the walk of ``project`` would find the file at ``path`` (``.gitignore`` files
    aside): an article by its name, not excluded, in no hidden or skipped folder."""
    *folders, _ = os.path.relpath(path, project.top).split(os.sep)
    if any(part.startswith(".") or part in discovery.SKIPPED_FOLDERS for part in folders):
        return False
    relative = project.config.relative(path)
    config = project.config
    return globs.matches_any(config.include, relative) and not globs.matches_any(
        config.exclude, relative
    )


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(os.path.join(folder, ""))


@contextlib.contextmanager
def _working_in(folder: str, home: str) -> Iterator[None]:
    """Run in ``folder``, as the command line run there: file names, globs and the walk are
    relative to the current folder. The server answers one request at a time, so changing it
    meanwhile is safe; it goes back to ``home`` after."""
    os.chdir(folder)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.chdir(home)


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# What a fix may renumber in other problems: list indexes in pointers and field paths
# (removing a duplicate item moves the next ones up) and line numbers (removing a line).
_RENUMBERED = re.compile(r"(?<=/)\d+(?=/|$)|(?<=\[)\d+(?=\])|(?<=line )\d+")


def _shape(problem: Problem) -> tuple[str, str, str]:
    return (
        problem.code,
        _RENUMBERED.sub("#", problem.pointer),
        _RENUMBERED.sub("#", problem.message),
    )


def only_removes(before: list[Problem], after: list[Problem], fixed: Problem) -> bool:
    """Whether ``after`` is ``before`` less ``fixed``, or less still: one fewer ``fixed``
    problem and no problem that was not there (compared as multisets, positions aside)."""
    allowed = Counter(map(_shape, before))
    allowed[_shape(fixed)] -= 1
    return not Counter(map(_shape, after)) - allowed and allowed[_shape(fixed)] >= 0


def _without_line(text: str, line: int) -> str:
    """``text`` with the (half-typed) line ``line`` emptied, so that the rest still parses."""
    lines = text.split("\n")
    if 0 < line <= len(lines):
        lines[line - 1] = ""
    return "\n".join(lines)


def subschema(root: dict[str, Any], pointer: str) -> dict[str, Any] | None:
    """The part of ``root`` that describes the value at ``pointer`` (local ``$ref``s followed)."""
    node: Any = _resolve(root, root)
    for token in pointer_tokens(pointer):
        if not isinstance(node, dict):
            return None
        properties = node.get("properties", {})
        if token in properties:
            node = properties[token]
        elif token.isdigit() and isinstance(node.get("items"), dict):
            node = node["items"]
        else:
            return None
        node = _resolve(root, node)
    return node if isinstance(node, dict) else None


def _resolve(root: dict[str, Any], node: Any) -> Any:
    for _ in range(32):  # a loop of references ends somewhere
        reference = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(reference, str) or not reference.startswith("#"):
            return node
        target: Any = root
        for token in pointer_tokens(reference[1:]):
            target = target.get(token) if isinstance(target, dict) else None
        node = target
    return node


def describe(node: dict[str, Any]) -> str:
    """Markdown for a hover: title, description, type and allowed values."""
    parts = []
    if "title" in node:
        parts.append(f"**{node['title']}**")
    if "description" in node:
        parts.append(str(node["description"]))
    kind = node.get("type")
    if kind:
        shown = " or ".join(kind) if isinstance(kind, list) else kind
        extra = f", format `{node['format']}`" if "format" in node else ""
        parts.append(f"Type: `{shown}`{extra}")
    allowed = node.get("enum") or ([node["const"]] if "const" in node else None)
    if allowed:
        parts.append("Allowed: " + ", ".join(f"`{value}`" for value in allowed))
    return "\n\n".join(parts)


# The files whose changes on disk matter: articles, configurations, schemas.
_WATCHED = (
    "**/*.{md,markdown,mdx,html,htm}",
    "**/.article-lint.toml",
    "**/pyproject.toml",
    "**/*.json",
)
_SEVERITIES = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}
_KEY_TYPED = re.compile(r"^(\s*)(?:-\s+)?([^\s:#]*)$")
_VALUE_TYPED = re.compile(r"^\s*(?:-\s+)?([^\s:#]+):\s*(\S*)$")


def serve() -> bool:  # pragma: no cover - exercised end to end by tests/test_lsp.py
    """Run the server on stdin and stdout until the client says exit; whether it ended as the
    protocol wants (``exit`` after ``shutdown``: status 0, any other end: 1)."""
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    from linter.version import __version__

    server = LanguageServer("article-lint", __version__)
    handlers = _Handlers(server)
    features: list[tuple[str, Any, Callable[[Any], Any]]] = [
        (types.TEXT_DOCUMENT_DID_OPEN, None, handlers.did_open),
        (types.TEXT_DOCUMENT_DID_CHANGE, None, handlers.did_change),
        (types.TEXT_DOCUMENT_DID_SAVE, None, handlers.did_save),
        (types.TEXT_DOCUMENT_DID_CLOSE, None, handlers.did_close),
        (
            types.TEXT_DOCUMENT_CODE_ACTION,
            types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
            handlers.code_action,
        ),
        (types.TEXT_DOCUMENT_HOVER, None, handlers.hover),
        (
            types.TEXT_DOCUMENT_COMPLETION,
            types.CompletionOptions(trigger_characters=[":", " "]),
            handlers.completion,
        ),
        (types.SHUTDOWN, None, handlers.shutdown),
        (types.INITIALIZED, None, handlers.initialized),
        (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, None, handlers.watched_files_changed),
    ]
    for name, options, method in features:
        # pygls marks the function it registers: a plain function, not the bound method.
        server.feature(name, options)(_plain(method))
    # pygls closes the stream it writes to on exit: a copy of standard output, so that the
    # command's own final flush of ``sys.stdout`` still has an open file.
    with os.fdopen(os.dup(sys.stdout.fileno()), "wb") as stdout:
        server.start_io(stdout=stdout)
    return handlers.shut_down


def _plain(method: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def handler(params: Any) -> Any:
        return method(params)

    return handler


class _Handlers:
    """The server's answers; each turns LSP types into ``Workspace`` calls and back."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.workspace = Workspace()
        self.pending: dict[str, asyncio.Task[None]] = {}
        # The problems last published, per path, with the text they are of: what a code
        # action asks about is what the editor shows.
        self.published: dict[str, tuple[str, list[Problem]]] = {}
        self.shut_down = False

    def path_of(self, uri: str) -> str:
        from pygls.uris import to_fs_path

        return real_path(to_fs_path(uri) or uri)

    def document(self, uri: str) -> Any:
        return self.server.workspace.get_text_document(uri)

    def sync_folders(self) -> None:
        """The workspace folders as the client last said (``workspaceFolders``, else
        ``rootUri``); pygls keeps them, changes included."""
        from pygls.uris import to_fs_path

        workspace = self.server.workspace
        uris = [folder.uri for folder in workspace.folders.values()]
        if not uris and workspace.root_uri:
            uris = [workspace.root_uri]
        paths = [to_fs_path(uri) for uri in uris]
        self.workspace.set_folders(path for path in paths if path)

    def problems(self, path: str, text: str) -> list[Problem]:
        self.sync_folders()
        known = self.published.get(path)
        if known is not None and known[0] == text:
            return known[1]
        problems = self.workspace.problems(path, text)
        self.published[path] = (text, problems)
        return problems

    def publish(self, uri: str) -> None:
        from lsprotocol import types

        document = self.document(uri)
        path = self.path_of(uri)
        self.workspace.buffers[path] = document.source
        self.published.pop(path, None)
        try:
            problems = self.problems(path, document.source)
            diagnostics = [_diagnostic(document, p) for p in problems]
        except ConfigError as error:
            diagnostics = [
                types.Diagnostic(
                    range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                    message=f"configuration error: {error}",
                    severity=types.DiagnosticSeverity.Error,
                    source="article-lint",
                )
            ]
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the server
            self.server.window_log_message(
                types.LogMessageParams(types.MessageType.Error, f"article-lint: {error!r}")
            )
            return
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=diagnostics, version=document.version
            )
        )

    async def later(self, uri: str) -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        self.publish(uri)

    def did_open(self, params: Any) -> None:
        self.workspace.disk_changed()  # a file opened may be new, or other than when walked
        if not _settings(self.path_of(params.text_document.uri)):
            self.publish(params.text_document.uri)

    def did_change(self, params: Any) -> None:
        uri = params.text_document.uri
        self.workspace.buffers[self.path_of(uri)] = self.document(uri).source
        if uri in self.pending:
            self.pending[uri].cancel()
        self.pending[uri] = asyncio.ensure_future(self.later(uri))

    def did_save(self, params: Any) -> None:
        self.changed([self.path_of(params.text_document.uri)])

    def did_close(self, params: Any) -> None:
        self.workspace.disk_changed()  # a closed buffer counts as its file again
        path = self.path_of(params.text_document.uri)
        self.workspace.buffers.pop(path, None)
        self.published.pop(path, None)

    def watched_files_changed(self, params: Any) -> None:
        self.changed([self.path_of(change.uri) for change in params.changes])

    def changed(self, paths: list[str]) -> None:
        """Files were written (saved, or changed on disk as the client's watchers saw)."""
        self.workspace.disk_changed()
        if not any(_settings(path) for path in paths):
            for path in paths:
                uri = next((u for u in self.open_uris() if self.path_of(u) == path), None)
                if uri is not None:
                    self.publish(uri)
            return
        # A configuration or a schema: every open article may be judged differently now.
        self.workspace.forget()
        for uri in self.open_uris():
            if not _settings(self.path_of(uri)):
                self.publish(uri)

    def open_uris(self) -> list[str]:
        return list(self.server.workspace.text_documents)

    def initialized(self, params: Any) -> None:
        """Ask the client to say when files change on disk, if it can."""
        from lsprotocol import types

        capabilities = self.server.client_capabilities
        watched = capabilities.workspace and capabilities.workspace.did_change_watched_files
        if not (watched and watched.dynamic_registration):
            return
        watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in _WATCHED]
        self.server.client_register_capability(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="article-lint-files",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(
                            watchers=watchers
                        ),
                    )
                ]
            )
        )

    def shutdown(self, params: Any) -> None:
        for task in self.pending.values():
            task.cancel()
        self.shut_down = True

    def code_action(self, params: Any) -> list[Any]:
        from lsprotocol import types

        uri = params.text_document.uri
        document = self.document(uri)
        path = self.path_of(uri)
        try:
            problems = self.problems(path, document.source)
        except Exception:  # noqa: BLE001 - nothing to offer for a file that fails
            return []
        rules = registry()
        fixable = [p for p in problems if rules[p.code].fixable]
        found = [
            (diagnostic, _problem_of(diagnostic, fixable))
            for diagnostic in params.context.diagnostics
            if diagnostic.source == "article-lint"
        ]
        if not found:
            # A client that sends only the range: the fixable problems on its lines.
            first, last = params.range.start.line + 1, params.range.end.line + 1
            found = [(_diagnostic(document, p), p) for p in fixable if first <= p.line <= last]
        actions = []
        for diagnostic, problem in found:
            if problem is None:
                continue
            try:
                fixed = self.workspace.fix(path, document.source, problem, problems)
            except Exception:  # noqa: BLE001 - no fix offered for a file that cannot be fixed
                continue
            if fixed is None:
                continue
            actions.append(
                types.CodeAction(
                    title=f"Fix {problem.code}: {problem.message}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=True,
                    edit=types.WorkspaceEdit(changes={uri: [_edit(document, fixed)]}),
                )
            )
        return actions

    def _where(self, params: Any) -> tuple[Any, str, Any]:
        document = self.document(params.text_document.uri)
        position = document.position_codec.position_from_client_units(
            document.lines, params.position
        )
        return document, self.path_of(params.text_document.uri), position

    def hover(self, params: Any) -> Any:
        from lsprotocol import types

        document, path, position = self._where(params)
        try:
            pointer = self.workspace.field_at(
                path, document.source, position.line + 1, position.character + 1
            )
            node = subschema(self.workspace.schema_of(path), pointer) if pointer else None
        except (ConfigError, schema.SchemaError):
            return None
        text = describe(node) if node else ""
        if not text:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    def completion(self, params: Any) -> Any:
        from lsprotocol import types

        document, path, position = self._where(params)
        typed = document.lines[position.line][: position.character] if document.lines else ""
        try:
            root = self.workspace.schema_of(path)
        except (ConfigError, schema.SchemaError):
            return None
        line = position.line + 1
        value = _VALUE_TYPED.match(typed)
        if value is not None:
            indent = len(typed) - len(typed.lstrip())
            parent = self.workspace.parent_at(path, document.source, line, indent)
            node = subschema(root, f"{parent}/{value[1]}") or {}
            choices = node.get("enum") or ([node["const"]] if "const" in node else [])
            return [
                types.CompletionItem(label=str(choice), kind=types.CompletionItemKind.EnumMember)
                for choice in choices
            ]
        key = _KEY_TYPED.match(typed)
        if key is None:
            return None
        parent = self.workspace.parent_at(path, document.source, line, len(key[1]))
        node = subschema(root, parent) or {}
        return [
            types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Field,
                documentation=describe(sub) if isinstance(sub, dict) else None,
                insert_text=f"{name}: ",
            )
            for name, sub in node.get("properties", {}).items()
            if name.startswith(key[2])
        ]


def _edit(document: Any, fixed: str) -> Any:
    """The one edit that turns the document's text into ``fixed``: the span that differs."""
    from lsprotocol import types

    before = document.source
    start = 0
    while start < min(len(before), len(fixed)) and before[start] == fixed[start]:
        start += 1
    end_before, end_fixed = len(before), len(fixed)
    while (
        end_before > start and end_fixed > start and before[end_before - 1] == fixed[end_fixed - 1]
    ):
        end_before, end_fixed = end_before - 1, end_fixed - 1
    return types.TextEdit(
        range=types.Range(
            document.client_position_at_offset(start),
            document.client_position_at_offset(end_before),
        ),
        new_text=fixed[start:end_fixed],
    )


def _settings(path: str) -> bool:
    """Whether the file at ``path`` may be a configuration or a schema (not an article)."""
    name = os.path.basename(path)
    return name in (config_module.CONFIG_FILE, "pyproject.toml") or name.endswith(".json")


def _problem_of(diagnostic: Any, problems: list[Problem]) -> Problem | None:
    """The problem a diagnostic of ours stands for: by the place ``_diagnostic`` keeps in its
    data, else (a client that does not send the data back) by its first line."""
    data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    try:
        line, column = int(data["line"]), int(data["column"])
    except (KeyError, TypeError, ValueError):
        line, column = diagnostic.range.start.line + 1, 0
    for problem in problems:
        same = (problem.code, problem.message) == (str(diagnostic.code), diagnostic.message)
        if same and problem.line == line and column in (0, problem.column):
            return problem
    return None


def _diagnostic(document: Any, problem: Problem) -> Any:
    """An LSP diagnostic: from the problem's column to the end of its line, in UTF-16 units."""
    from lsprotocol import types

    lines = document.lines
    # The line after a final line break is a place too (pygls's codec answers for it).
    line = min(max(problem.line - 1, 0), len(lines))
    text = lines[line].rstrip("\r\n") if line < len(lines) else ""
    codec = document.position_codec
    start = codec.position_to_client_units(
        lines, types.Position(line, min(problem.column - 1, len(text)))
    )
    end = codec.position_to_client_units(lines, types.Position(line, len(text)))
    return types.Diagnostic(
        range=types.Range(start, end),
        message=problem.message,
        severity=types.DiagnosticSeverity(_SEVERITIES[problem.severity]),
        code=problem.code,
        code_description=types.CodeDescription(href=RULE_DOCS + problem.code),
        source="article-lint",
        data={
            "line": problem.line,
            "column": problem.column,
            "pointer": problem.pointer,
            # A fix carried as data (an enum's near miss) comes back with the code action.
            "fix": [[r.pointer, r.value] for r in problem.fix],
        },
    )
