"""The language server's analysis (``linter.cli.lsp.Workspace``), without the protocol: which
configuration and which other files judge a file, and which quick fixes are offered."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import article

from linter.cli.lsp import Workspace, only_removes
from linter.model import Problem, Replacement, Severity

BAD_DATE = article(publishedDateTime="2023-02-30T01:31:00Z")


def codes(problems: list[Problem]) -> list[str]:
    return sorted(p.code for p in problems)


def test_each_workspace_folder_is_a_project_of_its_own(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "a.md").write_text(article())
    (two / "b.md").write_text(article())
    workspace = Workspace([str(one), str(two)])
    assert codes(workspace.problems(str(one / "a.md"), article())) == []
    (two / "c.md").write_text(article())
    found = workspace.problems(str(two / "b.md"), article())
    assert {p.message for p in found if p.code == "duplicate-url"} == {
        "url 'https://harbour-news.example.com/2023/11/harbour-cities-test-shared-models-for-"
        "flood-forecasting/' is also in c.md"
    }


def test_the_nearest_configuration_inside_the_workspace_folder(tmp_path: Path) -> None:
    (tmp_path / ".article-lint.toml").write_text('ignore = ["padded-text"]\n')
    work = tmp_path / "work"
    site = work / "site"
    (site / "posts").mkdir(parents=True)
    (site / "pyproject.toml").write_text('[tool.article-lint]\nignore = ["invalid-date"]\n')
    (work / "posts").mkdir()
    (work / "posts" / "pyproject.toml").write_text("[project]\nname = 'not-ours'\n")
    workspace = Workspace([str(work)])
    text = article(title='" Padded"', publishedDateTime="2023-02-30T01:31:00Z")
    # pyproject.toml with our table is a configuration; the one above the folder is not.
    assert codes(workspace.problems(str(site / "posts" / "a.md"), text)) == ["padded-text"]
    assert workspace.project_for(str(site / "posts" / "a.md")).top == str(site.resolve())
    # A pyproject.toml without our table is not: the workspace folder's defaults judge.
    assert codes(workspace.problems(str(work / "posts" / "b.md"), text)) == [
        "invalid-date",
        "padded-text",
    ]


def test_outside_every_workspace_folder_a_file_is_judged_alone(tmp_path: Path) -> None:
    (tmp_path / "twin.md").write_text(BAD_DATE)
    workspace = Workspace([str(tmp_path / "work")])
    assert codes(workspace.problems(str(tmp_path / "post.md"), BAD_DATE)) == ["invalid-date"]
    assert codes(Workspace().problems(str(tmp_path / "post.md"), BAD_DATE)) == ["invalid-date"]


def test_open_buffers_count_as_the_files_they_will_be(tmp_path: Path) -> None:
    workspace = Workspace([str(tmp_path)])
    (tmp_path / "on-disk.md").write_text(article(title='"Another title"'))
    workspace.buffers[str(tmp_path / "on-disk.md")] = article()  # edited, not saved
    workspace.buffers[str(tmp_path / "unsaved.md")] = article(title='"A third title"')
    workspace.buffers[str(tmp_path / "notes.txt")] = article()  # not an article: not walked
    found = workspace.problems(str(tmp_path / "new.md"), article())
    messages = {p.code: p.message for p in found}
    assert messages["duplicate-title"].endswith("is also in on-disk.md")
    assert messages["duplicate-url"].endswith("is also in on-disk.md, unsaved.md")


def test_a_fix_carried_as_data_is_offered(tmp_path: Path) -> None:
    # As the online stage (or a schema's did-you-mean) hands it over: the value to write.
    text = article().replace("https://harbour-news.example.com/uploads", "http://x.example.org")
    path = str(tmp_path / "post.md")
    workspace = Workspace([str(tmp_path)])
    problems = workspace.problems(path, text)
    (insecure,) = [p for p in problems if p.code == "insecure-url"]
    assert workspace.fix(path, text, insecure, problems) is None  # offline: no data, no fix
    upgrade = (Replacement("/images/0/url", "https://x.example.org/2023/11/tide-gauge.jpg"),)
    fixed = workspace.fix(path, text, dataclasses.replace(insecure, fix=upgrade), problems)
    assert fixed == text.replace("http://x.example.org", "https://x.example.org")


def test_a_fix_that_would_add_a_problem_is_not_offered(tmp_path: Path) -> None:
    theirs = '"https://e.org/theirs/"'
    (tmp_path / "other.md").write_text(article(originalUrl=theirs, webUrl=theirs))
    text = article(originalUrl='"https://e.org/mine/"', webUrl='"http://e.org/mine/"')
    path = str(tmp_path / "post.md")
    workspace = Workspace([str(tmp_path)])
    problems = workspace.problems(path, text)
    (insecure,) = [p for p in problems if p.code == "insecure-url"]
    # Say the https address redirects to the other article's: the fix would make a duplicate.
    redirected = (Replacement("/webUrl", "https://e.org/theirs/"),)
    insecure = dataclasses.replace(insecure, fix=redirected)
    assert workspace.fix(path, text, insecure, problems) is None
    alone = Workspace()  # no other file: nothing added
    fixed = alone.fix(path, text, insecure, alone.problems(path, text))
    assert fixed == text.replace('"http://e.org/mine/"', '"https://e.org/theirs/"')


def problem(code: str, pointer: str, message: str, line: int = 1) -> Problem:
    return Problem("a.md", line, 1, code, Severity.WARNING, message, pointer)


def test_only_removes_compares_problems_as_multisets() -> None:
    fixed = problem("duplicate-item", "/tags/1", '"a" is listed twice in "tags" (first at tags[0])')
    later = problem("padded-text", "/tags/3", '"tags[3]" has leading whitespace', line=9)
    moved = problem("padded-text", "/tags/2", '"tags[2]" has leading whitespace', line=8)
    other = problem("invalid-date", "/date", '"date" is not a real date (got "2024-02-30")')
    # The item removed, the next ones move up a place and a line: nothing was added.
    assert only_removes([fixed, later, other], [moved, other], fixed)
    # The fixed problem still there, a new one, a value changed: refused.
    assert not only_removes([fixed, other], [fixed, other], fixed)
    assert not only_removes([fixed], [other], fixed)
    changed = problem("invalid-date", "/date", '"date" is not a real date (got "2024-02-31")')
    assert not only_removes([fixed, other], [changed], fixed)
    # A repeated problem counts as many times as it is there.
    assert not only_removes([fixed, other], [other, other], fixed)


def test_a_did_you_mean_is_a_quick_fix(tmp_path: Path) -> None:
    from linter.rules import registry

    if not registry()["invalid-value"].fixable:
        pytest.skip("the schema's did-you-mean fixes are not in this tree yet")
    text = article(type="artcle", title='" Padded"')
    path = str(tmp_path / "post.md")
    workspace = Workspace([str(tmp_path)])
    problems = workspace.problems(path, text)
    (typo,) = [p for p in problems if p.code == "invalid-value"]
    assert workspace.fix(path, text, typo, problems) == article(type="article", title='" Padded"')


def test_a_configuration_made_on_disk_is_found_once_the_disk_changed(tmp_path: Path) -> None:
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "other.md").write_text(article())
    path = str(tmp_path / "blog" / "post.md")
    workspace = Workspace([str(tmp_path)])
    assert codes(workspace.problems(path, article())) == ["duplicate-title", "duplicate-url"]
    (tmp_path / "blog" / ".article-lint.toml").write_text('ignore = ["duplicate-title"]\n')
    workspace.disk_changed()
    assert codes(workspace.problems(path, article())) == ["duplicate-url"]
