from linter.config import Config
from linter.engine.runner import lint_bytes


def test_windows_1252_front_matter():
    result = lint_bytes("a.md", b"---\ntitle: caf\xe9\n---\n", Config())
    assert [(p.line, p.code) for p in result.problems] == [(2, "invalid-encoding")]


def test_utf16_file():
    data = "---\ntitle: x\n---\n".encode("utf-16")
    result = lint_bytes("a.md", data, Config())
    assert [p.code for p in result.problems] == ["invalid-encoding"]
