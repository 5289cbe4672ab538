"""A real HTTP server on a loopback address, for the online tests: known outcomes per path.

Every request is counted per path, with the bytes of body sent, so that tests can assert
what the checker asked for (and that refused addresses were asked nothing).
"""

from __future__ import annotations

import io
import json
import struct
import threading
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 10))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int, padding: int = 0, tail: int = 0) -> bytes:
    app1 = b"\xff\xe1" + struct.pack(">H", 2 + min(padding, 65000)) + b"x" * min(padding, 65000)
    apps = app1 * (padding // 65000 + 1) if padding else b""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + apps + sof + b"\x00" * tail + b"\xff\xd9"


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;"


def webp(width: int, height: int) -> bytes:
    body = (
        b"VP8X"
        + struct.pack("<I", 10)
        + b"\x00\x00\x00\x00"
        + (width - 1).to_bytes(3, "little")
        + (height - 1).to_bytes(3, "little")
    )
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


class Site:
    """What the server knows: request counts, bytes sent, and per-path state."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.sent: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.recent: deque[float] = deque()
        self.other = ""  # base URL of a second server, for redirects out
        self.seen_headers: dict[str, dict[str, str]] = {}  # the last request's, by path
        self.in_flight = 0
        self.peak = 0  # the most requests in flight at once
        self.images = {
            "/img/match.png": ("image/png", png(600, 398)),
            "/img/big.jpg": ("image/jpeg", jpeg(1200, 675, padding=150_000, tail=3_000_000)),
            "/img/small.gif": ("image/gif", gif(10, 20)),
            "/img/pic.webp": ("image/webp", webp(640, 480)),
            "/img/page": ("text/html", b"<html>not an image</html>" * 100),
        }

    def count(self, path: str) -> int:
        with self.lock:
            self.requests[path] += 1
            return self.requests[path]

    def rate_ok(self, per_second: int) -> bool:
        with self.lock:
            now = time.monotonic()
            while self.recent and now - self.recent[0] > 1.0:
                self.recent.popleft()
            if len(self.recent) >= per_second:
                return False
            self.recent.append(now)
            return True


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self.route(head=True)

        def do_GET(self) -> None:
            self.route(head=False)

        def send(
            self,
            status: int,
            body: bytes = b"",
            headers: dict[str, str] | None = None,
            head: bool = False,
        ) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head and body:
                try:
                    self.wfile.write(body)
                    with site.lock:
                        site.sent[self.path] += len(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        def route(self, head: bool) -> None:
            number = site.count(self.path)
            with site.lock:
                site.seen_headers[self.path] = dict(self.headers)
            answer = ROUTES.get(self.path)
            if answer is not None:
                return answer(self, number, head)
            if self.path.startswith("/rate/"):
                status = 200 if site.rate_ok(10) else 429
                return self.send(status, b"ok", {"Retry-After": "1"} if status == 429 else {}, head)
            if self.path.startswith("/paced/"):
                return self.paced(head)
            if self.path in site.images:
                return self.image(self.path, head)
            return self.send(404, b"no such page", head=head)

        def paced(self, head: bool) -> None:
            with site.lock:
                site.in_flight += 1
                site.peak = max(site.peak, site.in_flight)
            time.sleep(0.05)
            with site.lock:
                site.in_flight -= 1
            self.send(200, b"ok", head=head)

        def private(self, head: bool) -> None:
            allowed = self.headers.get("Authorization") == "Bearer s3cret"
            self.send(200 if allowed else 401, b"private", head=head)

        def stall(self, number: int, head: bool) -> None:
            time.sleep(20)
            self.send(200, b"late", head=head)

        def image(self, path: str, head: bool) -> None:
            content_type, body = site.images[path]
            wanted = self.headers.get("Range", "")
            if wanted.startswith("bytes="):
                first, last = (int(n) for n in wanted[6:].split("-"))
                last = min(last, len(body) - 1)
                headers = {
                    "Content-Type": content_type,
                    "Content-Range": f"bytes {first}-{last}/{len(body)}",
                }
                return self.send(206, body[first : last + 1], headers, head)
            return self.send(200, body, {"Content-Type": content_type}, head)

    def fixed(status: int, headers: dict[str, str] | None = None) -> Route:
        return lambda handler, number, head: handler.send(status, b"hello", headers or {}, head)

    def first_then_ok(status: int, headers: dict[str, str] | None = None) -> Route:
        return lambda handler, number, head: handler.send(
            status if number == 1 else 200, b"ok", headers if number == 1 else {}, head
        )

    ROUTES: dict[str, Route] = {
        "/ok": fixed(200, {"Content-Type": "text/html"}),
        "/404": fixed(404),
        "/410": fixed(410),
        "/500": fixed(500),
        "/moved": fixed(301, {"Location": "/ok"}),
        "/temp": fixed(302, {"Location": "/ok"}),
        "/loop-a": fixed(302, {"Location": "/loop-b"}),
        "/loop-b": fixed(302, {"Location": "/loop-a"}),
        "/cf": fixed(403, {"cf-mitigated": "challenge"}),
        "/forbidden": fixed(403),
        "/private": lambda handler, number, head: handler.private(head),
        "/flaky429": first_then_ok(429, {"Retry-After": "1"}),
        "/flaky503": first_then_ok(503),
        "/nohead": lambda handler, number, head: handler.send(
            405 if head else 200, b"ok", {}, head
        ),
        "/out": lambda handler, number, head: handler.send(
            302, b"", {"Location": site.other + "/secret"}, head
        ),
        "/stall": lambda handler, number, head: handler.stall(number, head),
        "/bad-location": fixed(302, {"Location": "http://example.com:99999/"}),
        "/bad-ipv6-location": fixed(302, {"Location": "http://[::1/x"}),
        "/forever429": fixed(429, {"Retry-After": "inf"}),
    }
    return Handler


Route = Callable[[Any, int, bool], None]


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # the default (5) drops connections in a burst


@contextmanager
def serve(address: str) -> Iterator[tuple[str, Site]]:
    """A server on ``address`` (a loopback address), yielding its base URL and its site."""
    site = Site()
    server = _Server((address, 0), handler_for(site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{address}:{server.server_address[1]}", site
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def black_hole(address: str) -> Iterator[tuple[str, list[int]]]:
    """A host that accepts connections and never answers; yields its base URL and a count of
    the connections it accepted (a one-item list)."""
    import socket

    listener = socket.socket()
    listener.bind((address, 0))
    listener.listen(64)
    accepted = [0]
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            accepted[0] += 1
            held.append(connection)  # kept open, never read from, never answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://{address}:{listener.getsockname()[1]}", accepted
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


ARTICLE = """---
category: news
title: "Case {name}"
excerpt: "An article whose links all point at a test server."
publishedDateTime: 2023-11-09T01:31:00Z
originalUrl: "{base}/ok"
webUrl: "{web}"
type: article
provider:
  name: Test
  domain: 127.0.0.1
topics:
  - AI
images:
  - url: "{image}"
    width: {width}
    height: {height}
secured: "oxwGvUY+OSO8Gq295IsWl2wIBxc3O4GaBo8yt6azi2s=;j4lDv5Vt5ZVmXDj//yOCfg=="
---
"""

ONLINE = {
    "dead-link",
    "unverifiable-link",
    "unchecked-link",
    "redirect-loop",
    "not-an-image",
    "permanent-redirect",
    "image-size-mismatch",
}


def write_article(
    folder: Path,
    name: str,
    base: str,
    web: str,
    *,
    image: str = "",
    size: tuple[int, int] = (600, 398),
) -> Path:
    """An article whose every URL points at the test server ``base``."""
    text = ARTICLE.format(
        name=name,
        base=base,
        web=web,
        image=image or f"{base}/img/match.png",
        width=size[0],
        height=size[1],
    )
    path = folder / f"{name}.md"
    path.write_text(text)
    return path


def lint_online(folder: Path, *extra: str) -> list[dict[str, object]]:
    """``article-lint --online`` on ``folder`` with 127.0.0.1 allowed; the online problems."""
    from linter.cli import main

    out = io.StringIO()
    main(
        [
            "--format",
            "json",
            "--online",
            "--allow-host",
            "127.0.0.1",
            "--timeout",
            "2",
            "--cache-dir",
            str(folder / ".cache"),
            *extra,
            str(folder),
        ],
        out=out,
    )
    return [p for p in json.loads(out.getvalue()) if p["code"] in ONLINE]


def online_codes(problems: list[dict[str, object]], name: str) -> list[tuple[str, str, str]]:
    return [
        (str(p["code"]), str(p["severity"]), str(p["pointer"]))
        for p in problems
        if str(p["file"]).endswith(f"/{name}.md")
    ]
