"""Reports files whose fixes could not be written.

What it does: with `--fix`, reports a file whose verified fixes were not written: the file
changed after it was linted (an editor saved it meanwhile), it is a symbolic link, or the
system refused the write (permissions, a full disk). The other files are still fixed.
Why it is bad: the problems that `--fix` announced are still in the file.
Example: a file saved by an editor during the run -> `fixes not written: the file changed
while article-lint ran; run again`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

# The command reports this after the rules ran; ``reported`` keeps it selectable.
RULE = Rule(id="unwritable-file", severity=Severity.ERROR, found_by="run")
