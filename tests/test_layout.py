"""The tree reads as the data flows: no import circle among the project's modules, and the engine
(``policy_explorer.calculator``) imports nothing outside the standard library and itself, not even the
package above it, whose ``__init__`` (run by every import of the engine, in Pyodide too) imports nothing.

The modules and their imports are read from the source with :mod:`ast` (no module is imported and
no list of modules is kept here): every package at the repository's top level, every ``import`` in
it, those inside functions too (a lazy import hides a circle, it does not remove one).
"""

from __future__ import annotations

import ast
import graphlib
import sys
from pathlib import Path

import pytest
from conftest import ROOT

ENGINE = "policy_explorer.calculator"


def in_engine(module: str) -> bool:
    """Whether ``module`` is the engine or one of its modules."""
    return module == ENGINE or module.startswith(ENGINE + ".")


def project_modules(root: Path) -> dict[str, Path]:
    """Every module of every top-level package under ``root`` (a folder holding ``__init__.py``)."""
    modules: dict[str, Path] = {}
    for init in sorted(root.glob("*/__init__.py")):
        for path in sorted(init.parent.rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_names(name: str, path: Path) -> set[tuple[str, tuple[str, ...]]]:
    """What module ``name`` imports, anywhere in its body: (absolute module, names taken from it)."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found: set[tuple[str, tuple[str, ...]]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update((alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module or ""
            found.add((origin, tuple(alias.name for alias in node.names)))
    return found


def project_imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the project modules it imports (``from pkg import name`` counts as ``pkg.name``
    where that is a module, else as ``pkg``; a package's own ``__init__`` is not an edge)."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for origin, names in imported_names(name, path):
            submodules = {f"{origin}.{n}" for n in names} & modules.keys()
            if submodules:
                targets |= submodules
            if origin in modules and (not names or len(submodules) < len(names)):
                targets.add(origin)  # `import pkg.mod`, or `from pkg import function`
        graph[name] = targets - {name}
    return graph


def test_no_import_circle_among_the_projects_modules():
    graph = project_imports(project_modules(ROOT))
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        pytest.fail("import circle: " + " → ".join(exc.args[1]) + ": move the shared part down a level")


def test_the_engine_imports_only_the_standard_library_and_itself():
    modules = project_modules(ROOT)
    outside = {
        f"{name}: {imported}"
        for name, path in modules.items()
        if in_engine(name)
        for imported, _names in imported_names(name, path)
        if not in_engine(imported) and imported.split(".")[0] not in {*sys.stdlib_module_names, "__future__"}
    }
    assert modules.keys() & {ENGINE, f"{ENGINE}.engine", f"{ENGINE}.browser"}, (
        "the engine is not where expected"
    )
    assert not outside, f"the engine must run on the standard library alone (Pyodide, no tooling): {outside}"


def test_the_engines_parent_package_imports_nothing():
    """``import policy_explorer.calculator`` runs ``policy_explorer/__init__.py`` first: were it to import
    the generator, the CLI and every engine user would pay for it (and the browser wheel, which carries a
    stub in its place, would differ from the checkout)."""
    init = ROOT / "policy_explorer" / "__init__.py"
    assert not imported_names("policy_explorer", init), "policy_explorer/__init__.py must import nothing"


def test_no_bare_top_level_calculator_package():
    """The engine is namespaced (issue 32): a top-level ``calculator`` would clash with other packages
    and with a user's own calculator.py."""
    assert "calculator" not in {name.split(".")[0] for name in project_modules(ROOT)}


def test_the_checks_see_a_circle_and_a_foreign_import(tmp_path):
    """The two checks above on a made-up tree: a circle through a lazy, relative import is found."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .sub import b\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text("def f():\n    from ..a import x\n    import yaml\n")
    graph = project_imports(project_modules(tmp_path))
    assert graph == {"pkg": set(), "pkg.a": {"pkg.sub.b"}, "pkg.sub": set(), "pkg.sub.b": {"pkg.a"}}
    with pytest.raises(graphlib.CycleError):
        tuple(graphlib.TopologicalSorter(graph).static_order())
    assert ("yaml", ()) in imported_names("pkg.sub.b", pkg / "sub" / "b.py")
