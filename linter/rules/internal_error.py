"""Reports a file that made article-lint itself fail.

What it does: reports an unexpected exception raised while checking one file, so that
the other files are still checked. `--verbose` adds the traceback.
Why it is bad: it is a bug in article-lint: please report it with the file.
Example: -> `article-lint failed on this file: RuntimeError: ...`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="internal-error", severity=Severity.ERROR, found_by="run")
