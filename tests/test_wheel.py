"""The built wheel works on its own: installed apart from the checkout, run from elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import SEED

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("article_lint-*.whl")
    return built


def test_wheel_holds_the_schema_and_the_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "linter/schemas/article.schema.json" in names
        if os.environ.get("ARTICLE_LINT_PURE") != "1":  # else the C speed-ups are left out
            compiled = {n.split(".")[0] for n in names if n.endswith((".so", ".pyd"))}
            assert "linter/reading/_fastyaml" in compiled
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "article-lint = linter.__main__:entry" in archive.read(entry_points).decode()


def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The wheel itself goes into the fresh venv; its dependencies come from this interpreter's
    # site-packages (added after the venv's own, so the checkout's linter is never seen).
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    import jsonschema
    import yaml

    deps = {str(Path(m.__file__).resolve().parents[1]) for m in (jsonschema, yaml)}
    (site / "deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Outside this checkout: a file of its work tree is compared with the checkout's other
    # articles (examples/everyday-cc holds the same one), wherever the command runs.
    article = tmp_path / "articles" / "article.md"
    article.parent.mkdir()
    article.write_bytes(SEED.read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [python, "-m", "linter", "--format", "json", str(article)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, json.loads(done.stdout)) == (0, []), done.stderr
    where = subprocess.run(
        [python, "-m", "linter", "schema", "--path"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(site)
