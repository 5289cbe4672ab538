"""The hook works from a content repository: pre-commit installs this repository and runs it."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
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


_ROW = re.compile(
    r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): (?P<rest>\w+ \[[\w-]+\] .*)$"
)


def _rows(text: str) -> Counter[str]:
    """The problem lines of a text report (pre-commit adds its own lines around them)."""
    return Counter(line for line in text.splitlines() if _ROW.match(line))


def test_the_three_shipped_hooks_report_what_the_whole_tree_run_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ways-in differential for the hooks: under real pre-commit, on every file
    (``--all-files``) and on staged files, each finding once, as ``article-lint .`` says."""
    from test_ways_in import _project

    from linter.cli import main

    content = tmp_path / "site"
    content.mkdir()
    _project(content)
    # The online hook asks for no link here: a test never reaches beyond this machine.
    for config in (content / ".article-lint.toml", content / "notes" / ".article-lint.toml"):
        with config.open("a") as handle:
            handle.write('\n[online]\nexclude = [".*"]\n')
    git(content, "init", "-q")
    git(content, "add", ".")
    git(content, "-c", "user.email=a@b.c", "-c", "user.name=t", "commit", "-qm", "site")
    monkeypatch.chdir(content)
    whole = io.StringIO()
    main(["--no-cache", "."], out=whole)
    want = _rows(whole.getvalue())
    assert want and all(n == 1 for n in want.values())
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "ARTICLE_LINT_CACHE_HOME": str(tmp_path / "lint-cache"),
    }
    pre_commit = str(Path(sys.executable).parent / "pre-commit")

    def hook(hook_id: str, *extra: str) -> Counter[str]:
        command = [pre_commit, "try-repo", str(ROOT), hook_id, "--verbose", *extra]
        for _ in range(2):  # once more if pre-commit could not build the hook's environment
            done = subprocess.run(
                command, cwd=content, env=env, capture_output=True, text=True, check=False
            )
            if done.returncode != 3:
                break
        assert done.returncode == 1, done.stdout + done.stderr
        return _rows(done.stdout)

    assert hook("article-lint", "--all-files") == want
    assert hook("article-lint-strict", "--all-files") == want
    assert hook("article-lint-online", "--all-files", "--hook-stage", "manual") == want
    # A commit's staged files: one changed article, compared with the rest of the project.
    twin = content / "_news" / "twin-b.md"
    twin.write_text(twin.read_text().replace("publishedDateTime: 2023", "publishedDateTime: 2022"))
    git(content, "add", str(twin))
    after = io.StringIO()
    main(["--no-cache", "."], out=after)
    staged = Counter(
        {row: n for row, n in _rows(after.getvalue()).items() if row.startswith("_news/twin-b.md:")}
    )
    assert hook("article-lint") == staged


def _readme_local_hook() -> str:
    """The README's ``repo: local`` configuration, as a user copies it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\nrepos:\n  - repo: local\n", 1)[1].split("```", 1)[0]
    return "repos:\n  - repo: local\n" + block


def test_readme_local_hook_lints_mdx_and_leaves_the_readme_alone(tmp_path: Path) -> None:
    """The README's local hook, run by real pre-commit, on a site set up with ``init``."""
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "README.md").write_text("# A site\n\nNo front matter: not an article.\n")
    (site / "content" / "first.md").write_text("---\ntitle: First\ndraft: false\n---\nText\n")
    (site / "content" / "second.mdx").write_text("---\ntitle: Second\ndraft: true\n---\nText\n")
    (site / ".pre-commit-config.yaml").write_text(_readme_local_hook())
    bin_folder = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bin_folder + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "ARTICLE_LINT_CACHE_HOME": str(tmp_path / "lint-cache"),
    }
    subprocess.run(
        [str(Path(bin_folder) / "article-lint"), "init", "content"],
        cwd=site, env=env, check=True, capture_output=True,
    )  # fmt: skip
    # A duplicate key in an .mdx page: pre-commit tags it "mdx", not "markdown".
    (site / "content" / "second.mdx").write_text(
        "---\ntitle: Second\ndraft: true\ntitle: Again\n---\nText\n"
    )
    git(site, "init", "-q")
    git(site, "add", ".")
    command = [str(Path(bin_folder) / "pre-commit"), "run", "--all-files"]
    failed = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, check=False)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "content/second.mdx:4:1: error [duplicate-key]" in failed.stdout
    assert "README.md" not in failed.stdout  # outside the surveyed folder: not an article
    (site / "content" / "second.mdx").write_text("---\ntitle: Second\ndraft: true\n---\nText\n")
    git(site, "add", ".")
    passed = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_shipped_hooks_run_on_every_kind_of_file_the_walk_lints() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        assert set(hook["types_or"]) == {"markdown", "mdx", "html"}, hook["id"]
    assert "types_or: [markdown, mdx, html]" in _readme_local_hook()
