import pytest
from conftest import article


def test_day_and_month_swapped(lint):
    assert lint(article(publishedDateTime="2023-09-11T01:31:00Z")) == [
        (6, 14, "date-url-mismatch"),
        (7, 9, "date-url-mismatch"),
    ]


def test_a_day_either_side_is_allowed(lint):
    assert lint(article(publishedDateTime="2023-10-31T23:00:00Z")) == []


URL = "https://harbour-news.example.com/{}/harbour-cities-test-shared-models-for-flood-forecasting/"


@pytest.mark.parametrize(
    ("date", "month", "mismatch"),
    [
        ("2023-12-31T23:00:00Z", "2024/01", False),  # the next day is in the next year
        ("2024-01-01T01:00:00Z", "2023/12", False),  # the day before is in the last year
        ("2024-02-29T23:00:00Z", "2024/03", False),  # leap day: the last of February
        ("2023-02-28T23:00:00Z", "2023/03", False),
        ("2024-02-28T23:00:00Z", "2024/03", True),  # 2024 has a 29th
        ("2100-02-28T23:00:00Z", "2100/03", False),  # 2100 is not a leap year
        ("2023-04-30T23:00:00Z", "2023/05", False),
        ("2023-05-30T23:00:00Z", "2023/06", True),  # May has 31 days
        ("2023-05-02T01:00:00Z", "2023/04", True),
    ],
)
def test_month_edges(lint, date: str, month: str, mismatch: bool) -> None:
    text = article(publishedDateTime=date, originalUrl=f'"{URL.format(month)}"')
    on_original_url = [code for line, _, code in lint(text) if line == 6]
    assert on_original_url == (["date-url-mismatch"] if mismatch else [])
