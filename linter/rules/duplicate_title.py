"""Finds articles that share a title with another file.

What it does: reports every file whose `title` equals another file's title (compared
without case and surrounding or repeated whitespace), naming the other files.
Why it is bad: readers see the same headline twice; often a story was imported twice
under different URLs.
Example: two files titled `AI news` -> `title 'AI news' is also in 2023/11/other.md`.
Options: fields (["/title"]): the fields that name an article; scope ("all"): compare
within the whole project, each "folder", each "language" (a `lang`/`language`/`locale`
field, a `.fr.md` suffix or a `/fr/` folder: translations share titles), or "groups" (the
first of `groups`, a list of globs, that the path matches).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from linter.model import Document, Finding, Severity
from linter.rules import IdentityOptions, Rule, name_files, scoped


@dataclass(frozen=True)
class Options(IdentityOptions):
    fields: tuple[str, ...] = ("/title",)


def collect(doc: Document, options: Options) -> Iterator[tuple[str, Finding]]:
    for group, pointer, value in options.values(doc):
        yield scoped(group, " ".join(value.split()).casefold()), Finding(pointer, value)


def message(title: str, others: list[str]) -> str:
    return f"title {title.strip()!r} is also in {name_files(others)}"


RULE = Rule(
    id="duplicate-title",
    severity=Severity.WARNING,
    collect=collect,
    message=message,
    options=Options,
)
