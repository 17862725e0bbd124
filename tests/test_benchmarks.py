"""Every benchmark still runs: each one's ``--smoke`` mode (smallest scale, one run) in a subprocess.

A benchmark nobody runs rots (``site_build.py`` crashed on the ``!ENV`` tag of ``mkdocs.yml`` and
knew nothing of the third edition's config): here each must exit 0 within its timeout and print a
figure line for every item it measures, parsed below, so one that crashes, hangs or prints nothing
fails. The figures' values are not judged (the machine may be busy); only that they are there and
hang together.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import POLICIES, ROOT

pytestmark = pytest.mark.slow

BENCHMARKS = ROOT / "benchmarks"
EDITIONS = ("zh", "en", "zh-Hant")  # mkdocs.yml builds the root edition and lists the other two
NUMBER = r"(\d[\d,]*(?:\.\d+)?)"


def run_smoke(name: str, *args: str, timeout: float) -> str:
    """``benchmarks/<name> --smoke``'s standard output; fails the test on a crash or a timeout."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        run = subprocess.run(
            [sys.executable, str(BENCHMARKS / name), "--smoke", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{name} --smoke took over {timeout:.0f} s:\n{(exc.stdout or '')[-2000:]}")
    assert run.returncode == 0, f"{name} --smoke exited {run.returncode}:\n{run.stdout}\n{run.stderr[-3000:]}"
    return run.stdout


def figures(pattern: str, out: str) -> list[float]:
    """The numbers of the one line matching ``pattern`` (its groups), or a failure naming it."""
    found = re.findall(pattern, out, flags=re.MULTILINE)
    assert len(found) == 1, f"expected one line matching {pattern!r}, found {len(found)} in:\n{out}"
    groups = found[0] if isinstance(found[0], tuple) else (found[0],)
    return [float(g.replace(",", "")) for g in groups]


def documents() -> int:
    return sum(1 for _ in (POLICIES / "documents").glob("*.yaml"))


def test_engine_smoke() -> None:
    out = run_smoke("engine.py", timeout=300)
    (docs,) = figures(rf"policy data: {NUMBER} documents", out)
    assert docs == documents()
    (cpython,) = figures(rf"CPython [\d.]+: {NUMBER} µs per profile \(median of 1 passes", out)
    pyodide, ratio, load = figures(
        rf"Pyodide \(Python [\d.]+, Node\): {NUMBER} µs per profile over \d+ profiles; {NUMBER}× CPython; "
        rf"runtime load {NUMBER} ms",
        out,
    )
    assert cpython > 0 and pyodide > 0 and load > 0
    assert ratio == pytest.approx(pyodide / cpython, abs=0.06)


def test_site_build_smoke() -> None:
    out = run_smoke("site_build.py", timeout=900)
    (copies,) = figures(rf"smoke: a 2× synthetic corpus validates \({NUMBER} documents\)", out)
    assert copies == 2 * documents()
    header = next(line for line in out.splitlines() if line.lstrip().startswith("scale"))
    assert "pages zh/en/zh-Hant" in header and "(zh + en + zh-Hant s)" in header, header
    row = figures(
        rf"^ +1× +{NUMBER} +{NUMBER} +{NUMBER}/{NUMBER}/{NUMBER} │ +{NUMBER} +{NUMBER} │ +{NUMBER} +{NUMBER} "
        rf"+{NUMBER} \+ {NUMBER} \+ {NUMBER} │ +{NUMBER} +{NUMBER} │ +{NUMBER}× +(?:met|NOT met)$",
        out,
    )
    docs, clauses, *pages = row[:5]
    full_s, full_mib, plain_s, plain_mib, *by_edition = row[5:12]
    render_s, render_mib, ratio = row[12:]
    assert docs == documents() and clauses > docs
    # Every edition has pages; the Traditional edition is the Simplified one converted, page for page.
    assert min(pages) > docs and pages[0] == pages[2]
    # The sum of the three plain builds, each printed to 0.01 s (four roundings of at most 0.005 s).
    assert plain_s == pytest.approx(sum(by_edition), abs=0.021)
    assert all(s > 0 for s in (full_s, render_s, *by_edition)) and min(full_mib, plain_mib, render_mib) > 0
    assert ratio == pytest.approx(full_s / plain_s, abs=0.011)
    (per_doc,) = figures(rf"^ +1×: full +{NUMBER} ms/document", out)
    assert per_doc == pytest.approx(full_s / docs * 1000, rel=0.01)


def test_calculator_browser_smoke(built_site: Path) -> None:
    out = run_smoke("calculator_browser.py", "--site", str(built_site), timeout=600)
    assert re.search(r"^network loopback \(no throttling\); median of 1 run\(s\)$", out, re.MULTILINE), (
        f"no profile line in:\n{out}"
    )
    for kind in ("cold", "warm"):
        calc, bare, ratio = figures(
            rf"first result, {kind}: +{NUMBER} ms; bare loadPyodide\(\) +{NUMBER} ms; ratio {NUMBER}×", out
        )
        assert calc > 0 and bare > 0 and ratio == pytest.approx(calc / bare, abs=0.006)
        if kind == "cold":
            calc_cold, ratio_cold = calc, ratio
    (worst,) = figures(rf"first result, cold, worst run: ratio {NUMBER}× bare", out)
    assert worst == pytest.approx(ratio_cold, abs=0.006)  # one run: the worst is the only one
    # On loopback the floor is the warm start alone (no transfer time, no round trip).
    floor, transfer, trips, warm_start, floor_ratio = figures(
        rf"floor: {NUMBER} ms = transfer {NUMBER} ms \+ 4 round trips {NUMBER} ms \+ warm start {NUMBER} ms;"
        rf" cold first result {NUMBER}× the floor",
        out,
    )
    assert (transfer, trips) == (0, 0) and floor == pytest.approx(warm_start, abs=1)
    assert floor_ratio == pytest.approx(calc_cold / floor, rel=0.02)
    assert re.search(r"^  start: cold \w+.*; warm \w+", out, re.MULTILINE), out
    cold, warm = figures(
        rf"example visible \(first contentful paint\): cold {NUMBER} ms, warm {NUMBER} ms", out
    )
    assert cold > 0 and warm > 0
    for load in ("idle", "a core busy"):
        median, p95, py_median, py_p95 = figures(
            rf"recalculation \({load}\), 3 changes: median {NUMBER} ms, p95 {NUMBER} ms .*"
            rf"Python median {NUMBER} ms, p95 {NUMBER} ms",
            out,
        )
        assert 0 < median <= p95 and 0 <= py_median <= py_p95
    wire, responses = figures(
        rf"bytes on the wire, calculator page cold: {NUMBER} in {NUMBER} responses", out
    )
    assert wire > 1_000_000 and responses > 1  # at least Pyodide's runtime came over the wire


def test_serve_loop_smoke() -> None:
    out = run_smoke("serve_loop.py", timeout=900)
    first_doc = sorted((POLICIES / "documents").glob("*.yaml"))[0].stem
    assert re.search(rf"^serve loop \(mkdocs serve, \d+ CPUs; page policies/{first_doc}/\)$", out, re.M), out
    (first,) = figures(rf"^  first build: {NUMBER} s$", out)
    median, each = figures(
        rf"^  change visible after saving the policy file: median {NUMBER} s over 1 edit\(s\) "
        rf"\(each: {NUMBER} s\); goal < 5 s: (?:met|NOT met)$",
        out,
    )
    assert first > 0 and 0 < median == each
