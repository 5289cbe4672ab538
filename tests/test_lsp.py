"""``article-lint lsp`` end to end: an editor's conversation over stdio, JSON-RPC framed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import article, seed_text

pytest.importorskip("pygls")


class Client:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's stdio."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "linter", "lsp"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.next_id = 0
        self.notifications: list[dict[str, Any]] = []

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while (line := self.process.stdout.readline().strip()) != b"":
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))  # type: ignore[no-any-return]

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                assert "error" not in message, message
                return message.get("result")
            self.notifications.append(message)

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def diagnostics(self, uri: str, timeout: float = 30) -> list[dict[str, Any]]:
        """The next diagnostics published for ``uri``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for index, message in enumerate(self.notifications):
                if (
                    message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri
                ):
                    del self.notifications[index]
                    return message["params"]["diagnostics"]  # type: ignore[no-any-return]
            self.notifications.append(self.receive())
        raise AssertionError(f"no diagnostics for {uri}")

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    started = Client(tmp_path)
    started.request(
        "initialize",
        {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}},
    )
    started.notify("initialized", {})
    yield started
    started.close()


def open_document(client: Client, path: Path, text: str) -> str:
    uri = path.as_uri()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
    )
    return uri


def test_diagnostics_fixes_and_hover(client: Client, tmp_path: Path) -> None:
    # A non-ASCII title before the date: columns are counted in UTF-16 code units.
    text = article(title='" Ports 🌊 du monde"', publishedDateTime="2023-02-30T01:31:00Z")
    uri = open_document(client, tmp_path / "post.md", text)
    found = {d["code"]: d for d in client.diagnostics(uri)}
    assert set(found) == {"padded-text", "invalid-date"}
    date = found["invalid-date"]
    assert date["range"]["start"] == {"line": 4, "character": 19}
    assert date["severity"] == 1 and date["source"] == "article-lint"
    assert date["codeDescription"]["href"].endswith("#invalid-date")
    assert found["padded-text"]["severity"] == 2
    # The editor fixes the date: its diagnostic goes.
    fixed_date = text.replace("2023-02-30T01:31:00Z", "2023-11-09T01:31:00Z")
    client.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": fixed_date}],
        },
    )
    assert [d["code"] for d in client.diagnostics(uri)] == ["padded-text"]
    # A quick fix for the padded title: the edit --fix makes.
    title = found["padded-text"]
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": title["range"],
            "context": {"diagnostics": [title]},
        },
    )
    assert len(actions) == 1 and actions[0]["kind"] == "quickfix"
    (edit,) = actions[0]["edit"]["changes"][uri]
    # The edit touches the title alone: the space after its opening quote goes.
    assert edit["range"]["start"]["line"] == edit["range"]["end"]["line"] == 2
    line = fixed_date.split("\n")[2]
    start, end = edit["range"]["start"]["character"], edit["range"]["end"]["character"]
    assert line[:start] + edit["newText"] + line[end:] == 'title: "Ports 🌊 du monde"'
    # A client that sends only the range gets the same fix.
    by_range = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": title["range"], "context": {"diagnostics": []}},
    )
    assert [a["edit"] for a in by_range] == [actions[0]["edit"]]
    # Hover on "title": the schema's description.
    hovered = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 2}},
    )
    assert "Text that says something" in hovered["contents"]["value"]


def test_a_folder_with_its_own_schema(client: Client, tmp_path: Path) -> None:
    site = tmp_path / "blog"
    (site / "posts").mkdir(parents=True)
    (site / "schema.json").write_text(
        json.dumps(
            {
                "type": "object",
                "required": ["title"],
                "properties": {
                    "title": {"type": "string", "description": "The post's headline."},
                    "layout": {"enum": ["post", "page"]},
                },
                "additionalProperties": False,
            }
        )
    )
    (site / ".article-lint.toml").write_text('schema = "schema.json"\n')
    uri = open_document(client, site / "posts" / "a.md", "---\nlayout: poster\n---\nBody\n")
    codes = sorted(d["code"] for d in client.diagnostics(uri))
    assert codes == ["invalid-value", "missing-field"]
    completed = client.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 0}},
    )
    assert {item["label"] for item in completed} == {"title", "layout"}
    values = client.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 8}},
    )
    assert {item["label"] for item in values} == {"post", "page"}


def test_duplicates_against_the_workspace(client: Client, tmp_path: Path) -> None:
    (tmp_path / "on-disk.md").write_text(article())
    uri = open_document(client, tmp_path / "new.md", article(title='"Another title"'))
    assert "duplicate-url" in {d["code"] for d in client.diagnostics(uri)}


def test_a_bad_file_never_kills_the_server(client: Client, tmp_path: Path) -> None:
    uri = open_document(client, tmp_path / "bad.md", "---\n\x00: [\n---\n" * 1000)
    assert client.diagnostics(uri)
    later = open_document(client, tmp_path / "fine.md", article())
    assert client.diagnostics(later) == []


def test_an_enum_typo_has_a_quick_fix(client: Client, tmp_path: Path) -> None:
    text = seed_text().replace("\ntype: article\n", "\ntype: artcle\n")
    uri = open_document(client, tmp_path / "post.md", text)
    (typo,) = [d for d in client.diagnostics(uri) if d["code"] == "invalid-value"]
    assert typo["message"].endswith('(got "artcle"); did you mean "article"?')
    actions = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": typo["range"], "context": {"diagnostics": [typo]}},
    )
    (edit,) = actions[0]["edit"]["changes"][uri]
    line = text.split("\n")[edit["range"]["start"]["line"]]
    start, end = edit["range"]["start"]["character"], edit["range"]["end"]["character"]
    assert line[:start] + edit["newText"] + line[end:] == "type: article"
