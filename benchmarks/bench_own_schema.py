#!/usr/bin/env python3
"""Time article-lint on a site with its own schema, side by side with ajv-cli.

    python benchmarks/bench_own_schema.py [--files 10000] [--rounds 3] [--ajv PATH] [--seed 22]

Generates (deterministically, from ``--seed``) a documentation site shaped like MDN Web Docs:
``docs/<area>/<section>/<slug>/index.md`` with YAML front matter, and its schema in two files:
``page.schema.json`` (an ``anyOf`` of ``if``/``then``/``else`` branches giving the page types
allowed under each slug prefix, patterns, enums, ``uniqueItems``) referring with ``$ref`` to
``common.schema.json`` (``format: uri`` and ``format: date`` fields, an author object). A few
percent of the pages carry one defect each (``--defect-rate``). Then, in alternating turns:

- article-lint cold (``--no-cache``), warm (cache filled, nothing changed), one named file
  with the cache filled (a hook), one changed file named (a hook after an edit) and one named
  file without a cache; the site has an ``.article-lint.toml``, so a named page is compared
  with every other by the cross-file rules, as in a real project;
- ajv-cli with ajv-formats, when installed, on the same front matter split out to .json files
  (every file, and one file). Install it outside the repository, for example
  ``npm install --prefix /tmp/ajv ajv-cli ajv-formats``, then pass
  ``--ajv /tmp/ajv/node_modules/.bin/ajv`` (default: ``ajv`` on PATH; ``--ajv ''`` skips it).

Before timing, it checks that article-lint reports errors in exactly the pages given defects
(and ajv-cli flags as many), so that what is timed is the real work. It prints the median wall
time of each run, its CPU time (user + system of all its processes: the work, apart from the
waiting on a shared machine), the ratios and the peak memory (the largest process of a run).
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

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import Sample, _changed_file, _node_project, ajv_validate, measure

SCHEMA_BASE = "https://docs.example.com/schemas/"


@dataclass(frozen=True)
class Area:
    """A part of the site: its folder, its slug prefix and the page types allowed there."""

    folder: str
    prefix: str
    page_types: tuple[str, ...]
    share: int  # relative number of pages


AREAS = (
    Area("glossary", "Glossary", ("glossary-definition", "glossary-disambiguation"), 6),
    Area("learn", "Learn_web_development", ("guide", "learn-module", "learn-module-chapter"), 4),
    Area("web/api", "Web/API", ("web-api-interface", "web-api-instance-method", "guide"), 40),
    Area("web/css", "Web/CSS", ("css-property", "css-function", "css-selector", "guide"), 15),
    Area("web/html", "Web/HTML", ("html-element", "html-attribute", "guide"), 8),
    Area("web/javascript", "Web/JavaScript", ("javascript-class", "javascript-function"), 20),
    Area("web/svg", "Web/SVG", ("svg-element", "svg-attribute", "guide"), 7),
)
STATUSES = ("deprecated", "experimental", "non-standard")
SYLLABLES = ("ba", "co", "de", "fi", "ga", "lo", "mi", "nu", "pe", "ra", "si", "to", "ve", "xa")
SPEC_HOSTS = (
    "https://drafts.csswg.org/",
    "https://html.spec.whatwg.org/",
    "https://w3c.github.io/",
)
DEFECTS = (
    "page-type",  # a type that the slug's branch of the anyOf does not allow
    "slug",  # breaks the slug's pattern
    "status",  # an enum typo
    "status-repeated",  # uniqueItems
    "spec-url",  # not a URI
    "updated",  # not a real date
    "unknown-field",  # additionalProperties: false
    "missing-title",  # required
)


def schemas() -> dict[str, dict[str, object]]:
    """The two schema files: the page's, and the shared definitions it refers to."""
    url = {"type": "string", "format": "uri", "pattern": "^https://"}
    common: dict[str, object] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + "common.schema.json",
        "$defs": {
            "url": url,
            "urls": {"anyOf": [url, {"type": "array", "minItems": 1, "items": url}]},
            "date": {"type": "string", "format": "date"},
            "author": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name"],
                "properties": {"name": {"type": "string", "minLength": 1}, "url": url},
            },
        },
    }
    branches = [
        {
            "if": {"properties": {"slug": {"type": "string", "pattern": f"^{area.prefix}/"}}},
            "then": {"properties": {"page-type": {"enum": list(area.page_types)}}},
            "else": False,
        }
        for area in AREAS
    ]
    page: dict[str, object] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + "page.schema.json",
        "title": "Documentation page front matter",
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "slug", "page-type", "updated"],
        "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": 120},
            "short-title": {"type": "string", "maxLength": 60},
            "slug": {"type": "string", "pattern": "^[A-Z][A-Za-z_]*(/[A-Za-z0-9_.-]+)+$"},
            "page-type": {"type": "string"},
            "status": {
                "type": "array",
                "uniqueItems": True,
                "items": {"type": "string", "enum": list(STATUSES)},
            },
            "browser-compat": {"type": "string", "pattern": "^[a-z]+(\\.[A-Za-z0-9_-]+)+$"},
            "spec-urls": {"$ref": "common.schema.json#/$defs/urls"},
            "updated": {"$ref": "common.schema.json#/$defs/date"},
            "author": {"$ref": "common.schema.json#/$defs/author"},
            "tags": {
                "type": "array",
                "maxItems": 6,
                "items": {"type": "string", "pattern": "^[a-z0-9-]+$"},
            },
        },
        "anyOf": branches,
    }
    return {"page.schema.json": page, "common.schema.json": common}


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def _front_matter(rng: random.Random, area: Area, section: str, name: str) -> dict[str, object]:
    slug = f"{area.prefix}/{section}/{name}"
    data: dict[str, object] = {
        "title": f"{section}: {name} {area.prefix.rsplit('/', 1)[-1]}",
        "short-title": name,
        "slug": slug,
        "page-type": rng.choice(area.page_types),
    }
    if rng.random() < 0.2:
        data["status"] = sorted(rng.sample(STATUSES, rng.randint(1, 2)))
    if area.prefix.startswith("Web/"):
        data["browser-compat"] = f"{area.folder.split('/')[1]}.{section}.{name}"
        urls = [f"{rng.choice(SPEC_HOSTS)}{section.lower()}/#{name}" for _ in range(2)]
        data["spec-urls"] = urls[0] if rng.random() < 0.7 else urls
    data["updated"] = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if rng.random() < 0.3:
        person = _word(rng, 2)
        data["author"] = {"name": person.title(), "url": f"https://people.example.org/{person}"}
    if rng.random() < 0.5:
        data["tags"] = sorted({_word(rng, 2) for _ in range(rng.randint(1, 4))})
    return data


