"""Finds YAML tags other than the plain JSON-compatible ones.

What it does: reports values tagged `!!python/object`, `!custom`, `!!binary`, `!!set` and
any tag that is not string, number, boolean, null, list or mapping. The value is read as
plain text and never constructed, so no code in the file ever runs.
Why it is bad: such tags execute code or build objects in some loaders, and mean nothing
to a site generator.
Example: `title: !!python/object/apply:os.system ["ls"]` -> `unsupported yaml tag
'tag:yaml.org,2002:python/object/apply:os.system'; expected plain yaml values`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="unsupported-tag", severity=Severity.ERROR, found_by="parsing")
