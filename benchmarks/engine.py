"""Benchmark: microseconds per profile for the calculator, in CPython and in Pyodide (Node).

Reports figures and ratios; a missed target never makes it exit non-zero (a Pyodide runner that
fails does). The profiles are the rich ones of :mod:`policy_explorer.calculator.parity` (every fact given, one
per jurisdiction and date), so every clause of each jurisdiction is evaluated. Target: under 2 ms
(2000 µs) per profile in CPython. Pyodide (in Node, ``tools/node/run_engine.mjs``) evaluates every
profile 5 times and reports its µs per profile, the ratio to CPython and the runtime's load time.

``--smoke`` checks that the benchmark runs, not how fast: one pass in CPython, each profile once in
Pyodide.

    .venv/bin/python benchmarks/engine.py [--rounds N] [--smoke]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_explorer import calculator  # noqa: E402
from policy_explorer.calculator.parity import DATES, rich_profile  # noqa: E402
from policy_explorer.compile import compile_policies  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over all profiles (CPython)")
    parser.add_argument("--smoke", action="store_true", help="one pass, each profile once in Pyodide")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    rounds, pyodide_passes = (1, 1) if args.smoke else (args.rounds, 5)

    t0 = time.perf_counter()
    data = compile_policies(ROOT / "policies")
    compile_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    calculator.load_model(data)
    model_ms = (time.perf_counter() - t0) * 1000

    cases = [
        {"profile": rich_profile(j["id"], data["facts"], i % 2 == 0), "on": on}
        for i, j in enumerate(data["jurisdictions"])
        for on in DATES
    ]
    clauses = sum(len(p["clauses"]) for p in data["policies"])
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for case in cases:
            calculator.estimate(case["profile"], on=case["on"], data=data)
        samples.append((time.perf_counter() - t0) / len(cases) * 1e6)
    cpython_us = statistics.median(samples)
    items = sum(len(calculator.estimate(c["profile"], on=c["on"], data=data)["items"]) for c in cases)

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump({"data": data, "cases": cases}, handle, ensure_ascii=False)
    runner = ROOT / "tools" / "node" / "run_engine.mjs"
    count = str(len(cases) * pyodide_passes)
    run = subprocess.run(["node", str(runner), handle.name, "--bench", count], capture_output=True, text=True)
    Path(handle.name).unlink()
    pyodide = json.loads(run.stdout) if run.returncode == 0 else None

    print("calculator benchmark")
    print(f"  policy data: {len(data['policies'])} documents, {clauses} clauses; {len(cases)} rich profiles")
    print(f"  items computed per pass: {items} ({items / len(cases):.1f} per profile)")
    print(f"  compile YAML → data: {compile_ms:.0f} ms; build model: {model_ms:.1f} ms (once per process)")
    print(
        f"  CPython {sys.version.split()[0]}: {cpython_us:.0f} µs per profile "
        f"(median of {rounds} passes; "
        f"min {min(samples):.0f}, max {max(samples):.0f})"
    )
    print(
        f"  target < 2000 µs per profile in CPython: {'met' if cpython_us < 2000 else 'NOT met'} "
        f"({cpython_us / 2000:.2f}× the target)"
    )
    if pyodide:
        ratio = pyodide["us_per_profile"] / cpython_us
        print(
            f"  Pyodide (Python {pyodide['python']}, Node): {pyodide['us_per_profile']:.0f} µs per profile "
            f"over {pyodide['profiles']} profiles; {ratio:.1f}× CPython; runtime load {pyodide['load_ms']} ms"
        )
    else:
        print(f"error: the Pyodide runner failed ({run.returncode}): {run.stderr.strip()[-300:]}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
