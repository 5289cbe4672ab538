"""Finds numbers below the minimum the schema allows.

What it does: reports a number smaller than the schema's `minimum` (image sizes have a
rule of their own, `invalid-image-size`).
Why it is bad: a negative count or score breaks sorting and arithmetic downstream.
Example: with `minimum: 0` on `quality`, `quality: -5` -> `"quality" must be at least 0
(got -5)`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="out-of-range", severity=Severity.ERROR, found_by="schema")
