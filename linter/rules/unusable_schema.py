"""Finds a `$schema` in the front matter that names a schema that cannot be used.

What it does: an article may name its own schema with a `$schema` key in its front matter,
as remark-lint-frontmatter-schema reads it: a path relative to the article (inside its
project), or an `https://` URL, fetched only when the command line says `--online`. The
article is then judged by that schema instead of the configured one (the key itself is not
validated). This rule reports a `$schema` that leads nowhere: a missing file, one outside the
project, one that is not a JSON Schema, a URL without `--online`.
Why it is bad: the article names the contract it means to keep; when it cannot be read, the
article is not checked against it.
Example: `$schema: ../schemas/post.json` where there is no such file -> `"$schema" names
../schemas/post.json, which cannot be used: no such file; expected a JSON Schema inside the
project`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="unusable-schema", severity=Severity.ERROR, found_by="schema")
