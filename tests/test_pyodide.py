"""The same cases give identical JSON in CPython and in real Pyodide (npm `pyodide`, pinned) under Node."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import ROOT

from policy_explorer.calculator.parity import parity_cases, run_cases

RUNNER = ROOT / "tools" / "node" / "run_engine.mjs"


def test_pyodide_gives_identical_json(data, tmp_path):
    assert shutil.which("node"), "Node.js is needed: ./dev setup installs the Pyodide runtime it uses"
    assert (ROOT / "tools/node/node_modules/pyodide/pyodide.asm.wasm").is_file(), "run ./dev setup"
    cases = parity_cases(data)
    spec = tmp_path / "input.json"
    spec.write_text(json.dumps({"data": data, "cases": cases}, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(["node", str(RUNNER), str(spec)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    in_pyodide = json.loads(run.stdout)
    in_cpython = json.loads(json.dumps(run_cases(data, cases), ensure_ascii=False, sort_keys=True))
    assert len(in_pyodide) == len(in_cpython) == len(cases)
    for case, a, b in zip(cases, in_cpython, in_pyodide, strict=True):
        assert a == b, case
    assert any("error" in r for r in in_pyodide)  # bad input fails the same way
    assert sum(len(r.get("items", [])) for r in in_pyodide) > 500