def _break(data: dict[str, object], defect: str, area: Area) -> None:
    """One defect, as authors make them; the YAML stays well-formed."""
    if defect == "page-type":
        others = [t for a in AREAS for t in a.page_types if t not in area.page_types]
        data["page-type"] = others[len(str(data["slug"])) % len(others)]
    elif defect == "slug":
        data["slug"] = str(data["slug"]).replace("/", " / ", 1)
    elif defect == "status":
        data["status"] = ["experimantal"]
    elif defect == "status-repeated":
        data["status"] = ["deprecated", "deprecated"]
    elif defect == "spec-url":
        data["spec-urls"] = "htps//drafts.csswg.org/a spec"
    elif defect == "updated":
        data["updated"] = "2024-02-30"
    elif defect == "unknown-field":
        data["tittle"] = data.pop("short-title", "x")
    elif defect == "missing-title":
        del data["title"]


def _body(rng: random.Random, title: str) -> str:
    paragraphs = [
        " ".join(_word(rng, rng.randint(1, 4)) for _ in range(rng.randint(20, 80)))
        for _ in range(rng.randint(2, 8))
    ]
    return (
        f"\nThe **{title}** page.\n\n" + "\n\n".join(paragraphs) + "\n\n## See also\n\n- [x](/)\n"
    )


def generate(site: Path, files: int, seed: int, defect_rate: float) -> list[Path]:
    """The site: its schema files and ``files`` pages. Returns the pages given a defect."""
    rng = random.Random(seed)
    (site / "schemas").mkdir(parents=True)
    for name, schema in schemas().items():
        (site / "schemas" / name).write_text(json.dumps(schema, indent=2) + "\n")
    # The site is a project, as a real one is: a named page is compared with all the others
    # by the cross-file rules (without it, only with itself).
    (site / ".article-lint.toml").write_text('schema = "schemas/page.schema.json"\n')
    weights = [area.share for area in AREAS]
    defective: list[Path] = []
    seen: set[Path] = set()
    while len(seen) < files:
        area = rng.choices(AREAS, weights)[0]
        section = _word(rng, 2).title() + rng.choice(("", "Event", "Element", "Rule"))
        name = _word(rng, rng.randint(2, 4))
        page = site / "docs" / area.folder / section.lower() / name / "index.md"
        if page in seen:
            continue
        seen.add(page)
        data = _front_matter(rng, area, section, name)
        if rng.random() < defect_rate:
            _break(data, DEFECTS[len(defective) % len(DEFECTS)], area)
            defective.append(page)
        # safe_dump quotes the dates (a bare one would be a date, not the string the schema
        # wants, to YAML readers that follow YAML 1.1, js-yaml and PyYAML among them).
        header = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\n{header}---\n{_body(rng, str(data.get('title', name)))}")
    return sorted(defective)


def split_to_json(docs: Path, out: Path) -> list[Path]:
    """Each page's front matter as a .json file, for ajv-cli (the same data, as YAML reads it)."""
    out.mkdir(parents=True)
    written = []
    for index, page in enumerate(sorted(docs.rglob("index.md"))):
        text = page.read_text(encoding="utf-8")
        end = text.find("\n---", 3)
        data = yaml.safe_load(text[4:end])
        target = out / f"{index:06d}.json"
        target.write_text(json.dumps(data, default=str), encoding="utf-8")
        written.append(target)
    return written


