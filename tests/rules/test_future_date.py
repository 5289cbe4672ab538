import pytest
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


def _own_schema(tmp_path, fmt: str) -> dict[str, object]:
    import json

    schema = {"type": "object", "properties": {"date": {"type": "string", "format": fmt}}}
    (tmp_path / "s.json").write_text(json.dumps(schema))
    return {"schema": str(tmp_path / "s.json")}


@pytest.mark.parametrize("dialect", ["rfc3339", "jekyll", "hugo", "javascript"])
@pytest.mark.parametrize("fmt", ["date", "date-time"])
def test_date_only_value_in_every_dialect(lint, tmp_path, dialect, fmt):
    config = {**_own_schema(tmp_path, fmt), "date-dialect": dialect}
    assert (2, 7, "future-date") in lint("---\ndate: 2099-01-01\n---\n", config)
    assert "future-date" not in [c for _, _, c in lint("---\ndate: 2001-01-01\n---\n", config)]


def test_a_date_seconds_past_the_limit_is_reported(lint):
    # The limit is now + tolerance to the second, whatever is worked out once a minute.
    from datetime import UTC, datetime, timedelta

    just_past = (datetime.now(UTC) + timedelta(days=1, seconds=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert "future-date" in [c for _, _, c in lint(article(publishedDateTime=just_past))]
