"""The calculator wheel: reproducible bytes, every module of the engine and the data and nothing of the
generator, a RECORD that checks, installable."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile

from conftest import ROOT

from policy_explorer.wheel import build_wheel


def test_same_sources_same_bytes(data, tmp_path):
    a = build_wheel(data, tmp_path / "a").read_bytes()
    b = build_wheel(data, tmp_path / "b").read_bytes()
    assert a == b


def test_holds_every_module_the_data_and_a_valid_record(data, tmp_path):
    wheel = build_wheel(data, tmp_path)
    assert wheel.name == "calculator-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        engine = ROOT / "policy_explorer" / "calculator"
        modules = {f"policy_explorer/calculator/{p.name}" for p in engine.glob("*.py")}
        assert modules <= names
        # The engine alone under its namespace: the generator's modules (YAML, Jinja…) stay out.
        others = {n for n in names if not n.startswith(("policy_explorer/calculator/", "calculator-0.1.0"))}
        assert others == {"policy_explorer/__init__.py"}
        assert zf.read("calculator-0.1.0.dist-info/top_level.txt").decode() == "policy_explorer\n"
        assert json.loads(zf.read("policy_explorer/calculator/_data/policies.json")) == json.loads(
            json.dumps(data)
        )
        record = zf.read("calculator-0.1.0.dist-info/RECORD").decode()
        rows = list(csv.reader(io.StringIO(record)))
        assert {r[0] for r in rows} == names
        for name, digest, size in rows:
            if name.endswith("RECORD"):
                continue
            body = zf.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(body).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(body), name
        assert "Tag: py3-none-any" in zf.read("calculator-0.1.0.dist-info/WHEEL").decode()


def test_installs_and_runs_with_the_bundled_data(data, tmp_path):
    wheel = build_wheel(data, tmp_path / "dist")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
    )
    # -S: no site-packages (as in Pyodide, and none of this venv's own copy of the generator).
    # Shenzhen 训力券: 50% of the compute contract, up to 1,000万 (start-ups 60%); 2025-06-01 in force.
    code = (
        "from policy_explorer import calculator; r = calculator.estimate({'jurisdiction': 'shenzhen', "
        "'facts': {'compute_spend': 4000000}}, on='2025-06-01'); print(r['total_max_cny']); "
        "import importlib.util as u; print(u.find_spec('policy_explorer.sitegen'), u.find_spec('calculator'))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-S", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert out.stdout.split() == ["2000000", "None", "None"]  # no generator, no bare `calculator`
