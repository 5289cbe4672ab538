"""Finds links that are dead (with --online).

What it does: reports a URL field whose page or image answers 404 or 410 (also after
redirects), or whose host does not exist or refuses connections.
Why it is bad: readers land on an error page; search engines lower the article.
Example: `webUrl` answering 404 -> `"webUrl" is a dead link: 404 not found (https://...)`.
Options: none (see the online settings: timeout, concurrency, allow-hosts).
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

# Found by the online stage (--online) and judged like every other finding.
RULE = Rule(id="dead-link", severity=Severity.ERROR, found_by="online", reads=("urls",))
