"""Finds provider domains not written in their canonical form.

What it does: reports a `provider.domain` (the article's or a related item's) with
uppercase letters or a trailing dot. Fixable: lowercased, the dot dropped.
Why it is bad: publishers are grouped by their domain; `TheDiplomat.com` and
`thediplomat.com.` become other publishers.
Example: `domain: TheDiplomat.com` -> `"provider.domain" is "TheDiplomat.com"; expected
"thediplomat.com"`.
Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.edits import Edit, replace_scalar
from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule
from linter.validation.formats import diagnose_host


def canonical(domain: str) -> str:
    """The domain in lowercase, without a trailing dot."""
    return domain.lower().rstrip(".")


def check(doc: Document, options: object) -> Iterator[Finding]:
    for pointer, value in doc.each("/provider/domain", "/related/*/provider/domain"):
        if isinstance(value, str) and diagnose_host(value) is None and canonical(value) != value:
            message = f'"{display_path(pointer)}" is "{value}"; expected "{canonical(value)}"'
            yield Finding(pointer, message)


def fix(doc: Document, finding: Finding) -> list[Edit]:
    value = doc.get(finding.pointer)
    return replace_scalar(doc, finding.pointer, canonical(value)) if isinstance(value, str) else []


RULE = Rule(id="non-canonical-domain", severity=Severity.WARNING, check=check, fix=fix)
