"""Benchmark: the calculator page in headless Chromium, beside a bare page that only starts Pyodide.

Reports figures and ratios; asserts nothing. In one browser session, against a site built for a
fixed date and served by nginx as a host would (:mod:`policy_explorer.audit.nginx`: the build's
brotli/gzip copies, ``Cache-Control``), through each **network profile** (Chromium's network
emulation, ``Network.emulateNetworkConditions``, set on every page before it navigates; it applies
to the page's workers too): ``loopback`` (no throttling), ``10mbit`` (10 Mbit/s down, 60 ms round
trip) and ``4g`` (4 Mbit/s down, 150 ms). For each:

- **first result**: from navigation to the first calculator answer shown (the page's
  ``pe-calc-result`` event), for the calculator page with a scenario in its address; beside the
  **bare page**: a module worker that only calls ``loadPyodide()`` from the same Pyodide files, with
  Pyodide's whole standard library (the site serves a trimmed one), and reports back (time from
  navigation to that message). Cold = a new browser context (empty cache, no service worker); warm =
  the same context's next visit. The cold visit stays open until the calculator has made its
  start-up snapshot when it started without one (a reader who stays a few seconds), so the warm
  visit restores it; the start each visit took ("local", "snapshot", "wheel") is reported. Target:
  first result ≤ 0.5× bare.
- **floor**: what no page can beat on that link: the cold visit's bytes on the wire at the profile's
  rate, plus :data:`FLOOR_ROUND_TRIPS` round trips (the page, its module, the worker, the runtime's
  first file: each asked only once the one before has arrived), plus the runtime's own start measured
  warm (the same visit with every file in the cache: Python's start and the first estimate, no
  network). The report gives the cold first result's ratio to it. Targets (issue 33): ≤ 1.05× the
  floor and ≤ 0.9× bare on 10mbit and 4g; ≤ 0.5× bare on loopback in every run (the worst run is
  reported beside the median); warm ≤ 0.4× bare everywhere.
- **example visible**: first contentful paint of the calculator page (the build-time example is in
  the HTML). Target: ≤ 0.5 s.
- **recalculation**: an amount field changed N times; time from the input event to the answer shown
  (end to end, in the page) and the Python time inside the worker, idle and again with one other
  core kept busy by a spinning process. Target: p95 < 50 ms in both.
- **bytes on the wire**: headers and encoded bodies of every response the calculator page's cold
  visit fetched, its workers' and its service worker's included, until it closes. Target: ≤ 6 MB.

    .venv/bin/python benchmarks/calculator_browser.py [--network NAME] [--runs 3] [--changes 60]
        [--site DIR] [--json PATH] [--smoke]

Without ``--network`` every profile runs in turn. The site is built for 2025-06-01 unless ``--site``
names one already built (the tests' ``PE_SITE``, say): it is copied (hard links; the files the
benchmark replaces or adds are new files), so the original is never touched, and keeps its own build
date (the scenario's address fixes the calculator's date either way). ``--smoke`` checks that the
benchmark runs, not how fast: loopback only, one run, 3 changes; every figure is still printed.

``--json`` writes, per profile, ``network``, ``cold_ratio``, ``cold_ratio_worst``, ``warm_ratio``,
``floor_ms`` (with ``floor_parts_ms``), ``floor_ratio``, ``bytes_wire``,
``recalc_p95_ms`` (the larger of idle and busy), ``fcp_ms`` and the detail; one object for one
profile, else ``{"profiles": [...]}``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import ARGS, CHROMIUM  # noqa: E402

from policy_explorer.audit.nginx import serve  # noqa: E402

DATE = "2025-06-01"
SCENARIO = "calculator/?j=shenzhen-longgang&s=1&f.compute_spend=5000000&f.corpus_spend=2000000&on=" + DATE

BARE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>bare loadPyodide</title></head><body><p id="out">loading</p><script type="module">
const worker = new Worker(new URL("./worker.mjs", import.meta.url), {type: "module"});
worker.onmessage = (e) => {
  window.__bare = performance.now();
  document.getElementById("out").textContent = e.data;
};
</script></body></html>"""
BARE_WORKER = """import { loadPyodide } from "../runtime/pyodide-%(version)s/pyodide.mjs";
await loadPyodide({
  indexURL: new URL("../runtime/pyodide-%(version)s/", import.meta.url).href,
  lockFileURL: new URL("../runtime/%(calculator)s/pyodide-lock.json", import.meta.url).href,
});
postMessage("ready");
"""

