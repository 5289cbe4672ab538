#!/usr/bin/env python3
"""What the C parser (linter/reading/_fastyaml.c) saves: cold runs with and without it.

    python benchmarks/bench_cparser.py FOLDER [--rounds 5]

Alternates cold runs (``--no-cache``) of ``article-lint FOLDER`` in fresh processes, one
with the C parser and one with libyaml only (the parser switched off before the run, as a
pure-Python install has it), and prints the medians and their ratio. Kept only while the
C parser saves at least 20% of a cold run (see the README).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

RUN = """
import io, sys, time
from linter.reading import yamlload
if sys.argv[1] == "pure":
    yamlload._fastyaml = None
from linter.cli import main
started = time.perf_counter()
main(["--no-cache", "--quiet", sys.argv[2]], out=io.StringIO())
print(time.perf_counter() - started)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {"c": [], "pure": []}
    for _ in range(args.rounds):
        for kind, measured in times.items():
            done = subprocess.run(
                [sys.executable, "-c", RUN, kind, args.folder],
                capture_output=True,
                text=True,
                check=True,
            )
            measured.append(float(done.stdout.split()[-1]))
    c, pure = statistics.median(times["c"]), statistics.median(times["pure"])
    print(f"cold run, median of {args.rounds}: C parser {c:.2f} s, libyaml only {pure:.2f} s")
    print(f"the C parser saves {1 - c / pure:.0%} of a cold run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
