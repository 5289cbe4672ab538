import pytest
from conftest import article


@pytest.mark.parametrize(
    "value",
    [
        '"not-base64!!"',
        '"zpFxK+Iv1wE0XvpS9+J4pA=="',
        '"zpFxK+Iv1wE0XvpS9+J4pA==;AAAA"',
        '""',
        '"zpFxK+Iv1w==;zpFxK+Iv1wE0XvpS9+J4pA=="',
        '"!!;zpFxK+Iv1wE0XvpS9+J4pA=="',
    ],
)
def test_bad_tokens(lint, value):
    assert lint(article(secured=value)) == [(43, 10, "invalid-secured")]
