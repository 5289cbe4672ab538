"""Finds front matter that is not valid YAML.

What it does: reports the first YAML syntax error in the front matter (an unclosed
quote, a bad indentation, a tab used for indentation...), where the parser found it.
Why it is bad: the generator stops the build or drops the article.
Example: `title: "China Renews` (no closing quote) -> `invalid yaml: ...`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="invalid-yaml", severity=Severity.ERROR, found_by="parsing")
