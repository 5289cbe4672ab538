#!/usr/bin/env python3
"""Time the online checks against loopback servers, side by side with linkinator.

    python benchmarks/bench_links.py [--links 2000] [--hosts 8] [--latency 0.05]

1. ``--links`` links spread over ``--hosts`` servers on 127.0.0.1..127.0.0.N, each answering
   after ``--latency`` seconds: article-lint with its defaults, linkinator when it is installed
   (``npm install linkinator`` in this folder, or on PATH) on a page listing the same links,
   and article-lint with a ceiling of 4 requests per host; with the most requests each had in
   flight to one host (the ceiling is never exceeded).
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
def server(
    address: str, latency: float, per_second: int | None = None
) -> Iterator[tuple[str, dict[str, int]]]:
    """A loopback server; its counts: requests in flight now, at most, and answered 429."""
    recent: deque[float] = deque()
    lock = threading.Lock()
    counts = {"now": 0, "peak": 0, "limited": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def answer(self, head: bool) -> None:
            with lock:
                counts["now"] += 1
                counts["peak"] = max(counts["peak"], counts["now"])
            time.sleep(latency)
            with lock:
                counts["now"] -= 1
            status = 200
            if per_second is not None:
                with lock:
                    now = time.monotonic()
                    while recent and now - recent[0] > 1.0:
                        recent.popleft()
                    if len(recent) >= per_second:
                        status = 429
                        counts["limited"] += 1
                    else:
                        recent.append(now)
            self.send_response(status)
            if status == 429:
                self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "2")
            self.end_headers()
            if not head:
                self.wfile.write(b"ok")

        def do_HEAD(self) -> None:
            self.answer(True)

        def do_GET(self) -> None:
            self.answer(False)

    class Server(ThreadingHTTPServer):
        # The default backlog (5) drops connections beyond it, which clients then retry
        # after a second or more: every checker would be measuring that, not itself.
        request_queue_size = 1024

    httpd = Server((address, 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://{address}:{httpd.server_address[1]}", counts
    finally:
        httpd.shutdown()
        httpd.server_close()


def write_articles(folder: Path, urls: list[str]) -> None:
    folder.mkdir(parents=True)
    for i, url in enumerate(urls):
        (folder / f"{i:05d}.md").write_text(ARTICLE.format(i=i, url=url))


def run_lint(folder: Path, *extra: str) -> tuple[float, list[dict[str, object]]]:
    command = [
        sys.executable,
        "-m",
        "linter",
        "--format",
        "json",
        "--online",
        "--no-cache",
        "--allow-host",
        "127.0.0.0/8",
        *extra,
        str(folder),
    ]
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
    subprocess.run(
        [executable, str(page), "--concurrency", "100"], capture_output=True, check=False
    )
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="article-lint-links-"))

    def peak(servers: list[tuple[str, dict[str, int]]]) -> int:
        most = max(counts["peak"] for _, counts in servers)
        for _, counts in servers:
            counts["peak"] = 0
        return most

    try:
        with ExitStack() as stack:
            servers = [
                stack.enter_context(server(f"127.0.0.{i + 1}", args.latency))
                for i in range(args.hosts)
            ]
            urls = [f"{servers[i % len(servers)][0]}/page/{i}" for i in range(args.links)]
            write_articles(work / "many", urls)
            page = work / "links.html"
            page.write_text("".join(f'<a href="{url}">{i}</a>\n' for i, url in enumerate(urls)))
            # Side by side, in turns, so that the machine's load falls on each alike.
            polite, bad_polite = run_lint(work / "many")
            polite_peak = peak(servers)
            linkinator = run_linkinator(page)
            linkinator_peak = peak(servers)
            ceiling, bad_ceiling = run_lint(work / "many", "--per-host", "4")
            ceiling_peak = peak(servers)
        with server("127.0.0.1", 0.0, per_second=10) as (base, counts):
            write_articles(work / "limited", [f"{base}/rate/{i}" for i in range(40)])
            limited, bad_limited = run_lint(work / "limited")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"{args.links} links over {args.hosts} loopback hosts answering after "
        f"{args.latency * 1000:.0f} ms (peak: most requests one host had in flight)"
    )
    print(
        f"  article-lint, defaults          {polite:6.2f} s  peak {polite_peak:3d}  "
        f"false reports {len(bad_polite)}"
    )
    if linkinator is not None:
        print(f"  linkinator --concurrency 100    {linkinator:6.2f} s  peak {linkinator_peak:3d}")
        print(f"  ratio article-lint / linkinator {polite / linkinator:6.2f}")
    else:
        print("  linkinator: not installed (npm install linkinator in benchmarks/)")
    print(
        f"  article-lint --per-host 4       {ceiling:6.2f} s  peak {ceiling_peak:3d}  "
        f"false reports {len(bad_ceiling)}"
    )
    print(
        f"40 links to a host allowing 10 requests a second: {limited:.2f} s (ideal 4 s), "
        f"429 answers {counts['limited']}, false reports {len(bad_limited)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
