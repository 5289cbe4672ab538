"""article-lint: lint the YAML front matter of Markdown articles against a JSON Schema."""

from __future__ import annotations

from linter.model import Problem, Severity
from linter.runner import lint_paths, lint_text

__version__ = "0.1.0"

__all__ = ["Problem", "Severity", "__version__", "lint_paths", "lint_text"]
