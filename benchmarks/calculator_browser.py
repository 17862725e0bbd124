"""Benchmark: the calculator page in headless Chromium, beside a bare page that only starts Pyodide.

Reports figures and ratios; asserts nothing. In one browser session, against a site built for a
fixed date and served locally with ``Cache-Control: max-age=600`` (what GitHub Pages sends):

- **first result**: from navigation to the first calculator answer shown (the page's
  ``pe-calc-result`` event), for the calculator page with a scenario in its address; beside the
  **bare page**: a module worker that only calls ``loadPyodide()`` from the same runtime files and
  reports back (time from navigation to that message). Cold = a new browser context (empty cache,
  no service worker); warm = the same context's next visit. Target: first result ≤ 0.5× bare.
- **example visible**: first contentful paint of the calculator page (the build-time example is in
  the HTML). Target: ≤ 0.5 s.
- **recalculation**: an amount field changed N times; time from the input event to the answer shown
  (end to end, in the page) and the Python time inside the worker. Target: p95 < 50 ms.
- **bytes**: encoded bytes of every response the calculator page's cold visit fetched.

    .venv/bin/python benchmarks/calculator_browser.py [--runs 5] [--changes 60] [--json PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import ARGS, CHROMIUM  # noqa: E402

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
window.__first = null; window.__results = [];
document.addEventListener("pe-calc-result", (e) => {
  const t = performance.now();
  if (window.__first === null) window.__first = t;
  window.__results.push({t, id: e.detail.id, ms: e.detail.ms});
});
"""


class _CachingHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
    }

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a page closed while a file was still being sent: expected between visits


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_CachingHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build_site(dest: Path) -> Path:
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


def visit(context, url: str, wait_js: str, value_js: str, sizes: list[int] | None = None) -> float:
    finished: list = []

    def record(request) -> None:  # the context sees the worker's requests too; sizes are read later
        finished.append(request)

    context.on("requestfinished", record)
    page = context.new_page()
    page.add_init_script(RESULT_HOOK)
    page.goto(url)
    page.wait_for_function(wait_js, timeout=120_000)
    value = page.evaluate(value_js)
    context.remove_listener("requestfinished", record)
    if sizes is not None:
        sizes.extend(r.sizes()["responseBodySize"] for r in finished)
    page.close()
    return value


def first_paint(context, url: str) -> float:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0")
    value = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    page.close()
    return value


def recalculation(context, url: str, changes: int) -> tuple[list[float], list[float]]:
    page = context.new_page()
    page.add_init_script(RESULT_HOOK)
    page.goto(url)
    page.wait_for_function("window.__first !== null", timeout=120_000)
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


def run(runs: int, changes: int) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {"runs": runs, "changes": changes}
    with tempfile.TemporaryDirectory(prefix="calc-bench-") as tmp:
        site = build_site(Path(tmp) / "site")
        with serve(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            # The probes below are expressions evaluated in the page, which the page's own
            # Content-Security-Policy refuses (no 'unsafe-eval'): bypassed for them, nothing else.
            fresh = functools.partial(browser.new_context, bypass_csp=True)
            figures: dict[str, list[float]] = {
                k: [] for k in ("calc_cold", "calc_warm", "bare_cold", "bare_warm", "fcp_cold", "fcp_warm")
            }
            sizes: list[int] = []
            for i in range(runs):
                for name, url, wait, value in (
                    ("calc", base + SCENARIO, "window.__first !== null", "window.__first"),
                    ("bare", base + "bench-bare/", "window.__bare !== undefined", "window.__bare"),
                ):
                    context = fresh()
                    figures[f"{name}_cold"].append(
                        visit(context, url, wait, value, sizes if (name == "calc" and i == 0) else None)
                    )
                    figures[f"{name}_warm"].append(visit(context, url, wait, value))
                    if name == "calc":
                        figures["fcp_warm"].append(first_paint(context, url))
                    context.close()
                context = fresh()
                figures["fcp_cold"].append(first_paint(context, base + SCENARIO))
                context.close()
            context = fresh()
            end_to_end, python = recalculation(context, base + SCENARIO, changes)
            context.close()
            browser.close()
    med = {k: statistics.median(v) for k, v in figures.items()}
    out.update({f"{k}_ms": round(v, 1) for k, v in med.items()})
    out["ratio_cold"] = round(med["calc_cold"] / med["bare_cold"], 3)
    out["ratio_warm"] = round(med["calc_warm"] / med["bare_warm"], 3)
    out["recalc_ms"] = {
        "median": round(statistics.median(end_to_end), 1),
        "p95": round(pct(end_to_end, 0.95), 1),
    }
    out["recalc_python_ms"] = {
        "median": round(statistics.median(python), 1),
        "p95": round(pct(python, 0.95), 1),
    }
    out["bytes_cold"] = sum(s for s in sizes if s > 0)  # a negative size: served again by the service worker
    out["requests_cold"] = sum(1 for s in sizes if s > 0)
    return out


def report(r: dict) -> list[str]:
    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    recalc, python = r["recalc_ms"], r["recalc_python_ms"]
    example = max(r["fcp_cold_ms"], r["fcp_warm_ms"])
    lines = [f"calculator in the browser (headless Chromium, Pyodide); median of {r['runs']} run(s)", ""]
    for kind in ("cold", "warm"):
        ratio = r[f"ratio_{kind}"]
        calc, bare = r[f"calc_{kind}_ms"], r[f"bare_{kind}_ms"]
        lines.append(
            f"first result, {kind}: {calc:6.0f} ms; bare loadPyodide() {bare:6.0f} ms;"
            f" ratio {ratio:.2f}× (target ≤ 0.5×: {met(ratio <= 0.5)})"
        )
    lines += [
        f"example visible (first contentful paint): cold {r['fcp_cold_ms']:.0f} ms,"
        f" warm {r['fcp_warm_ms']:.0f} ms (target ≤ 500 ms: {met(example <= 500)})",
        f"recalculation, {r['changes']} changes: input to answer shown median {recalc['median']} ms,"
        f" p95 {recalc['p95']} ms (target p95 < 50 ms: {met(recalc['p95'] < 50)})",
        f"  of which Python in the worker: median {python['median']} ms, p95 {python['p95']} ms",
        f"bytes transferred by the calculator page, cold: {r['bytes_cold'] / 1e6:.2f} MB"
        f" in {r['requests_cold']} responses",
    ]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--changes", type=int, default=60)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists() or not shutil.which("node"):
        print("error: Chromium and Node are needed: run ./dev setup", file=sys.stderr)
        return 2
    result = run(args.runs, args.changes)
    print("\n".join(report(result)))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
