"""``python -m linter``: the same as the ``article-lint`` command."""

from __future__ import annotations

import sys

from linter.cli import main

if __name__ == "__main__":
    sys.exit(main())
