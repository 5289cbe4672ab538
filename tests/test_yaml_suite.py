"""The official YAML test suite's inputs, wrapped in ``---`` lines: never a crash.

Every front matter that libyaml rejects must be reported; every input must give problems or
a clean pass, and no internal error.
"""

from __future__ import annotations

from conftest import SHARED, libyaml_rejects, needs_shared

from linter.config import Config
from linter.engine.runner import lint_bytes

SUITE = SHARED / "corpus" / "yaml-test-suite"


@needs_shared
def test_suite_inputs() -> None:
    cases = sorted(SUITE.glob("*/in.yaml"))
    assert len(cases) > 300
    rejected = 0
    for case in cases:
        data = b"---\n" + case.read_bytes() + b"\n---\n"
        result = lint_bytes(case.parent.name, data, Config())
        assert "internal-error" not in {p.code for p in result.problems}, (case, result.problems)
        if libyaml_rejects(data):
            rejected += 1
            assert any(p.severity.value == "error" for p in result.problems), case
    assert rejected > 50
