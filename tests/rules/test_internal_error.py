from conftest import seed_text

from linter.config import Config
from linter.rules import padded_text
from linter.runner import lint_bytes


def test_an_exception_in_a_rule_becomes_a_problem(monkeypatch):
    def boom(doc, options):
        raise RuntimeError("kaput")

    monkeypatch.setattr(padded_text.RULE, "check", boom) if False else None
    import dataclasses

    from linter import rules

    broken = dataclasses.replace(rules.registry()["padded-text"], check=boom)
    monkeypatch.setitem(rules.registry(), "padded-text", broken)
    result = lint_bytes("a.md", seed_text().encode(), Config())
    [problem] = result.problems
    assert problem.code == "internal-error"
    assert "RuntimeError: kaput" in problem.message
    assert "Traceback" not in problem.message
    verbose = lint_bytes("a.md", seed_text().encode(), Config(), verbose=True)
    assert "Traceback" in verbose.problems[0].message
