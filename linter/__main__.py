"""``python -m linter`` and the ``article-lint`` command's entry point."""

from __future__ import annotations

import sys
from typing import NoReturn


def entry() -> NoReturn:
    """Import the command and run it; Ctrl-C during the imports also ends with one line.

    A rerun that a recorded run answers (``linter.engine.rerun``) prints that run's report
    without importing the command at all."""
    try:
        from linter.engine import rerun

        answered = rerun.answer(sys.argv[1:])
        if answered is not None:
            _print(*answered)
        from linter.cli import run
    except KeyboardInterrupt:
        print("article-lint: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    run()


def _print(report: str, code: int) -> NoReturn:
    """Print a recorded report and exit as the recorded run did (``linter.cli.run``)."""
    import os

    try:
        sys.stdout.write(report)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(141) from None
    raise SystemExit(code)


if __name__ == "__main__":
    entry()
