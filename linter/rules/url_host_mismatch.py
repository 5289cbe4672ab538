"""Finds article URLs whose host is not the provider's domain.

What it does: reports an `originalUrl` (and a related item's `webUrl`) whose host is
neither `provider.domain` nor a subdomain of it. A lookalike that only starts with the
domain (`thediplomat.com.evil.example`) does not match. Internationalised names are
compared in their IDNA form. Videos are not checked: they live on video hosts.
Why it is bad: the article is credited to the wrong publisher, or the link leads to a
copy, a tracker or a phishing site.
Example: provider `thediplomat.com` with `originalUrl: "https://www.example.org/x/"` ->
`"originalUrl" is on www.example.org, not on the provider's domain thediplomat.com`.
Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Document, Finding, Severity, display_path
from linter.rules import Rule
from linter.validation.formats import parse_url, to_ascii_host

# webUrl of the article itself may point to an aggregator or a video host on purpose.
_CHECKED = (("", "originalUrl"), ("/related/*", "originalUrl"), ("/related/*", "webUrl"))


def check(doc: Document, options: object) -> Iterator[Finding]:
    for prefix, key in _CHECKED:
        for pointer, article in doc.each(prefix):
            if not isinstance(article, dict):
                continue
            found = _check_one(article, pointer, key)
            if found is not None:
                yield found


def _check_one(article: dict[str, object], parent: str, key: str) -> Finding | None:
    if article.get("type") == "video":
        return None  # videos live on video hosts (youtube.com), whoever publishes them
    provider = article.get("provider")
    domain = provider.get("domain") if isinstance(provider, dict) else None
    value = article.get(key)
    if not isinstance(domain, str) or not isinstance(value, str):
        return None
    url, expected = parse_url(value), to_ascii_host(domain)
    if url is None or not expected:
        return None  # invalid-url and invalid-domain report these
    if url.host == expected or url.host.endswith("." + expected):
        return None
    pointer = f"{parent}/{key}"
    message = (
        f'"{display_path(pointer)}" is on {url.host}, not on the provider\'s domain {expected}'
    )
    return Finding(pointer, message)


RULE = Rule(id="url-host-mismatch", severity=Severity.WARNING, check=check)
