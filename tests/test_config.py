"""Configuration files: found upward, every mistake a usage error."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter import config
from linter.config import ConfigError, from_table
from linter.model import Severity
from linter.rules import registry


def test_found_upward_and_pyproject(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert config.find_config(deep) is None
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert config.find_config(deep) is None
    (tmp_path / "pyproject.toml").write_text("[tool.article-lint]\nignore = ['html-entity']\n")
    assert config.find_config(deep) == tmp_path / "pyproject.toml"
    assert config.load(start=deep).ignore == {"html-entity"}
    (tmp_path / "a" / ".article-lint.toml").write_text("select = ['future-date']\n")
    assert config.load(start=deep).select == {"future-date"}


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({"selct": []}, "unknown key 'selct'"),
        ({"ignore": ["future-dates"]}, "did you mean 'future-date'"),
        ({"severity": {"future-date": "fatal"}}, "must be 'error', 'warning' or 'info'"),
        ({"rules": {"future-date": {"tolerance": 1}}}, "unknown option 'tolerance'"),
        ({"rules": {"future-date": {"tolerance-days": "x"}}}, "must be float"),
        ({"rules": {"future-date": {"tolerance-days": -1}}}, "must not be negative"),
        ({"schemas": [{"files": ["x"]}]}, "needs exactly 'files' and 'schema'"),
        ({"include": "*.md"}, None),
    ],
)
def test_mistakes_are_errors(tmp_path: Path, table: dict[str, object], words: str | None) -> None:
    if words is None:
        assert from_table(table, root=tmp_path).include == ("*.md",)
        return
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace("'", "'")):
        from_table(table, root=tmp_path)


def test_invalid_toml(tmp_path: Path) -> None:
    (tmp_path / ".article-lint.toml").write_text("select = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        config.load(start=tmp_path)


def test_per_file_ignores_severity_and_schema_choice(tmp_path: Path) -> None:
    cfg = from_table(
        {
            "per-file-ignores": {"_archive/**": ["missing-field"]},
            "severity": {"padded-text": "error"},
            "schemas": [{"files": ["_people/*.md"], "schema": "people.json"}],
        },
        root=tmp_path,
    )
    archived = {r.id for r in cfg.rules_for(str(tmp_path / "_archive" / "_news" / "a.md"))}
    assert "missing-field" not in archived and "missing-field" in {
        r.id for r in cfg.rules_for("x.md")
    }
    assert cfg.severity_of(registry()["padded-text"]) is Severity.ERROR
    assert cfg.schema_for(str(tmp_path / "_people" / "p.md")) == tmp_path / "people.json"
    assert cfg.schema_for(str(tmp_path / "news" / "p.md")) is None


def test_the_readme_examples_are_valid_configuration(tmp_path: Path) -> None:
    import re
    import tomllib

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", readme, flags=re.DOTALL)
    assert len(blocks) >= 2
    for block in blocks:
        from_table(tomllib.loads(block), root=tmp_path)