RESULT_HOOK = """
window.__first = null; window.__results = []; window.__snapshot = null;
document.addEventListener("pe-calc-snapshot", (e) => { window.__snapshot = e.detail; });
document.addEventListener("pe-calc-result", (e) => {
  const t = performance.now();
  if (window.__first === null) window.__first = t;
  window.__results.push({t, id: e.detail.id, ms: e.detail.ms});
});
"""


@dataclass(frozen=True)
class Network:
    """A throttling profile for Chromium's network emulation (``None`` throughput: unthrottled)."""

    name: str
    down_mbit: float | None
    rtt_ms: float

    def conditions(self) -> dict:
        if self.down_mbit is None:
            return {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
        per_second = self.down_mbit * 1_000_000 / 8
        return {
            "offline": False,
            "latency": self.rtt_ms,
            "downloadThroughput": per_second,
            "uploadThroughput": per_second,
        }


# Requests on the critical path before the runtime's bytes flow: the page, its module script, the
# worker module, the first runtime file; each waits for the one before (no HTTP/2 push, no preload).
FLOOR_ROUND_TRIPS = 4

NETWORKS = {
    n.name: n for n in (Network("loopback", None, 0), Network("10mbit", 10, 60), Network("4g", 4, 150))
}


def open_page(context, network: Network):
    """A new page of ``context`` whose requests (its workers' too) go through ``network``."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", network.conditions())
    return page


@contextlib.contextmanager
def busy_core() -> Iterator[None]:
    """One other process spinning on a core for the duration (stopped by its own id afterwards)."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system
        shutil.copy2(src, dst)


def build_site(dest: Path, built: Path | None = None) -> Path:
    """The site in ``dest`` (built, or ``built`` copied by hard links) with the bare page added."""
    if built is not None:
        if not (built / "index.html").is_file() or not (built / "runtime").is_dir():
            sys.exit(
                f"error: {built} is not a built site (no index.html or runtime/): build it, or omit --site"
            )
        shutil.copytree(built, dest, copy_function=_link_or_copy, symlinks=True)
    else:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "POLICY_EXPLORER_BUILD_DATE": DATE}
        run = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(dest)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            sys.exit(f"error: mkdocs build failed:\n{run.stderr[-2000:]}")
    version = next((dest / "runtime").glob("pyodide-*")).name.removeprefix("pyodide-")
    whole = ROOT / "tools" / "node" / "node_modules" / "pyodide" / "python_stdlib.zip"
    stdlib = dest / "runtime" / f"pyodide-{version}" / "python_stdlib.zip"
    stdlib.unlink(missing_ok=True)  # a new file: never write through a hard link into --site
    shutil.copyfile(whole, stdlib)  # the whole library, as Pyodide ships it
    bare = dest / "bench-bare"
    bare.mkdir()
    (bare / "index.html").write_text(BARE_HTML, encoding="utf-8")
    calculator = next((dest / "runtime").glob("calculator-*")).name
    worker = BARE_WORKER % {"version": version, "calculator": calculator}  # the site's lock: no packages
    (bare / "worker.mjs").write_text(worker, encoding="utf-8")
    return dest


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


MODE = "document.querySelector('#pe-calc-status[data-state=ready]')?.dataset.mode ?? null"


def visit(
    context,
    network: Network,
    url: str,
    wait_js: str,
    value_js: str,
    sizes: list[int] | None = None,
    modes: list[str] | None = None,
) -> float:
    finished: list = []

    def record(request) -> None:  # the context sees the workers' requests too; sizes are read later
        finished.append(request)

    context.on("requestfinished", record)
    page = open_page(context, network)
    page.add_init_script(RESULT_HOOK)
    page.goto(url)
    page.wait_for_function(wait_js, timeout=180_000)
    value = page.evaluate(value_js)
    if modes is not None:
        mode = page.wait_for_function(MODE, timeout=60_000).json_value()
        modes.append(mode)
        if mode == "wheel":  # the reader stays while this browser makes the snapshot for next time
            page.wait_for_function("window.__snapshot !== null", timeout=180_000)
            if not page.evaluate("window.__snapshot.kept"):
                modes[-1] += " (snapshot not made: " + str(page.evaluate("window.__snapshot.message")) + ")"
    page.wait_for_timeout(1000)  # the service worker's keep request, in the background
    context.remove_listener("requestfinished", record)
    if sizes is not None:
        for request in finished:
            size = request.sizes()
            if size["responseBodySize"] >= 0:  # negative: served by the service worker, not the wire
                sizes.append(size["responseBodySize"] + size["responseHeadersSize"])
    page.close()
    return value


