#!/usr/bin/env python3
"""Time ``article-lint lsp``: from a change to its diagnostics, over stdio, as an editor sees it.

    python benchmarks/bench_lsp.py [--changes 50] [--others 500]
    python benchmarks/bench_lsp.py --workspace SITE --file PATH/IN/SITE.md

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
    parser.add_argument(
        "--workspace",
        type=Path,
        help="a site to open instead (read, never written); the article edited is --file in it",
    )
    parser.add_argument("--file", default="post.md", help="the article edited, in the workspace")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = args.workspace.resolve() if args.workspace else Path(folder)
        if args.workspace:
            text = (work / args.file).read_text(encoding="utf-8")
        else:
            text = (ROOT / "tests" / "fixtures" / "article.md").read_text(encoding="utf-8")
            others(work, text, args.others)
        client = Client(Path(folder))
        client.initialize(work)
        uri = (work / args.file).as_uri()
        start = time.perf_counter()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
        )
        client.diagnostics(uri, timeout=600)
        first = time.perf_counter() - start
        times = []
        for version in range(2, args.changes + 2):
            changed = text.replace("title: ", f"title: {version} ", 1)
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
    where = args.workspace or f"{args.others} other articles"
    print(
        f"{where}: first diagnostics {first * 1000:.0f} ms; {len(times)} changes: median "
        f"{statistics.median(times) * 1000:.1f} ms, 90th percentile "
        f"{times[int(len(times) * 0.9) - 1] * 1000:.1f} ms (debounce included)"
    )
    return 0


def others(work: Path, text: str, count: int) -> None:
    """``count`` more articles in ``work/posts``, each with its own title and URLs."""
    (work / "posts").mkdir()
    for number in range(count):
        other = text.replace('title: "', f'title: "Other {number} ', 1)
        other = other.replace("/2023/11/", f"/2023/11/{number}-")
        (work / "posts" / f"{number}.md").write_text(other, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
