"""``python -m linter``: the same as the ``article-lint`` command."""

from __future__ import annotations

from linter.cli import run

if __name__ == "__main__":
    run()
