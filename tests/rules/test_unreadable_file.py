import os

import pytest

from linter.engine.batch import lint_paths


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\n---\n")
    path.chmod(0)
    assert [p.code for p in lint_paths([str(path)])] == ["unreadable-file"]


def test_broken_symlink_given_explicitly(tmp_path):
    link = tmp_path / "a.md"
    link.symlink_to(tmp_path / "missing.md")
    assert [p.code for p in lint_paths([str(link)])] == ["unreadable-file"]
