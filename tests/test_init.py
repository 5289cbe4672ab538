"""``article-lint init`` drafts what a site means: run as a new user would, on small sites."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter.cli import main


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main([*args], out=out)
    return code, out.getvalue()


def write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def post(number: int, extra: str = "") -> str:
    return f"---\ntitle: Post {number}\ndate: 2024-01-{number % 28 + 1:02d}\n{extra}---\nText\n"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a README at its top and 30 posts under content/."""
    (tmp_path / ".git").mkdir()
    write(tmp_path, "README.md", "# The site's repository\n")
    for number in range(30):
        kind = ("news", "review", "guide")[number % 3]
        tags = f"tags: [tag{number}, shared]\n"
        write(tmp_path, f"content/posts/p{number}.md", post(number, f"kind: {kind}\n{tags}"))
    write(tmp_path, "content/_index.md", "---\ntitle: Home\n---\n")  # a section: no date
    monkeypatch.chdir(tmp_path)
    return tmp_path


def schema(folder: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((folder / "article.schema.json").read_text())
    return loaded


def test_required_only_where_every_file_has_the_field(site: Path) -> None:
    code, out = run("init", "content")
    assert code == 0
    assert schema(site)["required"] == ["title"]
    assert "not required: 'date' is in 30 of 31 files; missing in content/_index.md\n" in out


def test_enums_only_for_small_repeated_sets(site: Path) -> None:
    run("init", "content")
    properties = schema(site)["properties"]
    assert isinstance(properties, dict)
    assert properties["kind"] == {"type": "string", "enum": ["guide", "news", "review"]}
    assert "enum" not in properties["tags"]["items"]  # tags grow with every post
    assert "enum" not in properties["title"]


def test_the_configuration_is_scoped_to_the_surveyed_folder(site: Path) -> None:
    run("init", "content")
    config = (site / ".article-lint.toml").read_text()
    assert 'include = ["content/**/*.md", "content/**/*.markdown", "content/**/*.mdx"]' in config
    code, out = run("--format", "json", "--no-cache", ".")
    assert (code, json.loads(out)) == (0, [])  # README.md is not an article of the blog
    code, out = run("--format", "json", "--no-cache", "--force-exclude", "README.md")
    assert (code, json.loads(out)) == (0, [])  # the hook passes it by name: left alone too
    write(site, "content/posts/bad.md", "---\ntitle: Bad\ndate: 2024-02-30\n---\n")
    code, out = run("--format", "json", "--no-cache", ".")
    assert [(p["file"], p["code"]) for p in json.loads(out)] == [
        ("content/posts/bad.md", "invalid-date")
    ]


def test_a_second_run_changes_nothing(site: Path) -> None:
    run("init", "content")
    written = {
        name: (site / name).read_bytes() for name in ("article.schema.json", ".article-lint.toml")
    }
    code, out = run("init", "content")
    assert code == 0 and "unchanged:" in out
    assert {name: (site / name).read_bytes() for name in written} == written


def test_a_readme_beside_no_article_is_excluded(site: Path) -> None:
    code, out = run("init", ".")
    assert "excluded: README.md (no front matter, and no article beside it)" in out
    assert 'exclude = ["/README.md"]' in (site / ".article-lint.toml").read_text()
    code, out = run("--format", "json", "--no-cache", ".")
    assert (code, json.loads(out)) == (0, [])


def test_output_must_be_where_the_configuration_is_found(site: Path) -> None:
    assert run("init", ".", "--output", "content")[0] == 2


def test_duplicate_title_only_where_titles_identify_articles(site: Path) -> None:
    run("init", "content")
    config = (site / ".article-lint.toml").read_text()
    assert '[rules.duplicate-title]\nfields = ["/title"]' in config
    write(site, "content/series/part-1.md", post(1).replace("Post 1", "A series"))
    write(site, "content/series/part-2.md", post(2).replace("Post 2", "A series"))
    code, out = run("init", "content", "--force")
    assert "duplicate-title left off: 1 titles are shared by several files" in out
    config = (site / ".article-lint.toml").read_text()
    assert "\n[rules.duplicate-title]" not in config
    code, out = run("--format", "json", "--no-cache", ".")
    assert (code, json.loads(out)) == (0, [])


def test_zola_front_matter_and_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "config.toml", 'base_url = "https://blog.example.com"\ntitle = "Blog"\n')
    for number in range(3):
        text = f'+++\npath = "2024/01/p{number}"\ntitle = "Post {number}"\n+++\nText\n'
        write(tmp_path, f"content/p{number}.md", text)
    monkeypatch.chdir(tmp_path)
    code, out = run("init", "content")
    assert "dates written as hugo, a zola site" in out
    properties = schema(tmp_path)["properties"]
    assert isinstance(properties, dict)
    # Documented by Zola, used by no post yet.
    assert properties["date"] == {"type": "string", "format": "date-time"}
    assert properties["updated"] == {"type": "string", "format": "date-time"}
    assert properties["taxonomies"] == {"type": "object"}
    assert (
        '[rules.duplicate-url]\nfields = ["/path"]' in (tmp_path / ".article-lint.toml").read_text()
    )
    write(tmp_path, "content/again.md", '+++\npath = "2024/01/p1"\ntitle = "Again"\n+++\n')
    write(
        tmp_path, "content/late.md", '+++\npath = "late"\ntitle = "Late"\ndate = 2099-01-01\n+++\n'
    )
    code, out = run("--format", "json", "--no-cache", ".")
    assert code == 1
    assert sorted((p["file"], p["code"]) for p in json.loads(out)) == [
        ("content/again.md", "duplicate-url"),
        ("content/late.md", "future-date"),
        ("content/p1.md", "duplicate-url"),
    ]


