from conftest import article


def test_far_future(lint):
    assert (5, 20, "future-date") in lint(article(publishedDateTime="2099-01-01T00:00:00Z"))


def test_tolerance_option(lint):
    from datetime import UTC, datetime, timedelta

    soon = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    codes = [c for _, _, c in lint(article(publishedDateTime=soon))]
    assert "future-date" in codes
    relaxed = lint(
        article(publishedDateTime=soon), {"rules": {"future-date": {"tolerance-days": 7}}}
    )
    assert "future-date" not in [c for _, _, c in relaxed]
