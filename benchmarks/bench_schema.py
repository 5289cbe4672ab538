#!/usr/bin/env python3
"""Time the schema stage alone on a user's schema: N documents validated in one process.

    python benchmarks/bench_schema.py [--files 14000] [--rounds 3] [--defect-rate 0.02]

The schema is shaped like MDN's front-matter schema: an ``anyOf`` of ``if``/``then``/``else``
branches on the slug, ``enum``s, ``pattern``s, ``uri`` formats and a ``$ref`` into a file beside
it. The documents are generated (a few percent broken, as a real tree has), read as the linter
reads them, then passed to ``schema.validate`` (the engine users get) in turn; the loading of the
schema is timed apart. Prints the median of the rounds. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KINDS = {
    "glossary": ["glossary-definition", "glossary-disambiguation"],
    "web/css": ["css-property", "css-selector", "css-function", "css-at-rule", "guide"],
    "web/api": ["web-api-interface", "web-api-instance-method", "web-api-instance-property"],
    "web/html": ["html-element", "html-attribute", "html-guide"],
}


def schema_files(folder: Path) -> Path:
    """The schema (and the file of definitions it refers to) in ``folder``."""
    branches = []
    for prefix, types in KINDS.items():
        branches.append(
            {
                "if": {"properties": {"slug": {"pattern": f"^{prefix}/"}}},
                "then": {"properties": {"page-type": {"enum": types}}},
                "else": {"properties": {"page-type": {"not": {"enum": types}}}},
            }
        )
    defs = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {
            "spec-url": {"type": "string", "format": "uri", "pattern": "^https://"},
            "status": {"enum": ["experimental", "deprecated", "non-standard"]},
        },
    }
    (folder / "defs.json").write_text(json.dumps(defs), encoding="utf-8")
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "required": ["title", "slug"],
        "properties": {
            "title": {"type": "string", "minLength": 1, "pattern": "\\S"},
            "slug": {"type": "string", "pattern": "^[A-Za-z0-9_./:-]+$"},
            "page-type": {"type": "string"},
            "status": {
                "type": "array",
                "items": {"$ref": "defs.json#/definitions/status"},
                "uniqueItems": True,
            },
            "browser-compat": {
                "anyOf": [
                    {"type": "string", "pattern": "^[a-z0-9_.-]+$"},
                    {"type": "array", "items": {"type": "string"}},
                ]
            },
            "spec-urls": {
                "anyOf": [
                    {"$ref": "defs.json#/definitions/spec-url"},
                    {"type": "array", "items": {"$ref": "defs.json#/definitions/spec-url"}},
                ]
            },
            "sidebar": {"type": "string", "pattern": "^[a-z]+$"},
        },
        "additionalProperties": False,
        "allOf": branches,
    }
    path = folder / "front-matter.schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


def documents(count: int, defect_rate: float) -> list[str]:
    rng = random.Random(11)
    texts = []
    for i in range(count):
        prefix = rng.choice(list(KINDS))
        page_type = rng.choice(KINDS[prefix])
        lines = [
            f"title: Page {i} of {prefix}",
            f"slug: {prefix}/page_{i}",
            f"page-type: {page_type}",
            "status:",
            "  - experimental",
            f"browser-compat: {prefix.replace('/', '.')}.page_{i}",
            f"spec-urls: https://example.com/spec/{i}#section",
            "sidebar: cssref",
        ]
        if rng.random() < defect_rate:
            broken = rng.randrange(4)
            if broken == 0:
                lines[2] = f"page-type: {page_type[:-1]}"
            elif broken == 1:
                lines[6] = "spec-urls: htps//example.com/spec"
            elif broken == 2:
                lines.append("  - experimental")
            else:
                lines.append("unknown: 1")
        texts.append("---\n" + "\n".join(lines) + "\n---\n# body\n")
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=14_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--defect-rate", type=float, default=0.02)
    args = parser.parse_args(argv)

    from linter.reading import reader
    from linter.validation import schema

    with tempfile.TemporaryDirectory() as folder:
        path = schema_files(Path(folder))
        started = time.perf_counter()
        validator = schema.load_validator(path)
        loaded = time.perf_counter() - started
        docs = [
            reader.read(f"page{i}.md", text.encode(), validator.fields)
            for i, text in enumerate(documents(args.files, args.defect_rate))
        ]
        times, errors = [], 0
        for _ in range(args.rounds):
            started = time.perf_counter()
            errors = sum(len(schema.validate(doc, validator)) for doc in docs)
            times.append(time.perf_counter() - started)
    print(f"schema loaded in {loaded:.3f} s")
    print(
        f"{len(docs)} documents validated in {statistics.median(times):.3f} s "
        f"(median of {args.rounds}; {errors} errors)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
