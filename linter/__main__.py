"""``python -m linter`` and the ``article-lint`` command's entry point."""

from __future__ import annotations

import sys
from typing import NoReturn


def entry() -> NoReturn:
    """Import the command and run it; Ctrl-C during the imports also ends with one line."""
    try:
        from linter.cli import run
    except KeyboardInterrupt:
        print("article-lint: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    entry()
