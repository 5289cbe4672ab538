"""The Python API: the same problems the command line prints."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import article

import linter
from linter.cli import main


def test_lint_text_and_lint_paths_match_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = article(quality='"high"')
    Path("a.md").write_text(text)
    from_text = linter.lint_text(text, "a.md")
    from_paths = linter.lint_paths(["a.md"])
    out = io.StringIO()
    assert main(["--format", "json", "--no-cache", "a.md"], out=out) == 1
    assert (
        [p.as_dict() for p in from_text]
        == [p.as_dict() for p in from_paths]
        == json.loads(out.getvalue())
    )
    assert (
        isinstance(from_text[0], linter.Problem) and from_text[0].severity is linter.Severity.ERROR
    )


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        _ = linter.nothing_here  # type: ignore[attr-defined]
