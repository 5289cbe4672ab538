"""Shared test helpers: build articles, lint them, find the shared corpus when present."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from linter.config import Config, from_table
from linter.engine.runner import lint_text

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "article.md"
SHARED = Path(__file__).resolve().parents[2] / "shared"
needs_shared = pytest.mark.skipif(
    not (SHARED / "corpus").is_dir(), reason="../shared is not present (as on a user's clone)"
)

LintResult = list[tuple[int, int, str]]


def libyaml_rejects(data: bytes) -> bool:
    """Whether the front matter of ``data`` is missing or libyaml refuses it (what must be flagged)."""
    import yaml

    from linter.reading import frontmatter

    found = frontmatter.split(data)
    if not isinstance(found, frontmatter.FrontMatter):
        return True
    try:
        yaml.compose(found.text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return True
    return False


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def article(**fields: str) -> str:
    """The seed article with top-level fields replaced by raw YAML text (``None`` removes).

    ``article(publishedDateTime="2023-13-09T01:31:00Z")`` keeps every line where it was.
    """
    lines = seed_text().split("\n")
    for name, raw in fields.items():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))
        lines[index] = f"{name}: {raw}"
    return "\n".join(lines)


def replace(old: str, new: str, text: str | None = None) -> str:
    """The seed (or ``text``) with one exact substring replaced."""
    text = seed_text() if text is None else text
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


@pytest.fixture
def lint() -> Callable[..., LintResult]:
    """Lint article text; return ``[(line, column, rule id)]`` (all severities)."""

    def run(
        text: str, config: dict[str, object] | None = None, path: str = "article.md"
    ) -> LintResult:
        cfg = from_table(config, root=Path.cwd()) if config else Config()
        return [(p.line, p.column, p.code) for p in lint_text(text, path, cfg)]

    return run


@pytest.fixture
def codes(lint: Callable[..., LintResult]) -> Callable[..., list[str]]:
    """Lint article text; return the rule ids reported."""

    def run(text: str, config: dict[str, object] | None = None) -> list[str]:
        return [code for _, _, code in lint(text, config)]

    return run


@pytest.fixture(autouse=True)
def _private_cache_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets its own user cache folder (and cache secret), never the real ~/.cache."""
    monkeypatch.setenv("ARTICLE_LINT_CACHE_HOME", str(tmp_path_factory.mktemp("cache-home")))


# Seconds to wait after writing files, longer than ``short_racy_window``: then a run may keep
# their stats (run records, kept listings, the stat index).
SETTLE = 0.1


@pytest.fixture
def short_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """File systems here keep times in ticks of at most 10 ms: 50 ms tells changes apart."""
    from linter.engine import rerun

    monkeypatch.setattr(rerun, "RACY_NS", 50_000_000)
