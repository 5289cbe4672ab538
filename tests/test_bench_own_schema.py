"""benchmarks/bench_own_schema.py: its generated site, and a run end to end on a tiny one.

No timing is asserted (timings belong to the benchmark's output); what is checked is that the
site is what the benchmark says it times, and that article-lint finds exactly its defects.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_own_schema.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_own_schema", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up while being defined.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def digest(site: Path) -> str:
    files = sorted(p for p in site.rglob("*") if p.is_file())
    h = hashlib.sha256()
    for path in files:
        h.update(str(path.relative_to(site)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_the_site_is_the_same_for_a_seed_and_nested_like_mdn(tmp_path: Path) -> None:
    bench = load()
    first = bench.generate(tmp_path / "a", 120, 5, 0.1)
    second = bench.generate(tmp_path / "b", 120, 5, 0.1)
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        p.relative_to(tmp_path / "b") for p in second
    ]
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(bench_site(bench, tmp_path / "c", seed=6))
    pages = sorted((tmp_path / "a" / "docs").rglob("*.md"))
    assert len(pages) == 120
    # docs/<area>/<section>/<slug>/index.md, the area one or two folders deep.
    assert all(
        p.name == "index.md" and len(p.relative_to(tmp_path / "a").parts) >= 5 for p in pages
    )
    assert (tmp_path / "a" / ".article-lint.toml").is_file()
    assert 5 <= len(first) <= 25


def bench_site(bench: ModuleType, site: Path, seed: int) -> Path:
    bench.generate(site, 120, seed, 0.1)
    return site


def test_the_schema_has_what_real_ones_use(tmp_path: Path) -> None:
    load().generate(tmp_path, 1, 1, 0.0)
    page = json.loads((tmp_path / "schemas" / "page.schema.json").read_text())
    common = (tmp_path / "schemas" / "common.schema.json").read_text()
    text = json.dumps(page)
    assert '"$ref": "common.schema.json#/$defs/' in text
    assert all({"if", "then", "else"} <= set(branch) for branch in page["anyOf"])
    assert '"pattern"' in text and '"enum"' in text and '"uniqueItems"' in text
    assert '"format": "uri"' in common and '"format": "date"' in common


def test_a_tiny_run_finds_exactly_the_defects(tmp_path: Path) -> None:
    tiny = ["--files", "40", "--rounds", "1", "--defect-rate", "0.25", "--ajv", ""]
    done = subprocess.run(
        [sys.executable, str(BENCH), *tiny],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    found = lines[0]
    assert found.startswith("40 pages, ") and "0 unreported; errors in 0 other pages" in found
    assert int(found.split(", ")[1].split()[0]) >= len(load().DEFECTS)
    assert "ajv-cli not installed: skipped (see --ajv)" in lines
    timed = {line.split("  ")[1].strip() for line in lines if line.startswith("  article-lint")}
    assert {"article-lint cold", "article-lint warm", "article-lint one file"} <= timed
