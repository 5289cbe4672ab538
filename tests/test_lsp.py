"""``article-lint lsp`` end to end: an editor's conversation over stdio, JSON-RPC framed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import article

pytest.importorskip("pygls")


class Client:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's stdio."""

    def __init__(self, cwd: Path, errors: Path | None = None) -> None:
        # Standard error goes to a file (a pipe nobody reads could fill up and block).
        self.errors = errors
        with open(errors or os.devnull, "wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "linter", "lsp"],
                cwd=cwd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
            )
        self.next_id = 0
        self.notifications: list[dict[str, Any]] = []

    def initialize(self, *folders: Path, root: Path | None = None, capabilities: Any = None) -> Any:
        """Start the conversation with ``folders`` as the workspace folders (and ``root``)."""
        params: dict[str, Any] = {
            "processId": None,
            "rootUri": root.as_uri() if root else None,
            "capabilities": capabilities or {},
        }
        if folders:
            params["workspaceFolders"] = [{"uri": f.as_uri(), "name": f.name} for f in folders]
        result = self.request("initialize", params)
        self.notify("initialized", {})
        return result

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

    def served(self, method: str, timeout: float = 30) -> dict[str, Any]:
        """The next request the server makes of the client (``method``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for index, message in enumerate(self.notifications):
                if message.get("method") == method and "id" in message:
                    del self.notifications[index]
                    return message
            self.notifications.append(self.receive())
        raise AssertionError(f"no {method} request")

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
    started.initialize(root=tmp_path)
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


def change(client: Client, uri: str, version: int, text: str) -> None:
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
    )


def applied(text: str, edit: dict[str, Any]) -> str:
    """``text`` with one LSP edit applied (positions in UTF-16 code units)."""
    lines = text.split("\n")

    def offset(position: dict[str, int]) -> int:
        before = sum(len(line) + 1 for line in lines[: position["line"]])
        line = lines[position["line"]].encode("utf-16-le")
        return before + len(line[: position["character"] * 2].decode("utf-16-le"))

    start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
    return text[:start] + edit["newText"] + text[end:]


JEKYLL = Path(__file__).resolve().parents[1] / "examples" / "jekyll-blog"


def test_a_quick_fix_for_each_fixable_problem_among_others(tmp_path: Path) -> None:
    # The README's Jekyll example: two fixable problems among three that are not.
    site = tmp_path / "jekyll-blog"
    shutil.copytree(JEKYLL, site)
    client = Client(tmp_path)
    try:
        client.initialize(site)
        post = site / "_posts" / "2024-02-28-mistakes.md"
        text = post.read_text(encoding="utf-8")
        uri = open_document(client, post, text)
        diagnostics = client.diagnostics(uri)
        before = Counter(d["code"] for d in diagnostics)
        assert before == Counter(
            ["padded-text", "invalid-date", "insecure-url", "invalid-image-size", "ambiguous-value"]
        )
        everything = {"start": {"line": 0, "character": 0}, "end": {"line": 12, "character": 0}}
        actions = client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": everything,
                "context": {"diagnostics": diagnostics},
            },
        )
        fixes = {action["diagnostics"][0]["code"]: action for action in actions}
        assert sorted(fixes) == ["ambiguous-value", "padded-text"]
        for version, (code, action) in enumerate(sorted(fixes.items()), start=2):
            (edit,) = action["edit"]["changes"][uri]
            change(client, uri, version, applied(text, edit))
            # The fix removes its problem and adds none.
            after = Counter(d["code"] for d in client.diagnostics(uri))
            assert after == before - Counter([code])
        # A client that sends only the range, or the diagnostics without their data, gets
        # the same fixes.
        change(client, uri, 10, text)
        client.diagnostics(uri)
        bare = client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": everything,
                "context": {"diagnostics": [{**d, "data": None} for d in diagnostics]},
            },
        )
        assert [a["edit"] for a in bare] == [a["edit"] for a in actions]
        by_range = client.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": everything, "context": {"diagnostics": []}},
        )
        assert [a["edit"] for a in by_range] == [a["edit"] for a in actions]
    finally:
        client.close()


def test_shutdown_then_exit_ends_with_status_0(tmp_path: Path) -> None:
    errors = tmp_path / "stderr.txt"
    client = Client(tmp_path, errors)
    try:
        client.initialize(tmp_path)
        uri = open_document(client, tmp_path / "post.md", article(title='" Padded"'))
        assert client.diagnostics(uri)
        # A change still waiting for its debounce when the client leaves.
        change(client, uri, 2, article(title='"  Padded"'))
        assert client.request("shutdown", None) is None
        client.notify("exit", None)
        # The client keeps its end of the pipe open: the server ends by itself.
        assert client.process.wait(timeout=30) == 0
    finally:
        if client.process.poll() is None:
            client.process.kill()
    assert "Traceback" not in errors.read_text(encoding="utf-8", errors="replace")


def test_exit_without_shutdown_ends_with_status_1(tmp_path: Path) -> None:
    errors = tmp_path / "stderr.txt"
    client = Client(tmp_path, errors)
    try:
        client.initialize(tmp_path)
        client.notify("exit", None)
        assert client.process.wait(timeout=30) == 1
    finally:
        if client.process.poll() is None:
            client.process.kill()
    assert "Traceback" not in errors.read_text(encoding="utf-8", errors="replace")


def test_only_the_workspace_folders_are_looked_at(tmp_path: Path) -> None:
    # Above the workspace folder: a configuration that would silence the date, and the
    # server's own folder (a home folder) with a copy of the article.
    (tmp_path / ".article-lint.toml").write_text('ignore = ["invalid-date"]\n')
    home = tmp_path / "home"
    home.mkdir()
    (home / "copy.md").write_text(article())
    work = tmp_path / "work"
    work.mkdir()
    client = Client(home)
    try:
        client.initialize(work)
        text = article(publishedDateTime="2023-02-30T01:31:00Z")
        uri = open_document(client, work / "post.md", text)
        assert [d["code"] for d in client.diagnostics(uri)] == ["invalid-date"]
        # Another file of the workspace folder: a duplicate, named as from the folder's top.
        (work / "news").mkdir()
        twin = open_document(client, work / "news" / "twin.md", text)
        found = {d["code"]: d["message"] for d in client.diagnostics(twin)}
        assert found["duplicate-url"].endswith("is also in post.md")
        # A file outside every workspace folder is judged alone.
        (home / "post.md").write_text(text)
        alone = open_document(client, home / "post.md", text)
        assert [d["code"] for d in client.diagnostics(alone)] == ["invalid-date"]
    finally:
        client.close()


def test_a_saved_configuration_judges_the_open_articles_again(tmp_path: Path) -> None:
    client = Client(tmp_path)
    try:
        client.initialize(tmp_path)
        config = tmp_path / ".article-lint.toml"
        config.write_text("")
        open_document(client, config, "")
        uri = open_document(client, tmp_path / "post.md", article(title='" Padded"'))
        assert [d["code"] for d in client.diagnostics(uri)] == ["padded-text"]
        config.write_text('ignore = ["padded-text"]\n')
        client.notify("textDocument/didSave", {"textDocument": {"uri": config.as_uri()}})
        assert client.diagnostics(uri) == []
        # The configuration itself is not an article: no diagnostics of its own.
        assert not any(
            n.get("params", {}).get("uri") == config.as_uri() for n in client.notifications
        )
    finally:
        client.close()


def test_files_changed_on_disk_are_seen(tmp_path: Path) -> None:
    client = Client(tmp_path)
    try:
        watching = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}
        client.initialize(tmp_path, capabilities=watching)
        uri = open_document(client, tmp_path / "post.md", article())
        assert client.diagnostics(uri) == []
        # The server asks to hear of changes to articles, configurations and schemas.
        asked = client.served("client/registerCapability")
        (registration,) = asked["params"]["registrations"]
        assert registration["method"] == "workspace/didChangeWatchedFiles"
        client.send({"id": asked["id"], "result": None})
        # A copy made outside the editor: a duplicate once the client says so.
        (tmp_path / "copy.md").write_text(article())
        client.notify(
            "workspace/didChangeWatchedFiles",
            {"changes": [{"uri": (tmp_path / "copy.md").as_uri(), "type": 1}]},
        )
        change(client, uri, 2, article() + "\n")
        assert "duplicate-url" in {d["code"] for d in client.diagnostics(uri)}
    finally:
        client.close()
