"""The URL rules on every URL field of a user's schema, where RFC 3986 alone lets typos by."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import article

SCHEMA = {
    "type": "object",
    "properties": {
        "link": {"type": "string", "format": "uri"},
        "ref": {"type": "string", "format": "uri-reference"},
        "site": {"type": "object", "properties": {"home": {"type": "string", "format": "iri"}}},
    },
}


@pytest.fixture
def own(tmp_path: Path) -> dict[str, object]:
    (tmp_path / "s.json").write_text(json.dumps(SCHEMA))
    return {"schema": str(tmp_path / "s.json")}


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("htps://example.com/a", "invalid-url"),
        ("https//example.com/a", "invalid-url"),
        ("https://exa_mple.com/a", "invalid-url"),
        ("javascript:alert(1)", "unsupported-url-scheme"),
        ("data:text/html,x", "unsupported-url-scheme"),
        ("http://example.com/a", "insecure-url"),
    ],
)
def test_every_url_field_of_a_users_schema(lint, own, value, rule):
    for field, line in (("link", 2), ("ref", 2)):
        assert lint(f"---\n{field}: {value}\n---\n", own) == [(line, len(field) + 3, rule)]
    assert lint(f"---\nsite:\n  home: {value}\n---\n", own) == [(3, 9, rule)]


@pytest.mark.parametrize(
    "value", ["https://example.com/a", "mailto:a@example.com", "/docs/a/", "../b", "tel:+1555"]
)
def test_links_a_page_may_hold_pass(lint, own, value):
    assert lint(f"---\nref: {value}\n---\n", own) == []


def test_the_bundled_format_reports_each_url_once(lint):
    found = lint(article(originalUrl='"htps://harbour-news.example.com/x/"'))
    assert found.count((6, 14, "invalid-url")) == 1
