"""Every cached answer is keyed by the versions of what computed it: article-lint, Python, and
the validators and YAML reader installed beside it."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

from linter import version
from linter.engine import cache, rerun


def test_the_fingerprint_names_the_installed_engines() -> None:
    fingerprint = version.fingerprint()
    assert version.__version__ in fingerprint and sys.version in fingerprint
    assert {"jsonschema", "jsonschema_rs", "pyyaml"} <= set(version._ENGINES)
    for distribution in version._ENGINES:
        try:
            installed = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            installed = "not found"
        assert f"{distribution} {installed}" in fingerprint.split("\0")


def test_every_form_of_installed_folder_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, names in {
        first: ["PyYAML-6.0.4-py3.12.egg-info", "jsonschema_rs-0.61.2.dist-info"],
        second: ["pyyaml-5.0.dist-info", "Jsonschema-4.26.0+local.dist-info", "idna-3.21"],
    }.items():
        for name in names:
            (folder / name).mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [str(first), str(second)])
    version.fingerprint.cache_clear()
    try:
        found = version.fingerprint().split("\0")[2:]
    finally:
        version.fingerprint.cache_clear()
    assert "pyyaml 6.0.4" in found  # the first on the path, as Python would import it
    assert "jsonschema_rs 0.61.2" in found and "jsonschema 4.26.0+local" in found
    assert "idna not found" in found  # a folder that is no distribution's


def test_another_engine_version_misses_every_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    before = (cache.context("config", ["schema"]), rerun._key(["."]), cache._load_name("load"))
    upgraded = version.fingerprint().replace("jsonschema_rs ", "jsonschema_rs 99.")
    monkeypatch.setattr(cache, "fingerprint", lambda: upgraded)
    monkeypatch.setattr(rerun, "fingerprint", lambda: upgraded)
    after = (cache.context("config", ["schema"]), rerun._key(["."]), cache._load_name("load"))
    assert all(old != new for old, new in zip(before, after, strict=True))
