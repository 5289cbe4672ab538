#!/usr/bin/env python3
"""Time article-lint against check-jsonschema and ajv-cli on the same articles, side by side.

    python benchmarks/bench.py [--files 10000] [--rounds 3] [--corpus DIR] [--keep]

Generates N articles (with ../shared/corpus/make_corpus.py when it is there, else with the
generator below), splits their front matter out to .yaml files for the tools that cannot read
front matter, then runs, in alternating turns:

- article-lint cold (``--no-cache``), warm (cache filled by the previous run) and on one file;
- check-jsonschema on the .yaml files and on one, when ``check-jsonschema`` is on PATH;
- ajv-cli with ajv-formats on the .yaml files, when ``ajv`` is on PATH (or ``--ajv PATH``).

It prints the median wall time of each, the ratios the project tracks, and the peak memory
(the largest resident set of any process of the run). Nothing here is a test: timings on a
shared machine are noisy, so read the ratios, measured in one run, not absolute seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCHEMA = ROOT / "schemas" / "article.schema.json"
FIXTURE = ROOT / "tests" / "fixtures" / "article.md"

# Peak RSS of the command's whole process tree (the largest process), measured by a parent
# that only waits: RUSAGE_CHILDREN covers every descendant it has waited for.
# Wall time, CPU time (user + system, every process of the run) and peak RSS (the largest
# process), measured by a parent that only waits: RUSAGE_CHILDREN covers every descendant it
# has waited for. CPU time tells the work apart from the waiting when the machine is shared.
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "t = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(t, u.ru_utime + u.ru_stime, u.ru_maxrss)\n"
)


@dataclass(frozen=True)
class Sample:
    seconds: float
    cpu_seconds: float
    peak_kib: int


def generate(out: Path, files: int, defect_rate: float = 0.0) -> None:
    """N articles: make_corpus.py's labelled corpus when available, else variations of ours."""
    maker = SHARED / "corpus" / "make_corpus.py"
    if maker.is_file():
        # Clean articles: ajv-cli stops at the first file it cannot parse, so defects would
        # time its early exit, not its work.
        command = [
            sys.executable,
            str(maker),
            str(out),
            "--files",
            str(files),
            "--defect-rate",
            str(defect_rate),
        ]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return
    rng = random.Random(7)
    template = FIXTURE.read_text(encoding="utf-8")
    for i in range(files):
        slug = f"story-{i:06d}"
        text = template.replace("harbour-cities-test-shared-models-for-flood-forecasting", slug)
        text = text.replace("Harbour Cities Test", f"Harbour Cities {i} Test")
        text = text.replace("quality: 39", f"quality: {rng.randint(0, 100)}")
        folder = out / f"{2015 + i % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")


def split_front_matter(corpus: Path, out: Path) -> list[Path]:
    """Each article's front matter as a .yaml file (what check-jsonschema and ajv can read)."""
    written = []
    for index, path in enumerate(sorted(corpus.rglob("*.md"))):
        text = path.read_text(encoding="utf-8", errors="replace")
        if not text.startswith("---"):
            continue
        end = text.find("\n---", 3)
        target = out / f"{index:06d}.yaml"
        target.write_text(text[4:end] + "\n" if end != -1 else text[4:], encoding="utf-8")
        written.append(target)
    return written


