"""Finds invisible control characters in text, bidi overrides included.

What it does: reports a text field (title, excerpt, names, topics...) containing a
bidirectional override, embedding or isolate (U+202A-U+202E, U+2066-U+2069), or a C0/C1
control character other than tab and line break.
Why it is bad: bidi controls reorder what readers see ("Trojan Source"), so a title can
display differently from what was reviewed; other control characters break feeds and XML.
Example: `title: "Invoice \u202efdp.exe"` -> `"title" contains the invisible control
character U+202E (right-to-left override); expected visible text`.
Options: none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule, texts

_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check(doc: Document, options: object) -> Iterator[Finding]:
    written = texts(doc)
    # One search over every text (joined by a line break, which is no match) finds most
    # files clean; only a file with a match is searched text by text.
    if _CONTROL.search("\n".join([value for _, value in written])) is None:
        return
    for pointer, value in written:
        found = _CONTROL.search(value)
        if found is not None:
            char = found.group()
            name = unicodedata.name(char, "control character").lower()
            message = (
                f'"{display_path(pointer)}" contains the invisible control character '
                f"U+{ord(char):04X} ({name}); expected visible text"
            )
            yield Finding(pointer, message)


RULE = Rule(id="control-character", severity=Severity.ERROR, check=check, reads=("texts",))
