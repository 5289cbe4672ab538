"""``article-lint lsp``: a Language Server Protocol server on stdio, for editors.

The same problems as the command line, for the file being edited, as the writer types:

- diagnostics on open and on change (debounced), judged by the file's own configuration and
  schema (found from the file's folder, as the command line finds them), the rule id as the
  code with a link to its documentation, the range on the value, in UTF-16 code units;
- cross-file rules (duplicate URLs and titles) against the workspace: the other files on
  disk, and the open buffers as they are typed;
- quick fixes for every fixable rule: the edits ``--fix`` makes, verified the same way;
- hover on a field: the schema's title, description, type and allowed values;
- completion of the schema's field names inside front matter, and of enum values.

Online checks never run here. The analysis (``Workspace``) is plain Python, tested on its
own; the pygls wiring below it is thin. A file that makes the analysis fail is logged and
left without diagnostics: the server goes on.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from linter import config as config_module
from linter.config import Config, ConfigError
from linter.engine import discovery, runner
from linter.model import FileResult, Problem, Replacement, Severity, pointer_tokens
from linter.reading import reader
from linter.rules import registry
from linter.validation import schema

# Typing bursts are analysed once, at their end; short enough to feel instant (under 50 ms
# with the analysis of a typical article, benchmarks/bench_lsp.py).
DEBOUNCE_SECONDS = 0.025
RULE_DOCS = "https://github.com/article-lint/article-lint/blob/main/docs/rules.md#"


class Workspace:
    """What the server knows of the files: configurations, open buffers, project facts."""

    def __init__(self) -> None:
        self.buffers: dict[str, str] = {}  # path -> text of open documents
        self._configs: dict[str, Config | ConfigError] = {}
        self._facts: dict[str, tuple[object, FileResult]] = {}  # path -> (stat, facts)

    def config_for(self, path: str) -> Config:
        """The configuration that applies to ``path`` (raises ``ConfigError``)."""
        folder = os.path.dirname(path)
        found = self._configs.get(folder)
        if found is None:
            try:
                loaded = config_module.load(start=Path(folder))
                for schema_path in loaded.schema_family:
                    schema.load_validator(schema_path, family=loaded.schema_family)
                found = loaded
            except (ConfigError, schema.SchemaError) as error:
                found = ConfigError(str(error))
            self._configs[folder] = found
        if isinstance(found, ConfigError):
            raise found
        return found

    def forget(self) -> None:
        """Configuration or schema files changed: read them again when next asked."""
        self._configs.clear()
        schema.load_validator.cache_clear()

    def problems(self, path: str, text: str) -> list[Problem]:
        """The problems of the document at ``path`` holding ``text``, cross-file ones included."""
        config = self.config_for(path)
        result = runner.lint_bytes(path, text.encode("utf-8", "surrogatepass"), config)
        others = list(self._project_facts(config, path))
        return [p for p in runner.finish([result, *others], config) if p.file == path]

    def _project_facts(self, config: Config, path: str) -> Iterator[FileResult]:
        """What the project rules need of every other file: open buffers first, then disk."""
        if not any(rule.collect is not None for rule in config.rules_for(path)):
            return
        for name, text in self.buffers.items():
            if name != path:
                yield runner.lint_bytes(
                    name, text.encode("utf-8", "surrogatepass"), config, facts_only=True
                )
        root = str(config.root)
        for found in discovery.discover([root], config, with_stat=True):
            name = os.path.abspath(found.path)
            if name == path or name in self.buffers:
                continue
            known = self._facts.get(name)
            if known is None or known[0] != found.stat:
                try:
                    data = discovery.read(found)
                except Exception:  # noqa: BLE001 - an unreadable file has no facts
                    continue
                known = (found.stat, runner.lint_bytes(name, data, config, facts_only=True))
                self._facts[name] = known
            yield known[1]

    def fix(self, path: str, text: str, problem: Problem) -> str | None:
        """The document's text with ``problem`` fixed as ``--fix`` would, or ``None``."""
        from linter.engine import fix

        outcome = fix.fix_file(path, text.encode("utf-8"), [problem], self.config_for(path))
        return None if outcome.after is None else outcome.after.decode("utf-8")

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

    def schema_of(self, path: str) -> dict[str, Any]:
        config = self.config_for(path)
        validator = schema.load_validator(config.schema_for(path), family=config.schema_family)
        return validator.schema

    def parent_at(self, path: str, text: str, line: int, indent: int) -> str:
        """The pointer of the mapping a new key at ``line`` (1-based), ``indent`` belongs to."""
        doc = reader.read(path, _without_line(text, line).encode("utf-8"))
        parent, parent_line = "", 0
        for pointer in doc.nodes:
            node = doc.nodes[pointer]
            if pointer and node.key.column - 1 < indent and parent_line < node.key.line < line:
                parent, parent_line = pointer, node.key.line
        return parent


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


