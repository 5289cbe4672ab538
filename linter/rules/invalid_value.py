"""Finds values outside the set the schema allows.

What it does: reports a value not among the schema's choices (such as `type`, which is
`article` or `video`), or one that fails another schema constraint.
Why it is bad: templates branch on these values; an unknown one renders nothing.
Example: `type: blog` -> `"type" must be one of "article", "video" (got "blog")`; a value
close to exactly one allowed value (`type: artcle`) adds `did you mean "article"?` and is
fixed by `--fix` (and the editor's quick fix).
Options: none.
"""

from __future__ import annotations

from linter.edits import carried
from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="invalid-value", severity=Severity.ERROR, found_by="schema", fix=carried)
