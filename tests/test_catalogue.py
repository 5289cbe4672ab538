"""Keeps the rule registry, the rule docs, the rule tests, the README and the code honest."""

from __future__ import annotations

import re
from pathlib import Path

from linter.rules import registry

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("What it does:", "Why it is bad:", "Example:", "Options:")


def test_ids_are_kebab_case_and_match_their_modules() -> None:
    for rule_id, rule in registry().items():
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule_id)
        assert (ROOT / "linter" / "rules" / f"{rule_id.replace('-', '_')}.py").is_file()
        assert rule.id == rule_id


def test_every_rule_is_documented_with_all_sections() -> None:
    for rule in registry().values():
        for section in SECTIONS:
            assert section in rule.doc, f"{rule.id}: docstring lacks {section!r}"
        assert rule.summary[0].isupper() and rule.summary.endswith(".")


def test_every_rule_has_a_test_file() -> None:
    for rule_id in registry():
        assert (ROOT / "tests" / "rules" / f"test_{rule_id.replace('-', '_')}.py").is_file(), (
            rule_id
        )


def test_readme_table_is_the_generated_one() -> None:
    """After adding a rule: article-lint rules --format markdown, pasted under "## Rules"."""
    import io

    from linter.cli import main

    out = io.StringIO()
    main(["rules", "--format", "markdown"], out=out)
    assert out.getvalue() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_lists_exactly_the_rules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    readme = readme.split("\n## Rules\n", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", readme, flags=re.MULTILINE))
    assert listed == set(registry())


def test_every_code_the_stages_report_has_a_rule() -> None:
    """A code with no rule module would be dropped silently."""
    sources = "".join(
        p.read_text()
        for p in (ROOT / "linter").rglob("*.py")
        if "rules" not in p.relative_to(ROOT / "linter").parts
    )
    emitted = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', sources))
    known = set(registry())
    stage_codes = {
        code
        for code in emitted
        if code in known or code.endswith(("-field", "-url", "-date", "-text"))
    }
    assert stage_codes <= known
    for code in (
        "invalid-image-size",
        "unsupported-url-scheme",
        "relative-url",
        "invalid-domain",
        "empty-text",
        "duplicate-item",
        "unknown-field",
        "out-of-range",
        "invalid-value",
        "wrong-type",
    ):
        assert code in emitted and code in known


def test_every_rule_is_fed() -> None:
    """A rule checks, collects, or is found by a stage whose code names it: none is a relay
    that nothing feeds."""
    stages = "".join(
        path.read_text()
        for path in (ROOT / "linter").rglob("*.py")
        if "rules" not in path.relative_to(ROOT / "linter").parts
    )
    for rule in registry().values():
        assert rule.check or rule.collect or rule.found_by, rule.id
        if rule.found_by:
            assert rule.found_by in {"reading", "parsing", "schema", "online", "run"}, rule.id
            assert f'"{rule.id}"' in stages, f"{rule.id}: no stage finds it"


def test_no_fix_reads_a_message() -> None:
    """Fixes take their data from the finding (``Finding.fix``), never from its text."""
    for path in (ROOT / "linter" / "rules").glob("*.py"):
        assert ".message" not in path.read_text().replace("rule.message", ""), path.name


def test_readme_online_settings_are_the_defined_ones() -> None:
    """After changing a setting in linter/config/linksettings.py: paste ``readme_table()`` again."""
    from linter.config import linksettings

    assert linksettings.readme_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_rule_docs_are_the_generated_ones() -> None:
    """After changing a rule's docstring: article-lint rules --format docs > docs/rules.md."""
    import io

    from linter.cli import main

    out = io.StringIO()
    main(["rules", "--format", "docs"], out=out)
    assert out.getvalue() == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
