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


def test_a_zero_width_is_reported_once_with_the_bundled_schema() -> None:
    """The bundled schema's minimum finds it; the rule's own check is for other schemas."""
    from conftest import seed_text

    from linter.engine.runner import lint_text

    text = seed_text().replace("width: 600", "width: 0", 1)
    found = [p for p in lint_text(text, "a.md") if p.code == "invalid-image-size"]
    assert [p.message for p in found] == ["image width must be a positive integer (got 0)"]
