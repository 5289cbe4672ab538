#!/usr/bin/env python3
"""Fuzz the C parser (``linter/reading/_fastyaml.c``) against the libyaml path.

    python tests/fuzz_fastyaml.py [--seconds 60] [--seed N] [--out FOLDER]

Mutates real front matter (the test fixtures, the forms ``test_fastyaml`` pins, and, when
``../shared`` is there, the real corpus and the YAML test suite's inputs): byte flips, YAML's
special characters inserted, spans deleted, doubled or spliced from another input, lines
re-indented, truncations. Every input goes to the C parser; whenever it answers, its values,
positions and index must equal libyaml's (``test_fastyaml.difference``). Inputs the C parser
accepts join the pool, so the search stays where the C code does the work.

Run by ``.ci/sanitize`` on every CI run with the parser built under AddressSanitizer and
UndefinedBehaviorSanitizer: a memory error or undefined behaviour aborts the process, a
difference exits 1 with the input saved. Not coverage-guided (that needs clang's libFuzzer,
which this machine's toolchain lacks); the differential check is the oracle.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conftest import FIXTURES, SHARED  # noqa: E402
from test_fastyaml import ANSWERED, DECLINED, difference, fast  # noqa: E402

SPECIAL = [
    *":-#'\"\\[]{},&*!|>%@`? \t\n\r\x00\x07\x85\u2028\ufeff\u00e9\U0001f600",
    "  ",
    "- ",
    ": ",
    "\n  ",
    "\n- ",
    "'",
    "''",
    '\\"',
    "\\u00e9",
    "\\x4",
    "\\U0001F600",
    "#",
    " #",
    "---",
    "...",
    "~",
    "null",
    "012",
    "1:20",
    "yes",
    ".inf",
    "2023-02-30",
]


def seeds() -> list[str]:
    found = [*ANSWERED.values(), *DECLINED.values()]
    for path in sorted(FIXTURES.rglob("*.md")):
        parts = path.read_text(encoding="utf-8", errors="replace").split("---\n")
        if len(parts) >= 3:
            found.append(parts[1])
    corpus = SHARED / "corpus" / "real"
    if corpus.is_dir():
        for path in sorted(corpus.rglob("*.md"))[:400]:
            parts = path.read_text(encoding="utf-8", errors="replace").split("---\n")
            if len(parts) >= 3:
                found.append(parts[1])
    suite = SHARED / "corpus" / "yaml-test-suite"
    if suite.is_dir():
        found += [p.read_text(encoding="utf-8", errors="replace") for p in suite.rglob("in.yaml")]
    return found


def mutate(text: str, pool: list[str], rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(text))
        end = min(len(text), at + rng.randint(0, 12))
        choice = rng.randrange(8)
        if choice == 0:
            text = text[:at] + rng.choice(SPECIAL) + text[at:]
        elif choice == 1:
            text = text[:at] + text[end:]
        elif choice == 2:
            text = text[:at] + text[at:end] * 2 + text[end:]
        elif choice == 3 and text:
            spot = rng.randrange(len(text))
            text = text[:spot] + chr(ord(text[spot]) ^ (1 << rng.randrange(7))) + text[spot + 1 :]
        elif choice == 4:
            other = rng.choice(pool)
            start = rng.randint(0, len(other))
            text = text[:at] + other[start : start + rng.randint(1, 80)] + text[at:]
        elif choice == 5:
            lines = text.split("\n")
            line = rng.randrange(len(lines))
            lines[line] = " " * rng.choice([0, 1, 2, 4, 6]) + lines[line].lstrip(" ")
            text = "\n".join(lines)
        elif choice == 6:
            text = text[:at]
        else:
            text = text[:at] + rng.choice(SPECIAL) * rng.randint(2, 70) + text[at:]
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    args = parser.parse_args(argv)
    if fast is None:
        print("fuzz_fastyaml: the C parser is not built; nothing to fuzz", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    pool = seeds()
    accepted: list[str] = []
    runs = taken = 0
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        base = rng.choice(accepted) if accepted and rng.random() < 0.6 else rng.choice(pool)
        text = mutate(base, pool, rng)
        runs += 1
        found = difference(text)
        if found is not None:
            args.out.mkdir(exist_ok=True)
            saved = args.out / f"difference-{seed}-{runs}.yaml"
            saved.write_text(text, encoding="utf-8", errors="surrogatepass")
            print(f"fuzz_fastyaml: {found}\n  input saved to {saved} (seed {seed})")
            return 1
        if fast.parse(text, *_callbacks()) is not None:
            taken += 1
            if len(accepted) < 5000:
                accepted.append(text)
    print(
        f"fuzz_fastyaml: {runs} inputs in {args.seconds:g} s (seed {seed}), "
        f"{taken} answered by the C parser, each equal to libyaml's answer"
    )
    return 0


def _callbacks() -> tuple[object, object]:
    from linter.reading import yamlload

    return yamlload._plain_value, yamlload._BAIL


if __name__ == "__main__":
    sys.exit(main())
