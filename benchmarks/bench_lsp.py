#!/usr/bin/env python3
"""Time ``article-lint lsp``: from a change to its diagnostics, over stdio, as an editor sees it.

    python benchmarks/bench_lsp.py [--changes 50] [--others 500]

Opens the test suite's seed article in a real server process, in a workspace folder holding
``--others`` more articles on disk (each its own URL and title: the cross-file rules compare
with all of them), then sends full-text changes (each a different title) one at a time and
measures the time from each ``didChange`` to the ``publishDiagnostics`` that answers it: the
debounce (``linter.cli.lsp.DEBOUNCE_SECONDS``) plus the analysis, the walk of the workspace
folder included. Prints the median and the 90th percentile. Not a test: timings on a shared
machine are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_lsp import Client  # noqa: E402 - the tests' stdio client, reused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--others", type=int, default=500)
    args = parser.parse_args(argv)
    text = (ROOT / "tests" / "fixtures" / "article.md").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "posts").mkdir()
        for number in range(args.others):
            other = text.replace('title: "', f'title: "Other {number} ', 1)
            other = other.replace("/2023/11/", f"/2023/11/{number}-")
            (work / "posts" / f"{number}.md").write_text(other, encoding="utf-8")
        client = Client(work)
        client.initialize(work)
        uri = (work / "post.md").as_uri()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
        )
        client.diagnostics(uri)
        times = []
        for version in range(2, args.changes + 2):
            changed = text.replace('title: "', f'title: "{version} ', 1)
            start = time.perf_counter()
            client.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": changed}],
                },
            )
            client.diagnostics(uri)
            times.append(time.perf_counter() - start)
        client.close()
    times.sort()
    print(
        f"{len(times)} changes, {args.others} other articles: median {statistics.median(times) * 1000:.1f} ms, "
        f"90th percentile {times[int(len(times) * 0.9) - 1] * 1000:.1f} ms (debounce included)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
