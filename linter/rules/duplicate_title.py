"""Finds articles that share a title with another file.

What it does: reports every file whose `title` equals another file's title (compared
without case and surrounding or repeated whitespace), naming the other files.
Why it is bad: readers see the same headline twice; often a story was imported twice
under different URLs.
Example: two files titled `AI news` -> `title 'AI news' is also in 2023/11/other.md`.
Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Document, Finding, Severity
from linter.rules import Rule, name_files


def collect(doc: Document, options: object) -> Iterator[tuple[str, Finding]]:
    for pointer, value in doc.each("/title"):
        if isinstance(value, str) and value.strip():
            yield " ".join(value.split()).casefold(), Finding(pointer, value)


def message(title: str, others: list[str]) -> str:
    return f"title {title.strip()!r} is also in {name_files(others)}"


RULE = Rule(id="duplicate-title", severity=Severity.WARNING, collect=collect, message=message)
