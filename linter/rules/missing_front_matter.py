"""Finds files without YAML front matter on their first line.

What it does: reports a file whose first line is not `---`: an empty file, text before the
front matter, TOML (`+++`) or JSON front matter, or no front matter at all.
Why it is bad: Jekyll, Hugo and Astro treat such a file as a plain page; the article
silently disappears from the site.
Example: `Draft notes` on line 1, `---` on line 2 -> `file does not start with '---' (text
before the front matter on line 2); front matter must open on line 1`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="missing-front-matter", severity=Severity.ERROR, found_by="reading")