_SEVERITIES = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}
_KEY_TYPED = re.compile(r"^(\s*)(?:-\s+)?([^\s:#]*)$")
_VALUE_TYPED = re.compile(r"^\s*(?:-\s+)?([^\s:#]+):\s*(\S*)$")


def serve() -> None:  # pragma: no cover - exercised end to end by tests/test_lsp.py
    """Run the server on stdin and stdout until the client says exit."""
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    from linter import __version__

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
    ]
    for name, options, method in features:
        # pygls marks the function it registers: a plain function, not the bound method.
        server.feature(name, options)(_plain(method))
    server.start_io()


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

    def path_of(self, uri: str) -> str:
        from pygls.uris import to_fs_path

        return os.path.abspath(to_fs_path(uri) or uri)

    def document(self, uri: str) -> Any:
        return self.server.workspace.get_text_document(uri)

    def publish(self, uri: str) -> None:
        from lsprotocol import types

        document = self.document(uri)
        path = self.path_of(uri)
        self.workspace.buffers[path] = document.source
        try:
            problems = self.workspace.problems(path, document.source)
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
        self.publish(params.text_document.uri)

    def did_change(self, params: Any) -> None:
        uri = params.text_document.uri
        self.workspace.buffers[self.path_of(uri)] = self.document(uri).source
        if uri in self.pending:
            self.pending[uri].cancel()
        self.pending[uri] = asyncio.ensure_future(self.later(uri))

    def did_save(self, params: Any) -> None:
        name = os.path.basename(self.path_of(params.text_document.uri))
        if name in (config_module.CONFIG_FILE, "pyproject.toml") or name.endswith(".json"):
            self.workspace.forget()
        self.publish(params.text_document.uri)

    def did_close(self, params: Any) -> None:
        self.workspace.buffers.pop(self.path_of(params.text_document.uri), None)

    def code_action(self, params: Any) -> list[Any]:
        from lsprotocol import types

        uri = params.text_document.uri
        document = self.document(uri)
        path = self.path_of(uri)
        found = [(d, _problem_of(path, d)) for d in params.context.diagnostics]
        if not any(problem for _, problem in found):
            # A client that sends only the range: the fixable problems on its lines.
            first, last = params.range.start.line + 1, params.range.end.line + 1
            try:
                problems = self.workspace.problems(path, document.source)
            except Exception:  # noqa: BLE001 - nothing to offer for a file that fails
                return []
            found = [
                (_diagnostic(document, p), p)
                for p in problems
                if first <= p.line <= last and registry()[p.code].fixable
            ]
        actions = []
        for diagnostic, problem in found:
            if problem is None:
                continue
            try:
                fixed = self.workspace.fix(path, document.source, problem)
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


def _problem_of(path: str, diagnostic: Any) -> Problem | None:
    """The problem a diagnostic of ours stands for, when its rule can fix it."""
    rule = registry().get(str(diagnostic.code))
    if rule is None or not rule.fixable or not isinstance(diagnostic.data, dict):
        return None
    data = diagnostic.data
    return Problem(
        path,
        int(data["line"]),
        int(data["column"]),
        rule.id,
        rule.severity,
        diagnostic.message,
        str(data["pointer"]),
        fix=tuple(
            Replacement(str(pointer), value)
            for pointer, value in data.get("fix") or ()
            if isinstance(value, (str, int))
        ),
    )


def _diagnostic(document: Any, problem: Problem) -> Any:
    """An LSP diagnostic: from the problem's column to the end of its line, in UTF-16 units."""
    from lsprotocol import types

    lines = document.lines
    line = min(problem.line - 1, max(len(lines) - 1, 0))
    text = lines[line].rstrip("\r\n") if lines else ""
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
