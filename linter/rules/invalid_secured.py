"""Finds `secured` tokens that are not two base64 strings of the right lengths.

What it does: reports a `secured` value that is not `<base64>;<base64>`, whose first part
does not decode to a non-empty multiple of 16 bytes (whole cipher blocks), or whose
second part does not decode to exactly 16 bytes (the nonce).
Why it is bad: the site cannot decrypt the payload and drops the article; a truncated
token usually means a bad copy and paste.
Example: `secured: "zpFxK+Iv1wE0XvpS9+J4pA==;AAAA"` -> `"secured" nonce decodes to 3
bytes; expected 16`.
Options: none.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator

from linter.model import Document, Finding, Severity
from linter.rules import Rule

_BLOCK = 16


def check(doc: Document, options: object) -> Iterator[Finding]:
    for pointer, value in doc.each("/secured"):
        if isinstance(value, str):
            problem = _problem(value)
            if problem:
                yield Finding(pointer, f'"secured" {problem}')


def _problem(value: str) -> str | None:
    parts = value.split(";")
    if len(parts) != 2:
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"must be two base64 strings joined by ';' (got {len(parts) - 1} ';' in {shown!r})"
    payload, nonce = (_decode(part) for part in parts)
    if payload is None:
        return "payload (before ';') is not valid base64"
    if nonce is None:
        return "nonce (after ';') is not valid base64"
    if not payload or len(payload) % _BLOCK:
        return f"payload decodes to {len(payload)} bytes; expected a non-empty multiple of {_BLOCK}"
    if len(nonce) != _BLOCK:
        return f"nonce decodes to {len(nonce)} bytes; expected {_BLOCK}"
    return None


def _decode(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


RULE = Rule(id="invalid-secured", severity=Severity.ERROR, check=check)
