"""The official JSON-Schema-Test-Suite, each instance linted as an article's front matter."""

from __future__ import annotations

import pytest
from conftest import needs_shared
from jsonsuite import DRAFTS, agreement

pytestmark = needs_shared


@pytest.mark.parametrize("draft", list(DRAFTS))
def test_required_tests_agree(draft: str) -> None:
    agree, total, misses = agreement(draft, "required")
    assert total > 150
    assert agree / total >= 0.995, "\n".join(misses)


@pytest.mark.parametrize("draft", list(DRAFTS))
def test_format_tests_agree(draft: str) -> None:
    agree, total, misses = agreement(draft, "format")
    assert total > 200
    assert agree / total >= 0.95, "\n".join(misses)
