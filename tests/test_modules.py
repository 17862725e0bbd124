"""The calculator's scripts are named by their content, imports included: pages and scripts move together.

Which modules there are is read from their imports (sitegen/modules.py), so a module the code loads
cannot be left out of the hashing, nor a module the code no longer loads be kept in it.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from policy_explorer.sitegen.modules import ENTRY, ModuleError, hashed_modules, module_graph

SCRIPTS = ROOT / "policy_explorer" / "defaults" / "assets" / "calculator"


def _copy(tmp_path, **changes: str):
    for path in SCRIPTS.glob("*.mjs"):
        text = path.read_text(encoding="utf-8")
        (tmp_path / path.name).write_text(
            changes.get(path.stem.replace("-", "_"), "") + text, encoding="utf-8"
        )
    return hashed_modules(tmp_path)


def test_every_module_in_the_folder_is_loaded_from_the_page_script():
    # A module no import reaches would be copied under its own name (a cache could pair a stale copy
    # with a new page); the graph is every .mjs there, nothing more.
    assert sorted(module_graph(SCRIPTS)) == sorted(p.name for p in SCRIPTS.glob("*.mjs"))


def test_the_graph_is_read_from_the_imports_leaves_first():
    graph = module_graph(SCRIPTS)
    order = list(graph)
    for name, loads in graph.items():
        assert all(order.index(dep) < order.index(name) for dep in loads), (name, loads)
    assert order[-1] == ENTRY
    # client.mjs starts the two workers by URL (new URL("worker.mjs", import.meta.url)), and both
    # they and the page's client share the protocol's module.
    assert {"worker.mjs", "snapshot-maker.mjs", "protocol.mjs"} <= set(graph["client.mjs"])
    assert "protocol.mjs" in graph["worker.mjs"]


def test_each_module_loads_the_others_by_their_hashed_names():
    modules = hashed_modules(SCRIPTS)
    names = {k: v[0] for k, v in modules.items()}
    assert all(re.fullmatch(rf"{k[:-4]}-[0-9a-f]{{12}}\.mjs", v) for k, v in names.items()), names
    client = modules["client.mjs"][1].decode()
    assert f'new URL("{names["worker.mjs"]}", import.meta.url)' in client
    assert f'new URL("{names["snapshot-maker.mjs"]}", import.meta.url)' in client
    for user in ("worker.mjs", "snapshot-maker.mjs"):
        assert f'from "./{names["runtime-files.mjs"]}"' in modules[user][1].decode()
    page = modules[ENTRY][1].decode()
    for dep in module_graph(SCRIPTS)[ENTRY]:
        assert f'from "./{names[dep]}"' in page
        assert f'"./{dep}"' not in page.split("*/")[-1]  # no import left under its plain name


def _users(name: str) -> set[str]:
    """``name`` and every module that loads it, directly or through others."""
    graph = module_graph(SCRIPTS)
    found = {name}
    while True:
        more = {k for k, loads in graph.items() if found & set(loads)} - found
        if not more:
            return found
        found |= more


def test_a_change_in_the_worker_renames_every_module_that_loads_it(tmp_path):
    before = {k: v[0] for k, v in _copy(tmp_path).items()}
    after = {k: v[0] for k, v in _copy(tmp_path, worker="// changed\n").items()}
    changed = {k for k in before if before[k] != after[k]}
    assert changed == _users("worker.mjs")
    assert {"worker.mjs", "client.mjs", ENTRY} <= changed and "keep.mjs" not in changed
    calculator_only = {k: v[0] for k, v in _copy(tmp_path, calculator="// changed\n").items()}
    assert [k for k in before if before[k] != calculator_only[k]] == [ENTRY]
    # A module only the page script loads (the kept scenario) is renamed with it alone.
    keep = {k: v[0] for k, v in _copy(tmp_path, keep="// changed\n").items()}
    assert sorted(k for k in before if before[k] != keep[k]) == ["calculator.mjs", "keep.mjs"]


def _folder(tmp_path, **modules: str):
    for name, text in modules.items():
        (tmp_path / f"{name}.mjs").write_text(text, encoding="utf-8")
    return tmp_path


def test_an_import_of_a_missing_file_names_the_module_and_the_file(tmp_path):
    folder = _folder(tmp_path, calculator='import { a } from "./client2.mjs";\n')
    with pytest.raises(
        ModuleError, match=r"calculator\.mjs loads \./client2\.mjs, but .*client2\.mjs does not exist"
    ):
        hashed_modules(folder)


def test_a_module_loaded_in_a_circle_is_refused(tmp_path):
    folder = _folder(
        tmp_path,
        calculator='import "./a.mjs";\n',
        a='import { b } from "./b.mjs";\n',
        b='export * from "./a.mjs";\n',
    )
    with pytest.raises(ModuleError, match=r"in a circle \(a\.mjs → b\.mjs → a\.mjs\)"):
        hashed_modules(folder)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('import { x } from "../elsewhere.mjs";', r'calculator\.mjs:2: loads "\.\./elsewhere\.mjs"'),
        ('import { x } from "pyodide";', r'calculator\.mjs:2: loads "pyodide"'),
        ('const m = await import("./late.mjs");', r"calculator\.mjs:2: a dynamic import\(\)"),
    ],
)
def test_a_load_the_hashing_cannot_follow_is_refused(tmp_path, line, why):
    folder = _folder(tmp_path, calculator=f"// the page\n{line}\n")
    with pytest.raises(ModuleError, match=why):
        hashed_modules(folder)


def test_imports_over_several_lines_and_type_only_imports(tmp_path):
    folder = _folder(
        tmp_path,
        calculator=(
            '/** @import { T } from "./types.mjs" */\n'  # a comment: no module is loaded
            "import {\n  a,\n  b as c,\n} from './a.mjs';\n"
            "// import { x } from './commented.mjs';\n"
            'export { d } from "./a.mjs";\n'
        ),
        a="export const a = 1, b = 2, d = 3;\n",
    )
    modules = hashed_modules(folder)
    assert list(module_graph(folder)) == ["a.mjs", "calculator.mjs"]
    text = modules["calculator.mjs"][1].decode()
    assert text.count(modules["a.mjs"][0]) == 2
    assert '"./types.mjs"' in text and "'./commented.mjs'" in text  # comments are left as written


def test_no_line_of_the_calculators_modules_is_over_120_characters():
    long = [
        f"{path.name}:{number}"
        for path in sorted(SCRIPTS.glob("*.mjs"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > 120
    ]
    assert not long, long
