"""Finds JSON front matter that is not valid JSON.

What it does: reports the syntax error in front matter written as a JSON object at the top
of the file (Hugo), where it was found.
Why it is bad: Hugo stops the build on it, or reads the object as part of the body.
Example: `{"title": "Harbours",}` -> `front matter is not valid JSON: expected a key in
double quotes`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="invalid-json", severity=Severity.ERROR, found_by="parsing")
