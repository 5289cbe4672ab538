"""Every cached answer is keyed by the versions of what computed it: article-lint, Python, and
the validators and YAML reader installed beside it."""

from __future__ import annotations

import importlib.metadata
import sys

import pytest

from linter import version
from linter.engine import cache, rerun


def test_the_fingerprint_names_the_installed_engines() -> None:
    fingerprint = version.fingerprint()
    assert version.__version__ in fingerprint and sys.version in fingerprint
    for distribution in ("jsonschema", "jsonschema_rs", "referencing", "pyyaml"):
        installed = importlib.metadata.version(distribution)
        assert f"{distribution} {installed}" in fingerprint.split("\0")


def test_another_engine_version_misses_every_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    before = (cache.context("config", ["schema"]), rerun._key(["."]), cache._load_name("load"))
    upgraded = version.fingerprint().replace("jsonschema_rs ", "jsonschema_rs 99.")
    monkeypatch.setattr(cache, "fingerprint", lambda: upgraded)
    monkeypatch.setattr(rerun, "fingerprint", lambda: upgraded)
    after = (cache.context("config", ["schema"]), rerun._key(["."]), cache._load_name("load"))
    assert all(old != new for old, new in zip(before, after, strict=True))