def test_starlight_front_matter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "astro.config.mjs", "import starlight from '@astrojs/starlight';\n")
    for number in range(3):
        text = f"---\ntitle: Page {number}\nsidebar:\n  label: Page {number}\n---\n"
        write(tmp_path, f"src/content/docs/p{number}.mdx", text)
    monkeypatch.chdir(tmp_path)
    code, out = run("init", "src/content/docs")
    assert "a starlight site" in out
    properties = schema(tmp_path)["properties"]
    assert isinstance(properties, dict)
    assert properties["lastUpdated"]["format"] == "date-time"
    assert properties["template"]["enum"] == ["doc", "splash"]
    # Seen with a label only; Starlight documents the rest, and a label is optional there.
    assert properties["sidebar"]["properties"]["order"] == {"type": "number"}
    assert "required" not in properties["sidebar"]
    assert properties["title"] == {"type": "string", "pattern": "\\S"}
    write(
        tmp_path,
        "src/content/docs/bad.mdx",
        "---\ntitle: 2024-01-01\ndraft: no\nsidebar:\n  label: Bad\n---\n",
    )
    code, out = run("--format", "json", "--no-cache", ".")
    assert code == 1
    assert [(p["line"], p["code"]) for p in json.loads(out)] == [
        (2, "wrong-type"),
        (3, "wrong-type"),
    ]


def test_a_field_no_two_pages_share_identifies_them(site: Path) -> None:
    for number in range(30):
        path = site / "content" / "posts" / f"p{number}.md"
        path.write_text(path.read_text().replace("---\nText", f"slug: post-{number}\n---\nText"))
    write(site, "content/posts/extra.md", post(40, "tags: [a]\nslug: post-1\n"))  # shared
    run("init", "content")
    assert "[rules.duplicate-url]" not in (site / ".article-lint.toml").read_text()
    (site / "content" / "posts" / "extra.md").unlink()
    run("init", "content", "--force")
    config = (site / ".article-lint.toml").read_text()
    assert (
        '# What identifies a page here: /slug.\n[rules.duplicate-url]\nfields = ["/slug"]' in config
    )
    write(site, "content/posts/again.md", post(41, "slug: post-7\n"))
    code, out = run("--format", "json", "--no-cache", ".")
    assert (code, sorted((p["file"], p["code"]) for p in json.loads(out))) == (
        1,
        [
            ("content/posts/again.md", "duplicate-url"),
            ("content/posts/p7.md", "duplicate-url"),
        ],
    )
