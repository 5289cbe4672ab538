from conftest import article


def test_day_and_month_swapped(lint):
    assert lint(article(publishedDateTime="2023-09-11T01:31:00Z")) == [
        (6, 14, "date-url-mismatch"),
        (7, 9, "date-url-mismatch"),
    ]


def test_a_day_either_side_is_allowed(lint):
    assert lint(article(publishedDateTime="2023-10-31T23:00:00Z")) == []
