import json

from conftest import article


def test_minimum_from_a_custom_schema(lint, tmp_path):
    from linter.validation.schema import bundled_schema_path

    schema = json.loads(bundled_schema_path().read_text())
    schema["properties"]["quality"]["minimum"] = 0
    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema))
    assert lint(article(quality="-5"), {"schema": str(path)}) == [(9, 10, "out-of-range")]
