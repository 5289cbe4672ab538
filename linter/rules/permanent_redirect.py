"""Finds links that permanently redirect elsewhere (with --online).

What it does: reports a URL field whose address answers 301 or 308 (at any hop) and leads
to a working page, naming the final URL. Fixable with `--online --fix`: the URL is replaced
by the final one.
Why it is bad: every reader pays for the extra hops, and the old address may stop
redirecting one day.
Example: `http://example.com/a` -> 301 -> `https://example.com/a/` -> `"webUrl"
permanently redirects to https://example.com/a/; expected the final url`.
Options: none.
"""

from __future__ import annotations

from linter.edits import carried
from linter.model import Severity
from linter.rules import Rule

# Found by the online stage (--online), whose finding carries the fix as data.
RULE = Rule(
    id="permanent-redirect",
    severity=Severity.WARNING,
    found_by="online",
    fix=carried,
    reads=("urls",),
)
