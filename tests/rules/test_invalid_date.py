import pytest
from conftest import article

from linter.engine.runner import lint_text
from linter.validation.formats import diagnose_datetime


@pytest.mark.parametrize(
    "value",
    [
        "2023-13-09T01:31:00Z",
        "2023-02-29T10:00:00Z",
        "2023-11-31T10:00:00Z",
        "2023-11-09T25:00:00Z",
        "2023-11-09T10:61:00Z",
        "2023-11-09T10:00:00+25:00",
        "09/11/2023",
        '"Thu, 09 Nov 2023 01:31:00 +0000"',
        "20231109T013100Z",
        "2023-11-09",
        "2023-11-09T01:31:00",
        '"2023-11-09 01:31"',
        '"not a date"',
    ],
)
def test_bad_dates(lint, value):
    assert lint(article(publishedDateTime=value)) == [(5, 20, "invalid-date")]


@pytest.mark.parametrize(
    "value", ["2023-11-09T01:31:00.5+05:30", "2023-11-09t10:00:00-08:00", "2023-11-30T23:59:60Z"]
)
def test_good_dates(lint, value):
    assert lint(article(publishedDateTime=value)) == []


def test_leap_years():
    assert diagnose_datetime("2024-02-29T10:00:00Z") is None
    assert diagnose_datetime("2000-02-29T10:00:00Z") is None
    assert diagnose_datetime("1900-02-29T10:00:00Z") is not None


def test_messages_explain():
    [problem] = lint_text(article(publishedDateTime="2023-02-29T10:00:00Z"), "a.md")
    assert "february 2023 has no day 29" in problem.message
    [problem] = lint_text(article(publishedDateTime="2023-11-09T01:31:00"), "a.md")
    assert "has no timezone" in problem.message


def test_related_dates_too(lint):
    from conftest import replace

    text = replace(
        "publishedDateTime: 2023-11-07T00:27:00Z", "publishedDateTime: 2023-11-31T00:27:00Z"
    )
    assert lint(text) == [(30, 24, "invalid-date")]


def test_dates_at_the_ends_of_the_calendar_do_not_crash(lint):
    assert lint(article(publishedDateTime="9999-12-31T23:59:59-23:59"))[0][2] == "future-date"
    assert "internal-error" not in {
        c for _, _, c in lint(article(publishedDateTime="0001-01-01T00:00:00+01:00"))
    }


@pytest.mark.parametrize(
    ("dialect", "value", "found"),
    [
        ("jekyll", "2013-02-30 13:35:34 +0000", True),
        ("jekyll", "2013-02-06 13:35:34 +0000", False),
        ("rfc3339", "2013-02-30", True),
        ("rfc3339", "2013-02-06", False),  # a date without a time is a date in every dialect
        ("rfc3339", "2013-02-06 13:35", True),
        ("hugo", "2013-02-06T25:00:00Z", True),
    ],
)
def test_fields_dates_are_checked_as_fields_says(lint, tmp_path, dialect, value, found):
    (tmp_path / "s.json").write_text('{"type": "object"}')  # says nothing of /date's format
    config = {"schema": str(tmp_path / "s.json"), "date-dialect": dialect}
    config["fields"] = {"dates": ["/date"]}
    expected = [(2, 7, "invalid-date")] if found else []
    assert lint(f'---\ndate: "{value}"\n---\n', config) == expected
