"""The hook works from a content repository: pre-commit installs this repository and runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import seed_text

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None
    or shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None,
    reason="needs git and pre-commit",
)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_hook_in_a_content_repository(tmp_path: Path) -> None:
    content = tmp_path / "site"
    (content / "_news").mkdir(parents=True)
    (content / "_news" / "good.md").write_text(seed_text())
    git(content, "init", "-q")
    git(content, "-c", "user.email=a@b.c", "-c", "user.name=t", "add", ".")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "a@b.c",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "a@b.c",
    }
    pre_commit = str(Path(sys.executable).parent / "pre-commit")
    command = [pre_commit, "try-repo", str(ROOT), "article-lint", "--all-files"]
    passed = subprocess.run(
        command, cwd=content, env=env, capture_output=True, text=True, check=False
    )
    if passed.returncode == 3:  # pre-commit could not build the hook's environment: once more
        passed = subprocess.run(
            command, cwd=content, env=env, capture_output=True, text=True, check=False
        )
    assert passed.returncode == 0, passed.stdout + passed.stderr
    bad = (
        seed_text()
        .replace("2023-11-09T01:31:00Z", "2023-13-09T01:31:00Z", 1)
        .replace("harbour-cities", "bad")
    )
    (content / "_news" / "bad.md").write_text(bad)
    git(content, "add", ".")
    failed = subprocess.run(
        command, cwd=content, env=env, capture_output=True, text=True, check=False
    )
    assert failed.returncode == 1
    assert "_news/bad.md:5:20: error [invalid-date]" in failed.stdout


def test_manifest_and_config_are_valid() -> None:
    pre_commit = str(Path(sys.executable).parent / "pre-commit")
    for command in (
        ("validate-manifest", ".pre-commit-hooks.yaml"),
        ("validate-config", ".pre-commit-config.yaml"),
    ):
        done = subprocess.run(
            [pre_commit, *command], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "id: article-lint\n" in manifest and "id: article-lint-online" in manifest
    assert "stages: [manual]" in manifest
