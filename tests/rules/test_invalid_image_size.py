import pytest
from conftest import replace


@pytest.mark.parametrize(
    "value", ["0", "-398", "600.5", "600.0", "1e3", "true", '"600px"', "null", "100000"]
)
def test_bad_widths(lint, value):
    assert (23, 12, "invalid-image-size") in lint(replace("width: 600", f"width: {value}"))


def test_upper_bound_is_an_option(lint):
    text = replace("width: 600\n    height: 398", "width: 30000\n    height: 19900")
    assert lint(text, {"rules": {"invalid-image-size": {"max-pixels": 40000}}}) == []
