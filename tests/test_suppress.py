"""Inline suppression comments."""

from __future__ import annotations

from conftest import article, replace


def test_line_next_line_and_file(lint):
    text = article(title='" Padded"', publishedDateTime="2099-01-01T00:00:00Z")
    assert {c for _, _, c in lint(text)} >= {"padded-text", "future-date"}
    same_line = text.replace('" Padded"', '" Padded"  # article-lint: disable=padded-text')
    assert "padded-text" not in {c for _, _, c in lint(same_line)}
    next_line = replace(
        "\npublishedDateTime:",
        "\n# article-lint: disable=future-date,date-url-mismatch\npublishedDateTime:",
        text,
    )
    assert "future-date" not in {c for _, _, c in lint(next_line)}
    whole = replace(
        "category: news",
        "category: news  # article-lint: disable-file=padded-text,future-date",
        text,
    )
    assert not {"padded-text", "future-date"} & {c for _, _, c in lint(whole)}


def test_disable_without_ids_silences_the_line(lint):
    text = article(title='" Padded"  # article-lint: disable')
    assert "padded-text" not in {c for _, _, c in lint(text)}


def test_a_directive_in_a_quoted_value_is_text(lint):
    text = article(excerpt='"see # article-lint: disable=padded-text "')
    assert "padded-text" in {c for _, _, c in lint(text)}
