"""Finds files that cannot be read.

What it does: reports a file that exists but cannot be opened or read (no permission, a
broken symbolic link, an I/O error).
Why it is bad: the file is in the repository but its article was never checked.
Example: a file with mode 000 -> `cannot read file: permission denied`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

# The runner reports this before any document exists; ``reported`` keeps it selectable.
RULE = Rule(id="unreadable-file", severity=Severity.ERROR, found_by="run")
