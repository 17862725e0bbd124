"""The calculator's scripts are named by their content, imports included: pages and scripts move together."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from policy_explorer.sitegen.modules import MODULES, hashed_modules

SCRIPTS = ROOT / "policy_explorer" / "defaults" / "assets" / "calculator"


def _copy(tmp_path, **changes: str):
    for name, _ in MODULES:
        text = (SCRIPTS / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(
            changes.get(name.split(".")[0].replace("-", "_"), "") + text, encoding="utf-8"
        )
    return hashed_modules(tmp_path)


def test_each_module_loads_the_others_by_their_hashed_names():
    modules = hashed_modules(SCRIPTS)
    names = {k: v[0] for k, v in modules.items()}
    assert all(re.fullmatch(rf"{k[:-4]}-[0-9a-f]{{12}}\.mjs", v) for k, v in names.items()), names
    assert f'"{names["worker.mjs"]}"' in modules["client.mjs"][1].decode()
    assert f'"{names["snapshot-maker.mjs"]}"' in modules["client.mjs"][1].decode()
    for user in ("worker.mjs", "snapshot-maker.mjs"):
        assert f'"./{names["runtime-files.mjs"]}"' in modules[user][1].decode()
    assert f'"./{names["client.mjs"]}"' in modules["calculator.mjs"][1].decode()
    assert f'"./{names["keep.mjs"]}"' in modules["calculator.mjs"][1].decode()


def test_a_change_in_the_worker_renames_every_module_that_loads_it(tmp_path):
    before = {k: v[0] for k, v in _copy(tmp_path).items()}
    after = {k: v[0] for k, v in _copy(tmp_path, worker="// changed\n").items()}
    assert sorted(k for k in before if before[k] != after[k]) == [
        "calculator.mjs",
        "client.mjs",
        "worker.mjs",
    ]
    shared = {k: v[0] for k, v in _copy(tmp_path, runtime_files="// changed\n").items()}
    # Every module but keep.mjs (keeping a scenario on this device), which loads none of them.
    assert sorted(k for k in before if before[k] == shared[k]) == ["keep.mjs"]
    calculator_only = {k: v[0] for k, v in _copy(tmp_path, calculator="// changed\n").items()}
    assert [k for k in before if before[k] != calculator_only[k]] == ["calculator.mjs"]


def test_a_module_that_does_not_load_its_dependency_by_name_is_refused(tmp_path):
    _copy(tmp_path)
    (tmp_path / "calculator.mjs").write_text('import "./client2.mjs";\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"must load client\.mjs once"):
        hashed_modules(tmp_path)
