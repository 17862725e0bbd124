// Run the calculator package inside Pyodide (Node) on a batch of profiles.
//
//   node tools/node/run_engine.mjs INPUT.json            → results as JSON on stdout
//   node tools/node/run_engine.mjs INPUT.json --bench N  → timing figures as JSON on stdout
//
// INPUT.json: {"data": <compiled policy data>, "cases": [{"profile": {...}, "on": "YYYY-MM-DD"}]}.
// The Python source is copied unchanged from ../../policy_explorer/calculator: nothing is re-implemented
// here. Its parent package gets an empty __init__.py, as in the browser wheel (the generator stays out).
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, "..", "..", "policy_explorer", "calculator");
const [inputPath, flag, count] = process.argv.slice(2);

const started = performance.now();
const pyodide = await loadPyodide({ indexURL: join(here, "node_modules", "pyodide") });
const loaded = performance.now();

pyodide.FS.mkdirTree("/home/pyodide/policy_explorer/calculator");
pyodide.FS.writeFile("/home/pyodide/policy_explorer/__init__.py", "");
for (const name of readdirSync(pkgDir)) {
  if (name.endsWith(".py")) {
    pyodide.FS.writeFile(`/home/pyodide/policy_explorer/calculator/${name}`, readFileSync(join(pkgDir, name), "utf8"));
  }
}
pyodide.globals.set("INPUT", readFileSync(inputPath, "utf8"));
pyodide.globals.set("BENCH", flag === "--bench" ? Number(count || 200) : 0);

const out = await pyodide.runPythonAsync(`
import json, sys, time
sys.path.insert(0, "/home/pyodide")
from decimal import Decimal
from policy_explorer import calculator
spec = json.loads(INPUT, parse_float=Decimal)
data, cases = spec["data"], spec["cases"]
if BENCH:
    calculator.load_model(data)
    t0 = time.perf_counter()
    for i in range(BENCH):
        case = cases[i % len(cases)]
        calculator.estimate(case["profile"], on=case["on"], data=data)
    per = (time.perf_counter() - t0) / BENCH * 1e6
    result = {"python": sys.version.split()[0], "profiles": BENCH, "us_per_profile": round(per, 1)}
else:
    from policy_explorer.calculator.parity import run_cases
    result = run_cases(data, cases)
json.dumps(result, ensure_ascii=False, sort_keys=True)
`);
if (flag === "--bench") {
  const figures = JSON.parse(out);
  figures.load_ms = Math.round(loaded - started);
  process.stdout.write(JSON.stringify(figures) + "\n");
} else {
  process.stdout.write(out + "\n");
}
