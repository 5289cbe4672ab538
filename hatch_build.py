"""Build hook: compile the optional C parser into the wheel.

``linter/reading/_fastyaml.c`` parses plain front matter. article-lint works without it: when no C
compiler is available, or ``ARTICLE_LINT_PURE=1`` is set, the wheel is pure Python (libyaml
parses every file), with the same results, slower. An editable install builds the module in
place, next to the source, where the checkout imports it from.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULES = {"linter.reading._fastyaml": "linter/reading/_fastyaml.c"}


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("ARTICLE_LINT_PURE") == "1":
            return
        try:
            built = compile_extensions(Path(self.root), inplace=version == "editable")
        except Exception as error:  # noqa: BLE001 - any failure leaves a working pure wheel
            self.app.display_warning(f"article-lint: C speed-ups not built ({error}); pure Python")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":
            for path in built:
                build_data["force_include"][str(path)] = f"linter/reading/{path.name}"


def compile_extensions(root: Path, *, inplace: bool) -> list[Path]:
    """Compile the modules with the compiler Python was built with; return the files made."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extensions = [
        Extension(name, [source], extra_compile_args=_flags()) for name, source in MODULES.items()
    ]
    distribution = Distribution({"name": "article-lint", "ext_modules": extensions})
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
        return [(root / command.get_ext_fullpath(name)).resolve() for name in MODULES]
    finally:
        os.chdir(here)


def _flags() -> list[str]:
    return [] if os.name == "nt" else ["-O2", "-std=c99"]