def first_paint(context, network: Network, url: str) -> float:
    page = open_page(context, network)
    page.goto(url)
    page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0")
    value = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    page.close()
    return value


def recalculation(context, network: Network, url: str, changes: int) -> tuple[list[float], list[float]]:
    page = open_page(context, network)
    page.add_init_script(RESULT_HOOK)
    page.goto(url)
    page.wait_for_function("window.__first !== null", timeout=180_000)
    # Measured once the page is settled: after a start without a snapshot, this browser makes one
    # for the next visit (a few seconds of another core), which is not what typing costs.
    if page.wait_for_function(MODE, timeout=60_000).json_value() == "wheel":
        page.wait_for_function("window.__snapshot !== null", timeout=180_000)
    end_to_end, python = [], []
    for i in range(changes):
        before = page.evaluate("window.__results.length")
        value = str(100 + 37 * i)
        started = page.evaluate(
            """(v) => {
              const el = document.getElementById('pe-f-compute_spend');
              el.value = v;
              const t = performance.now();
              el.dispatchEvent(new Event('input', {bubbles: true}));
              return t;
            }""",
            value,
        )
        page.wait_for_function(f"window.__results.length > {before}", timeout=30_000)
        last = page.evaluate("window.__results[window.__results.length - 1]")
        end_to_end.append(last["t"] - started)
        python.append(last["ms"])
    page.close()
    return end_to_end, python


def measure(browser, base: str, network: Network, runs: int, changes: int) -> dict:
    """Every figure for one network profile (medians of ``runs``)."""
    # The probes below are expressions evaluated in the page, which the page's own
    # Content-Security-Policy refuses (no 'unsafe-eval'): bypassed for them, nothing else.
    fresh = functools.partial(browser.new_context, bypass_csp=True)
    figures: dict[str, list[float]] = {
        k: [] for k in ("calc_cold", "calc_warm", "bare_cold", "bare_warm", "fcp_cold", "fcp_warm")
    }
    sizes: list[int] = []
    modes: dict[str, list[str]] = {"cold": [], "warm": []}
    for i in range(runs):
        for name, url, wait, value in (
            ("calc", base + SCENARIO, "window.__first !== null", "window.__first"),
            ("bare", base + "bench-bare/", "window.__bare !== undefined", "window.__bare"),
        ):
            context = fresh()
            calc = name == "calc"
            cold_sizes = sizes if (calc and i == 0) else None
            cold_modes, warm_modes = (modes["cold"], modes["warm"]) if calc else (None, None)
            figures[f"{name}_cold"].append(visit(context, network, url, wait, value, cold_sizes, cold_modes))
            figures[f"{name}_warm"].append(visit(context, network, url, wait, value, None, warm_modes))
            if name == "calc":
                figures["fcp_warm"].append(first_paint(context, network, url))
            context.close()
        context = fresh()
        figures["fcp_cold"].append(first_paint(context, network, base + SCENARIO))
        context.close()
    recalc = {}
    for load in ("idle", "busy"):
        context = fresh()
        with busy_core() if load == "busy" else contextlib.nullcontext():
            recalc[load] = recalculation(context, network, base + SCENARIO, changes)
        context.close()
    med = {k: statistics.median(v) for k, v in figures.items()}
    out: dict = {"network": network.name, "runs": runs, "changes": changes}
    out.update({f"{k}_ms": round(v, 1) for k, v in med.items()})
    out["cold_ratio"] = round(med["calc_cold"] / med["bare_cold"], 3)
    out["warm_ratio"] = round(med["calc_warm"] / med["bare_warm"], 3)
    for load, (end_to_end, python) in recalc.items():
        out[f"recalc_{load}_ms"] = {
            "median": round(statistics.median(end_to_end), 1),
            "p95": round(pct(end_to_end, 0.95), 1),
        }
        out[f"recalc_{load}_python_ms"] = {
            "median": round(statistics.median(python), 1),
            "p95": round(pct(python, 0.95), 1),
        }
    out["recalc_p95_ms"] = max(out["recalc_idle_ms"]["p95"], out["recalc_busy_ms"]["p95"])
    out["fcp_ms"] = max(out["fcp_cold_ms"], out["fcp_warm_ms"])
    out["bytes_wire"] = sum(sizes)
    out["requests_cold"] = len(sizes)
    per_run = [c / b for c, b in zip(figures["calc_cold"], figures["bare_cold"], strict=True)]
    out["cold_ratio_worst"] = round(max(per_run), 3)
    transfer = 0.0 if network.down_mbit is None else out["bytes_wire"] * 8 / (network.down_mbit * 1e6) * 1000
    out["floor_parts_ms"] = {
        "transfer": round(transfer, 1),
        "round_trips": FLOOR_ROUND_TRIPS * network.rtt_ms,
        "warm_start": round(med["calc_warm"], 1),
    }
    out["floor_ms"] = round(sum(out["floor_parts_ms"].values()), 1)
    out["floor_ratio"] = round(med["calc_cold"] / out["floor_ms"], 3)
    out["start_cold"], out["start_warm"] = modes["cold"], modes["warm"]
    return out


