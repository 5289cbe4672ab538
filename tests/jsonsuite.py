"""The official JSON-Schema-Test-Suite, run through article-lint as a user would meet it.

Each test's instance becomes an article's front matter (YAML, or JSON as Hugo writes it),
its schema the configured schema, and article-lint's verdict (any error) is compared with
the test's ``valid``. Required tests whose instances are objects (an article is a mapping);
the format tests wrap their instance as a field (``value: <instance>``). Tests that need the
suite's remote server (``localhost:1234``) are left aside, as the issue allows.

``python tests/jsonsuite.py`` prints the agreement per draft.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

SUITE = Path(__file__).resolve().parents[2] / "shared" / "json-schema-test-suite" / "tests"
DRAFTS = {
    "draft4": "http://json-schema.org/draft-04/schema#",
    "draft6": "http://json-schema.org/draft-06/schema#",
    "draft7": "http://json-schema.org/draft-07/schema#",
    "draft2019-09": "https://json-schema.org/draft/2019-09/schema",
    "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
}
REMOTE = "localhost:1234"


class Case(NamedTuple):
    where: str  # file, group and test descriptions
    schema: Any
    instance: dict[str, Any]
    valid: bool


def cases(draft: str, kind: str) -> Iterator[Case]:
    """The suite's cases of ``kind`` ("required" or "format") for ``draft``."""
    folder = SUITE / draft / ("optional/format" if kind == "format" else "")
    for path in sorted(folder.glob("*.json")):
        for group in json.loads(path.read_text(encoding="utf-8")):
            schema = group["schema"]
            if REMOTE in json.dumps(schema):
                continue
            for test in group["tests"]:
                instance = test["data"]
                if kind == "format":
                    schema_used = {"$schema": DRAFTS[draft], "properties": {"value": schema}}
                    instance = {"value": instance}
                else:
                    # The draft's own tests, judged by that draft: as every suite runner picks
                    # its validator, article-lint picks it by "$schema" (older drafts' files
                    # leave it out).
                    schema_used = (
                        {"$schema": DRAFTS[draft], **schema} if isinstance(schema, dict) else schema
                    )
                    if not isinstance(instance, dict):
                        continue
                where = f"{path.name}: {group['description']}: {test['description']}"
                yield Case(where, schema_used, instance, test["valid"])


def front_matter(instance: dict[str, Any], style: str) -> str:
    """The instance as front matter: ``yaml`` (block style), ``json`` (Hugo's JSON object) or
    ``flow`` (JSON between ``---`` lines: YAML 1.2 reads JSON as it is)."""
    if style == "json":
        return json.dumps(instance, ensure_ascii=False, indent=2) + "\n"
    if style == "flow":
        return "---\n" + json.dumps(instance, ensure_ascii=False) + "\n---\n"
    import yaml

    return "---\n" + yaml.safe_dump(instance, allow_unicode=True, sort_keys=False) + "---\n"


def verdicts(draft: str, kind: str, style: str = "yaml") -> Iterator[tuple[Case, bool]]:
    """Each case and whether article-lint found it valid (no error)."""
    from linter.config import Config
    from linter.engine.runner import lint_text
    from linter.model import Severity

    with tempfile.TemporaryDirectory() as folder:
        for number, case in enumerate(cases(draft, kind)):
            schema_path = Path(folder) / f"schema{number}.json"
            schema_path.write_text(json.dumps(case.schema), encoding="utf-8")
            config = Config(schema=schema_path)
            problems = lint_text(front_matter(case.instance, style), "case.md", config)
            yield case, not any(p.severity is Severity.ERROR for p in problems)


def agreement(draft: str, kind: str, style: str = "yaml") -> tuple[int, int, list[str]]:
    """How many cases agree, of how many, and where they do not."""
    agree, total, misses = 0, 0, []
    for case, valid in verdicts(draft, kind, style):
        total += 1
        if valid == case.valid:
            agree += 1
        else:
            misses.append(f"{case.where} (expected {'valid' if case.valid else 'invalid'})")
    return agree, total, misses


def disagreements() -> Iterator[tuple[str, str]]:
    """``(draft, case)`` of every case where jsonschema-rs's verdict (what users get) and the
    reference's (python-jsonschema, which explains) differ, required and format tests alike."""
    from linter.validation import schema

    with tempfile.TemporaryDirectory() as folder:
        for kind in ("required", "format"):
            for draft in DRAFTS:
                for number, case in enumerate(cases(draft, kind)):
                    path = Path(folder) / f"{kind}-{draft}-{number}.json"
                    path.write_text(json.dumps(case.schema), encoding="utf-8")
                    validator = schema.load_validator(path)
                    assert validator.fast is not None, case.where
                    if validator.fast(case.instance) != validator.reference.is_valid(case.instance):
                        yield draft, case.where


def main() -> int:
    verbose = "-v" in sys.argv
    for kind in ("required", "format"):
        for style in ("yaml", "json", "flow"):
            for draft in DRAFTS:
                agree, total, misses = agreement(draft, kind, style)
                print(f"{kind:8} {style:4} {draft:13} {agree}/{total} = {100 * agree / total:.1f}%")
                if verbose:
                    for miss in misses:
                        print("   ", miss)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
