"""Finds TOML front matter that is not valid TOML.

What it does: reports the syntax error in `+++` front matter (Hugo), where the parser found
it, a key defined twice included (TOML forbids it).
Why it is bad: Hugo stops the build on it.
Example: `title = "Harbours` (no closing quote) -> `front matter is not valid TOML:
unterminated string`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="invalid-toml", severity=Severity.ERROR, found_by="parsing")
