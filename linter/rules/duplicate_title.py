"""Finds articles that share a title with another file.

What it does: reports every file whose `title` equals another file's title (compared
without case and surrounding or repeated whitespace), naming the other files.
Under the bundled format titles identify stories, so `/title` is compared by default. Under
a schema of your own, titles are compared only where the configuration says they identify
articles (`fields = ["/title"]`; `article-lint init` writes it when every title it surveyed
is distinct): on most sites a title repeats by design (an XPath function and a CSS property
both called "translate", the parts of a series, an index page per section).
Why it is bad: readers see the same headline twice; often a story was imported twice
under different URLs.
Example: two files titled `AI news` -> `title 'AI news' is also in 2023/11/other.md`.
Options: fields ([], meaning `/title` under the bundled format only): the fields that name
an article; scope ("all"): compare
within the whole project, each "folder", each "language" (a `lang`/`language`/`locale`
field, a `.fr.md` suffix or a `/fr/` folder: translations share titles), or "groups" (the
first of `groups`, a list of globs, that the path matches).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from linter.model import Document, Finding, Severity
from linter.rules import IdentityOptions, Rule, name_files, scoped

_BUNDLED_FIELDS = ("/title",)


@dataclass(frozen=True)
class Options(IdentityOptions):
    # Empty: the bundled format's title, and nothing under a user's schema (see the docstring).
    fields: tuple[str, ...] = ()


def collect(doc: Document, options: Options) -> Iterator[tuple[str, Finding]]:
    if not options.fields:
        if not doc.fields.bundled:
            return
        options = _bundled(options)
    for group, pointer, value in options.values(doc):
        yield scoped(group, " ".join(value.split()).casefold()), Finding(pointer, value)


@functools.lru_cache(maxsize=8)
def _bundled(options: Options) -> Options:
    return dataclasses.replace(options, fields=_BUNDLED_FIELDS)


def message(title: str, others: list[str]) -> str:
    return f"title {title.strip()!r} is also in {name_files(others)}"


RULE = Rule(
    id="duplicate-title",
    severity=Severity.WARNING,
    collect=collect,
    message=message,
    options=Options,
)
