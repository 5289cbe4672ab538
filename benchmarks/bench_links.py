#!/usr/bin/env python3
"""Time the online checks against loopback servers, side by side with linkinator.

    python benchmarks/bench_links.py [--links 2000] [--hosts 8] [--latency 0.05]

1. ``--links`` links spread over ``--hosts`` servers on 127.0.0.1..127.0.0.N, each answering
   after ``--latency`` seconds: article-lint with its polite defaults, article-lint tuned for
   servers you own (``--per-host 32 --host-delay 0``), and linkinator when it is installed
   (``npx linkinator`` in this folder or on PATH), on a page listing the same links.
2. 40 links to one server that allows 10 requests a second (429 with ``Retry-After`` above
   that): how long article-lint takes (ideal: 4 s) and whether any link is falsely reported.

Only loopback addresses are used; every server stops by itself at the end.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ARTICLE = """---
category: news
title: "Link {i}"
excerpt: "A link to check."
publishedDateTime: 2023-11-09T01:31:00Z
originalUrl: "{url}"
webUrl: "{url}"
type: article
provider:
  name: Test
  domain: bench.example
topics:
  - AI
secured: "oxwGvUY+OSO8Gq295IsWl2wIBxc3O4GaBo8yt6azi2s=;j4lDv5Vt5ZVmXDj//yOCfg=="
---
"""


@contextmanager
def server(address: str, latency: float, per_second: int | None = None) -> Iterator[str]:
    recent: deque[float] = deque()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def answer(self, head: bool) -> None:
            time.sleep(latency)
            status = 200
            if per_second is not None:
                with lock:
                    now = time.monotonic()
                    while recent and now - recent[0] > 1.0:
                        recent.popleft()
                    if len(recent) >= per_second:
                        status = 429
                    else:
                        recent.append(now)
            self.send_response(status)
            if status == 429:
                self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "2")
            self.end_headers()
            if not head:
                self.wfile.write(b"ok")

        def do_HEAD(self) -> None:  # noqa: N802
            self.answer(True)

        def do_GET(self) -> None:  # noqa: N802
            self.answer(False)

    httpd = ThreadingHTTPServer((address, 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://{address}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def write_articles(folder: Path, urls: list[str]) -> None:
    folder.mkdir(parents=True)
    for i, url in enumerate(urls):
        (folder / f"{i:05d}.md").write_text(ARTICLE.format(i=i, url=url))


def run_lint(folder: Path, *extra: str) -> tuple[float, list[dict[str, object]]]:
    command = [sys.executable, "-m", "linter", "--format", "json", "--online", "--no-cache",
               "--allow-host", "127.0.0.0/8", *extra, str(folder)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    online = {"dead-link", "unverifiable-link", "unchecked-link", "redirect-loop"}
    return elapsed, [p for p in json.loads(done.stdout) if p["code"] in online]


def run_linkinator(page: Path) -> float | None:
    # `npm install linkinator` in benchmarks/ (node_modules is ignored by git), or on PATH.
    local = Path(__file__).resolve().parent / "node_modules" / ".bin" / "linkinator"
    executable = str(local) if local.exists() else shutil.which("linkinator")
    if executable is None:
        return None
    started = time.perf_counter()
    subprocess.run([executable, str(page), "--concurrency", "100"], capture_output=True, check=False)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="article-lint-links-"))
    try:
        with ExitStack() as stack:
            bases = [stack.enter_context(server(f"127.0.0.{i + 1}", args.latency)) for i in range(args.hosts)]
            urls = [f"{bases[i % len(bases)]}/page/{i}" for i in range(args.links)]
            write_articles(work / "many", urls)
            page = work / "links.html"
            page.write_text("".join(f'<a href="{url}">{i}</a>\n' for i, url in enumerate(urls)))
            polite, bad_polite = run_lint(work / "many")
            tuned, bad_tuned = run_lint(work / "many", "--per-host", "32", "--host-delay", "0")
            linkinator = run_linkinator(page)
        with server("127.0.0.1", 0.0, per_second=10) as base:
            write_articles(work / "limited", [f"{base}/rate/{i}" for i in range(40)])
            limited, bad_limited = run_lint(work / "limited")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.links} links over {args.hosts} loopback hosts answering after {args.latency * 1000:.0f} ms")
    print(f"  article-lint, polite defaults            {polite:7.2f} s  false reports {len(bad_polite)}")
    print(f"  article-lint --per-host 32 --host-delay 0 {tuned:6.2f} s  false reports {len(bad_tuned)}")
    print(f"  linkinator --concurrency 100             {linkinator:7.2f} s" if linkinator else "  linkinator: not installed")
    print(f"40 links to a host allowing 10 requests a second: {limited:.2f} s (ideal 4 s), false reports {len(bad_limited)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
