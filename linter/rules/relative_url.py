"""Finds relative URLs where an absolute URL is required.

What it does: reports a URL field holding a path (`/2023/11/story/`), a
protocol-relative URL (`//host/path`) or a host without a scheme (`www.example.com/x`).
Why it is bad: the front matter is copied into feeds, APIs and other sites, where a
relative URL points nowhere.
Example: `originalUrl: /2023/11/story/` -> `"originalUrl" is a relative path; expected an
absolute https:// url`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="relative-url", severity=Severity.ERROR, found_by="schema", reads=("urls",))
