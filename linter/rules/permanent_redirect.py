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

import re

from linter.edits import Edit, replace_scalar
from linter.model import Document, Finding, Severity
from linter.rules import Rule, reported

_FINAL = re.compile(r"permanently redirects to (\S+); expected the final url")


def fix(doc: Document, finding: Finding) -> list[Edit]:
    found = _FINAL.search(finding.message)
    return replace_scalar(doc, finding.pointer, found.group(1)) if found else []


# Reported by the online stage (--online), which builds these problems itself.
RULE = Rule(
    id="permanent-redirect",
    severity=Severity.WARNING,
    check=reported("permanent-redirect"),
    fix=fix,
)