def measure(command: list[str], cwd: Path) -> Sample:
    """One run of ``command``, its output thrown away."""
    # As on a user's machine: Python may cache bytecode (some sandboxes turn that off).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    seconds, cpu, peak = done.stdout.split()
    return Sample(float(seconds), float(cpu), int(peak))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--defect-rate", type=float, default=0.0, help="make_corpus.py's defect rate"
    )
    parser.add_argument("--corpus", type=Path, help="use these articles instead of generating")
    parser.add_argument("--ajv", default=shutil.which("ajv"), help="the ajv-cli executable")
    parser.add_argument("--check-jsonschema", default=shutil.which("check-jsonschema"))
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--baseline",
        metavar="COMMAND",
        help="another article-lint to time alongside (e.g. an older checkout's "
        "'/path/.venv/bin/python -m linter'): its cold, warm and one-file runs",
    )
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="article-lint-bench-"))
    corpus = args.corpus or work / "articles"
    if args.corpus is None:
        generate(corpus, args.files, args.defect_rate)
    yaml_dir = work / "yaml"
    yaml_dir.mkdir()
    yaml_files = split_front_matter(corpus, yaml_dir)
    one_article = next(iter(sorted(corpus.rglob("*.md"))))
    lint = [sys.executable, "-m", "linter", "--format", "json"]
    cache_dir = work / "cache"
    commands: dict[str, tuple[list[str], Path]] = {
        "article-lint cold": ([*lint, "--no-cache", str(corpus)], work),
        "article-lint warm": ([*lint, "--cache-dir", str(cache_dir), str(corpus)], work),
        "article-lint one file": ([*lint, "--no-cache", str(one_article)], work),
    }
    if args.corpus is None:
        commands["article-lint one changed file"] = _changed_file(lint, corpus, one_article, work)
    if args.baseline:
        other = [*shlex.split(args.baseline), "--format", "json"]
        other_cache = work / "baseline-cache"
        commands["baseline cold"] = ([*other, "--no-cache", str(corpus)], work)
        commands["baseline warm"] = ([*other, "--cache-dir", str(other_cache), str(corpus)], work)
        commands["baseline one file"] = ([*other, "--no-cache", str(one_article)], work)
    if args.check_jsonschema:
        base = [args.check_jsonschema, "--schemafile", str(SCHEMA)]
        commands["check-jsonschema"] = ([*base, *map(str, yaml_files)], work)
        commands["check-jsonschema one file"] = ([*base, str(yaml_files[0])], work)
    if args.ajv:
        commands["ajv-cli"] = (
            [*ajv_validate(args.ajv, SCHEMA), str(yaml_dir / "*.yaml")],
            _node_project(Path(args.ajv)) or work,
        )
    for command, cwd in commands.values():  # warm-up: fill the cache, write bytecode
        measure(command, cwd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(args.rounds):
        for name, (command, cwd) in commands.items():  # alternating turns
            sample = measure(command, cwd)
            seconds, peak = sample.seconds, sample.peak_kib
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
    medians = {name: statistics.median(values) for name, values in times.items()}
    report(medians, peaks, len(yaml_files), args.rounds)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def ajv_validate(ajv: str, schema: Path, refs: tuple[Path, ...] = ()) -> list[str]:
    """ajv-cli validating against ``schema`` (and the ``refs`` it reaches) with ajv-formats,
    every error, draft 2020-12: the command up to the data files, which follow."""
    return [
        ajv,
        "validate",
        "--spec=draft2020",
        "-c",
        "ajv-formats",
        "--strict=false",
        "--all-errors",
        "-s",
        str(schema),
        *(part for ref in refs for part in ("-r", str(ref))),
        "-d",
    ]


def _changed_file(
    lint: list[str], corpus: Path, one_article: Path, work: Path
) -> tuple[list[str], Path]:
    """A hook's run: one article changed since the last run, named on the command line;
    cross-file rules compare it with the other 9,999 (from the cache). The project is the
    folder of its configuration file. In a copy: the other runs' tree stays as it is."""
    project = work / "project"
    shutil.copytree(corpus, project)
    (project / ".article-lint.toml").write_text("")
    changed = project / one_article.relative_to(corpus)
    touch = f"printf ' ' >> {shlex.quote(str(changed))}"
    again = " ".join(
        shlex.quote(part)
        for part in [*lint, "--cache-dir", str(work / "changed-cache"), str(changed)]
    )
    return ["sh", "-c", f"{touch} && {again}"], project


def _node_project(executable: Path) -> Path | None:
    """The folder whose node_modules holds ajv, so that ``-c ajv-formats`` resolves."""
    resolved = executable.resolve()
    for parent in resolved.parents:
        if parent.name == "node_modules":
            return parent.parent
    return None


def report(medians: dict[str, float], peaks: dict[str, int], files: int, rounds: int) -> None:
    print(f"{files} articles, median of {rounds} alternating rounds, {os.cpu_count()} cores")
    for name, seconds in medians.items():
        print(f"  {name:28} {seconds:8.3f} s   peak {peaks[name] / 1024:7.1f} MiB")
    ratios = {
        "cold vs check-jsonschema (x faster)": ("check-jsonschema", "article-lint cold"),
        "cold vs ajv-cli (x its time)": ("article-lint cold", "ajv-cli"),
        "warm vs cold (x faster)": ("article-lint cold", "article-lint warm"),
        "cold vs baseline cold (x its time)": ("article-lint cold", "baseline cold"),
        "warm vs baseline warm (x its time)": ("article-lint warm", "baseline warm"),
        "one file vs baseline one file (x its time)": (
            "article-lint one file",
            "baseline one file",
        ),
        "one file vs check-jsonschema (x faster)": (
            "check-jsonschema one file",
            "article-lint one file",
        ),
        "one changed file of all vs check-jsonschema one file (x faster)": (
            "check-jsonschema one file",
            "article-lint one changed file",
        ),
    }
    print("ratios")
    for label, (top, bottom) in ratios.items():
        if top in medians and bottom in medians:
            print(f"  {label:42} {medians[top] / medians[bottom]:6.2f}")
    print(json.dumps({"medians": medians, "peak_mib": {k: v / 1024 for k, v in peaks.items()}}))


if __name__ == "__main__":
    sys.exit(main())
