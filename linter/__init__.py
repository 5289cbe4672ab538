"""article-lint: lint the YAML front matter of Markdown articles against a JSON Schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from linter.version import __version__

__all__ = ["Problem", "Severity", "__version__", "lint_paths", "lint_text"]

if TYPE_CHECKING:
    from linter.engine.batch import lint_paths
    from linter.engine.runner import lint_text
    from linter.model import Problem, Severity

# The public API is imported on first use, so that ``import linter.x`` stays cheap.
_LAZY = {
    "Problem": "linter.model",
    "Severity": "linter.model",
    "lint_paths": "linter.engine.batch",
    "lint_text": "linter.engine.runner",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'linter' has no attribute {name!r}")
