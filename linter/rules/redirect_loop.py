"""Finds links whose redirects never arrive (with --online).

What it does: reports a URL field whose redirects come back to a URL already visited, or
go on for more than 10 hops.
Why it is bad: browsers give up with an error; the link is as good as dead.
Example: `/a` redirecting to `/b` and back -> `"webUrl" never arrives: redirect loop back
to https://example.com/a`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

# Found by the online stage (--online) and judged like every other finding.
RULE = Rule(id="redirect-loop", severity=Severity.ERROR, found_by="online", reads=("urls",))