def _reported(lint: list[str], site: Path) -> dict[Path, str]:
    """The pages article-lint reports a problem in, with the worst severity there."""
    done = subprocess.run(
        [*lint, "--no-cache", "docs"], cwd=site, capture_output=True, text=True, check=False
    )
    worst: dict[Path, str] = {}
    for problem in json.loads(done.stdout):
        page = site / problem["file"]
        if worst.get(page) != "error":
            worst[page] = problem["severity"]
    return worst


def agreement(reported: dict[Path, str], pages: int, defective: list[Path]) -> str:
    """What article-lint found, against the defects given."""
    errors = {page for page, severity in reported.items() if severity == "error"}
    warned = set(reported) - errors
    planted = set(defective)
    return (
        f"{pages} pages, {len(planted)} given a defect; article-lint reports errors in "
        f"{len(errors & planted)} of them and only warnings in {len(warned & planted)}, "
        f"{len(planted - set(reported))} unreported; errors in {len(errors - planted)} other pages"
    )


def _ajv_invalid(command: list[str], cwd: Path) -> int:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    return sum(line.endswith(" invalid") for line in (done.stdout + done.stderr).splitlines())


def main(argv: list[str] | None = None) -> int:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--defect-rate", type=float, default=0.03)
    parser.add_argument("--ajv", default=shutil.which("ajv"), help="the ajv-cli executable")
    parser.add_argument("--keep", action="store_true", help="keep the generated site")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="article-lint-own-schema-"))
    site = work / "site"
    defective = generate(site, args.files, args.seed, args.defect_rate)
    schema = site / "schemas" / "page.schema.json"
    pages = sorted((site / "docs").rglob("index.md"))
    one = pages[len(pages) // 2]
    lint = [sys.executable, "-m", "linter", "--format", "json", "--schema", str(schema)]

    print(agreement(_reported(lint, site), len(pages), defective))
    cache = work / "cache"
    commands: dict[str, tuple[list[str], Path]] = {
        "article-lint cold": ([*lint, "--no-cache", "docs"], site),
        "article-lint warm": ([*lint, "--cache-dir", str(cache), "docs"], site),
        "article-lint one file": ([*lint, "--cache-dir", str(cache), str(one)], site),
        "article-lint one changed file": _changed_file(lint, site, one, work),
        "article-lint one file no cache": ([*lint, "--no-cache", str(one)], site),
    }
    if args.ajv:
        json_dir = work / "json"
        split = split_to_json(site / "docs", json_dir)
        ajv = ajv_validate(args.ajv, schema, (site / "schemas" / "common.schema.json",))
        cwd = _node_project(Path(args.ajv)) or work
        commands["ajv-cli"] = ([*ajv, str(json_dir / "*.json")], cwd)
        commands["ajv-cli one file"] = ([*ajv, str(split[len(split) // 2])], cwd)
        print(f"ajv-cli reports {_ajv_invalid(commands['ajv-cli'][0], cwd)} invalid files")
    else:
        print("ajv-cli not installed: skipped (see --ajv)")

    for command, cwd in commands.values():  # warm-up: fill the caches, write bytecode
        measure(command, cwd)
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, (command, cwd) in commands.items():  # alternating turns
            samples[name].append(measure(command, cwd))
    report(samples)
    print("one file:", shlex.quote(str(one.relative_to(site))))
    if args.keep:
        print("kept:", work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(samples: dict[str, list[Sample]]) -> None:
    rounds = min(len(runs) for runs in samples.values())
    print(f"median of {rounds} alternating rounds, {os.cpu_count()} cores; cpu = user + system")
    medians = {name: statistics.median(s.seconds for s in runs) for name, runs in samples.items()}
    cpu = {name: statistics.median(s.cpu_seconds for s in runs) for name, runs in samples.items()}
    peaks = {name: max(s.peak_kib for s in runs) / 1024 for name, runs in samples.items()}
    for name, seconds in medians.items():
        print(
            f"  {name:32} {seconds:8.3f} s   cpu {cpu[name]:8.3f} s   peak {peaks[name]:6.1f} MiB"
        )
    ratios = {
        "cold vs ajv-cli (x its time)": ("article-lint cold", "ajv-cli"),
        "warm vs ajv-cli (x its time)": ("article-lint warm", "ajv-cli"),
        "warm vs cold (x faster)": ("article-lint cold", "article-lint warm"),
        "one file vs ajv-cli one file (x its time)": ("article-lint one file", "ajv-cli one file"),
        "one changed file vs ajv-cli one file (x its time)": (
            "article-lint one changed file",
            "ajv-cli one file",
        ),
    }
    print("ratios (wall; cpu)")
    for label, (top, bottom) in ratios.items():
        if top in medians and bottom in medians:
            wall = medians[top] / medians[bottom]
            print(f"  {label:50} {wall:6.2f}; {cpu[top] / cpu[bottom]:6.2f}")
    print(json.dumps({"medians": medians, "cpu": cpu, "peak_mib": peaks}))


if __name__ == "__main__":
    sys.exit(main())
