"""Finds links that could not be verified (with --online).

What it does: reports a URL field whose server kept timing out, resetting, answering 5xx
or 429 after the retries, or blocks automated checks (403 with `cf-mitigated`, 999).
Why it is bad: the link may be fine or dead; a warning says so without failing a build
for a flaky site. Make it fail with `severity = { "unverifiable-link" = "error" }`.
Example: a server that stalls past `--timeout 2` -> `"webUrl" could not be verified:
timed out after 2s (https://...)`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

# Found by the online stage (--online) and judged like every other finding.
RULE = Rule(id="unverifiable-link", severity=Severity.WARNING, found_by="online", reads=("urls",))
