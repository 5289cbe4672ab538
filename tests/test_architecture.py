"""The package's structure, kept honest: layers import downward only, and no import cycles.

Every import counts, those inside functions and under ``TYPE_CHECKING`` too: a lazy import is
still a dependency. The layers, from the bottom:

    core values and helpers  version, model, edits, fields, globs, suppress
    guard                    safe files, addresses and cache signatures
    reading                  bytes -> front matter -> values with positions
    validation               JSON Schema and value formats
    rules                    one module per rule
    config                   the configuration (and the online settings)
    engine                   discovery, runner, batch, cache, fix, baseline
    online                   the --online stage
    report                   output formats
    cli                      the command line and the language server

``linter`` itself (the public API, imported lazily) sits above everything: no module imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "linter"
LAYERS = [
    {
        "linter.version",
        "linter.model",
        "linter.edits",
        "linter.fields",
        "linter.globs",
        "linter.suppress",
    },
    {"linter.guard"},
    {"linter.reading"},
    {"linter.validation"},
    {"linter.rules"},
    {"linter.config"},
    {"linter.engine"},
    {"linter.online"},
    {"linter.report"},
    {"linter.cli"},
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    # ``from linter.reading import yamllib`` imports a module; ``from
                    # linter.model import Problem`` imports from one.
                    candidate = f"{node.module}.{alias.name}"
                    targets.add(candidate if candidate in modules else node.module)
        found[name] = {target for target in targets if target in modules and target != name}
    return found


def layer(module: str) -> int | None:
    for index, members in enumerate(LAYERS):
        if any(module == member or module.startswith(member + ".") for member in members):
            return index
    return None


def test_every_module_has_a_layer() -> None:
    unplaced = {
        module
        for module in imports()
        if layer(module) is None and module not in ("linter", "linter.__main__")
    }
    assert unplaced == set()


def test_nothing_imports_upward() -> None:
    upward = []
    for module, targets in imports().items():
        here = layer(module)
        if here is None:
            continue  # the package root and __main__: above everything
        for target in targets:
            there = layer(target)
            if there is None or there > here:
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_no_import_cycles() -> None:
    graph = imports()
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if target == "linter":
                continue  # the root's imports are lazy: a name looked up, not a module run
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
