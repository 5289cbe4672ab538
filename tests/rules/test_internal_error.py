import dataclasses
from collections.abc import Iterator

import pytest
from conftest import seed_text

from linter import config, rules
from linter.config import Config
from linter.engine.runner import lint_bytes
from linter.model import Document, Finding


@pytest.fixture
def broken_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``padded-text`` replaced by a check that raises (plans made before are forgotten)."""

    def boom(doc: Document, options: object) -> Iterator[Finding]:
        raise RuntimeError("kaput")

    broken = dataclasses.replace(rules.registry()["padded-text"], check=boom)
    monkeypatch.setitem(rules.registry(), "padded-text", broken)
    config._plan.cache_clear()
    yield
    config._plan.cache_clear()


@pytest.mark.usefixtures("broken_rule")
def test_an_exception_in_a_rule_becomes_a_problem() -> None:
    result = lint_bytes("a.md", seed_text().encode(), Config())
    [problem] = result.problems
    assert problem.code == "internal-error"
    # The error's own text can quote a file (a key a schema reached): only its kind and place.
    assert problem.message.startswith("article-lint failed on this file: RuntimeError in linter/")
    assert "kaput" not in problem.message and "Traceback" not in problem.message
    verbose = lint_bytes("a.md", seed_text().encode(), Config(), verbose=True)
    assert "Traceback" in verbose.problems[0].message
