"""Reports links that were not checked because they point inside the network (--online).

What it does: reports a URL field whose host is, or resolves to, an address that is not
public (loopback, private, link-local, shared, multicast, IPv4-mapped spellings of those,
and IPv4 written as `2130706433` or `0x7f000001`), on any redirect hop. No request is sent.
Why it is bad: a public article should not link into a private network, and a linter in CI
must never be a way to probe one (server-side request forgery).
Example: `webUrl: "http://127.0.0.1:8080/admin"` -> `"webUrl" was not checked: 127.0.0.1
is a loopback address; pass --allow-host to check it`.
Options: none (allow intranet hosts with `--allow-host HOST|CIDR` or `allow-hosts`).
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

# Found by the online stage (--online) and judged like every other finding.
RULE = Rule(id="unchecked-link", severity=Severity.WARNING, found_by="online", reads=("urls",))
