"""Build hook: compile the optional C parser (``linter/_fastyaml.c``) into the wheel.

article-lint works without it: when no C compiler is available, or ``ARTICLE_LINT_PURE=1`` is
set, the wheel is pure Python and libyaml parses every file (about twice as slow on a
repository of plain articles). An editable install builds the module in place, next to the
source, where the checkout imports it from.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "linter._fastyaml"
SOURCE = "linter/_fastyaml.c"


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("ARTICLE_LINT_PURE") == "1":
            return
        try:
            built = compile_extension(Path(self.root), inplace=version == "editable")
        except Exception as error:  # noqa: BLE001 - any failure leaves a working pure wheel
            self.app.display_warning(f"article-lint: C parser not built ({error}); pure Python")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":
            build_data["force_include"][str(built)] = f"linter/{built.name}"


def compile_extension(root: Path, *, inplace: bool) -> Path:
    """Compile the module with the compiler Python was built with; return the file made."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extension = Extension(MODULE, [SOURCE], extra_compile_args=_flags())
    distribution = Distribution({"name": "article-lint", "ext_modules": [extension]})
    command = build_ext(distribution)
    command.inplace = inplace
    scratch = tempfile.mkdtemp(prefix="article-lint-build-")
    command.build_temp = os.path.join(scratch, "temp")
    command.build_lib = os.path.join(scratch, "lib")
    here = os.getcwd()
    os.chdir(root)  # setuptools resolves the source and in-place target from the cwd
    try:
        command.ensure_finalized()
        command.run()
        return (root / command.get_ext_fullpath(MODULE)).resolve()
    finally:
        os.chdir(here)


def _flags() -> list[str]:
    return [] if os.name == "nt" else ["-O2", "-std=c99"]
