"""Finds files that are not UTF-8 text.

What it does: reports front matter with bytes that are not UTF-8 (Windows-1252, Latin-1),
files in UTF-16, and binary files (NUL bytes).
Why it is bad: generators read content as UTF-8; other encodings turn into mojibake or
stop the build.
Example: `title: "Caf\xe9"` saved as Windows-1252 -> `front matter is not valid UTF-8
(byte 0xe9); expected UTF-8 text`.
Options: none.
"""

from __future__ import annotations

from linter.model import Severity
from linter.rules import Rule

RULE = Rule(id="invalid-encoding", severity=Severity.ERROR, found_by="reading")