def run(networks: list[Network], runs: int, changes: int, built: Path | None = None) -> Iterator[dict]:
    """Each profile's figures as soon as they are measured (one build, server and browser for all)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="calc-bench-") as tmp:
        site = build_site(Path(tmp) / "site", built)
        with serve(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                for network in networks:
                    yield measure(browser, base, network, runs, changes)
            finally:
                browser.close()


def report(r: dict) -> list[str]:
    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    network = NETWORKS[r["network"]]
    link = (
        "no throttling"
        if network.down_mbit is None
        else f"{network.down_mbit:g} Mbit/s, {network.rtt_ms:g} ms RTT"
    )
    lines = [f"network {r['network']} ({link}); median of {r['runs']} run(s)"]
    for kind in ("cold", "warm"):
        ratio = r[f"{kind}_ratio"]
        calc, bare = r[f"calc_{kind}_ms"], r[f"bare_{kind}_ms"]
        lines.append(
            f"  first result, {kind}: {calc:6.0f} ms; bare loadPyodide() {bare:6.0f} ms;"
            f" ratio {ratio:.2f}× (target ≤ 0.5×: {met(ratio <= 0.5)})"
        )
    lines.append(f"  first result, cold, worst run: ratio {r['cold_ratio_worst']:.2f}× bare")
    parts = r["floor_parts_ms"]
    slow_link = network.down_mbit is not None
    lines.append(
        f"  floor: {r['floor_ms']:.0f} ms = transfer {parts['transfer']:.0f} ms"
        f" + {FLOOR_ROUND_TRIPS} round trips {parts['round_trips']:.0f} ms"
        f" + warm start {parts['warm_start']:.0f} ms; cold first result"
        f" {r['floor_ratio']:.2f}× the floor"
        + (f" (target ≤ 1.05×: {met(r['floor_ratio'] <= 1.05)})" if slow_link else "")
    )
    lines.append(f"  start: cold {', '.join(r['start_cold'])}; warm {', '.join(r['start_warm'])}")
    lines.append(
        f"  example visible (first contentful paint): cold {r['fcp_cold_ms']:.0f} ms,"
        f" warm {r['fcp_warm_ms']:.0f} ms"
    )
    for load in ("idle", "busy"):
        recalc, python = r[f"recalc_{load}_ms"], r[f"recalc_{load}_python_ms"]
        lines.append(
            f"  recalculation ({'a core busy' if load == 'busy' else 'idle'}), {r['changes']} changes:"
            f" median {recalc['median']} ms, p95 {recalc['p95']} ms (target p95 < 50 ms:"
            f" {met(recalc['p95'] < 50)}); Python median {python['median']} ms, p95 {python['p95']} ms"
        )
    lines.append(
        f"  bytes on the wire, calculator page cold: {r['bytes_wire']:,} in {r['requests_cold']} responses"
        f" (target ≤ 6 MB: {met(r['bytes_wire'] <= 6_000_000)})"
    )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--network", choices=sorted(NETWORKS), help="one profile (default: every one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--changes", type=int, default=60)
    parser.add_argument("--site", type=Path, help="a site already built (copied, never changed)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--smoke", action="store_true", help="check it runs: loopback, 1 run, 3 changes")
    args = parser.parse_args()
    if args.smoke:
        args.network, args.runs, args.changes = "loopback", 1, 3
    if args.runs < 1 or args.changes < 1:
        parser.error("--runs and --changes must be at least 1")
    if not Path(CHROMIUM).exists() or not shutil.which("node"):
        print("error: Chromium and Node are needed: run ./dev setup", file=sys.stderr)
        return 2
    networks = [NETWORKS[args.network]] if args.network else list(NETWORKS.values())
    print("calculator in the browser (headless Chromium, Pyodide, served by nginx)", flush=True)
    results = []
    for result in run(networks, args.runs, args.changes, args.site):
        results.append(result)
        print("\n".join(report(result)), flush=True)
    if args.json:
        payload = results[0] if args.network else {"profiles": results}
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
