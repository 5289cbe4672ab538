"""Finds values of the wrong type.

What it does: reports a value whose type differs from the schema's: a quoted number, a
string where a list is expected, `"yes"` for a boolean. And a plain YAML value that the
site's own YAML reader (its `date-dialect`: jekyll = Ruby Psych, YAML 1.1; javascript =
js-yaml; hugo = go-yaml) reads as a type the schema rejects: `title: 2024-01-01` is a date to
Jekyll and js-yaml where the schema wants a string, `draft: no` is the string "no" to js-yaml
and go-yaml where it wants a boolean. Fixable for those: a string is quoted, a boolean
written `true` or `false`.
Why it is bad: templates and feeds compare, sort and count these values; a string
"high" is not a quality score; a build that reads a date where a string is wanted fails.
Example: `quality: "high"` -> `"quality" must be an integer (got "high")`.
Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule, reported
from linter.rules.ambiguous_value import READERS, fix, plain_values, rejected

_READ_AS = {"date": "a date", "boolean": "a boolean", "number": "a number", "string": "a string"}


def check(doc: Document, options: object) -> Iterator[Finding]:
    if doc.fields.dialect not in READERS:
        return
    done: frozenset[str] | None = None
    for pointer, raw, value in plain_values(doc):
        reading = rejected(doc, pointer, raw, value)
        if reading is None:
            continue
        done = reported(doc) if done is None else done
        if pointer in done:
            continue
        wanted = "a boolean" if reading == "string" else "a string"
        expected = "true or false" if reading == "string" else f"{raw!r} quoted"
        message = (
            f'"{display_path(pointer)}" is {raw}: {READERS[doc.fields.dialect]} reads '
            f"{_READ_AS[reading]}, and the schema wants {wanted}; expected {expected}"
        )
        yield Finding(pointer, message)


RULE = Rule(id="wrong-type", severity=Severity.ERROR, check=check, fix=fix, found_by="schema")
