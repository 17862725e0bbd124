// Build-time: which files of Python's standard library the calculator's worker loads.
//
//   node tools/node/stdlib.mjs LOCK.json WHEEL_DIR NAMES.json
//
// Starts Pyodide with its whole standard library, installs the calculator from the lock (as the
// worker does when it has no snapshot), imports every calculator module and every standard-library
// module named in NAMES.json (what the calculator's sources import anywhere, found by the build from
// their syntax, so an import inside a function is not missed), answers requests as the page sends
// them (every jurisdiction compared, typed figures, bad input), and prints the members of python_stdlib.zip that were loaded, as one JSON list.
// policy_explorer/stdlib.py writes the trimmed library from it. Any failure exits 1 with one line.
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { loadPyodide } = await import(require.resolve("pyodide/pyodide.mjs"));

const [lockPath, wheelDir, namesPath] = process.argv.slice(2);
if (!namesPath) {
  console.error("usage: node stdlib.mjs LOCK.json WHEEL_DIR NAMES.json");
  process.exit(2);
}

try {
  const py = await loadPyodide({
    stdout: () => {},
    stderr: (line) => console.error(line),
    lockFileContents: fs.readFileSync(lockPath, "utf8"),
    packageBaseUrl: wheelDir.endsWith("/") ? wheelDir : `${wheelDir}/`,
  });
  await py.loadPackage("calculator", { messageCallback: () => {}, checkIntegrity: true });
  py.globals.set("NAMES", fs.readFileSync(namesPath, "utf8"));
  const members = py.runPython(`
import importlib, json, sys
from policy_explorer import calculator
from policy_explorer.calculator import browser
browser.warm_up()  # every module of the package, and a comparison, as the build's snapshot has them
for name in json.loads(NAMES):
    importlib.import_module(name)
# Answers as the page asks: every jurisdiction (compare), typed figures, a bad figure, a bad request.
place = sorted(calculator.load_model().jurisdictions)[0]
facts = {"compute_spend": "5000000"}
for request in (
    {"profile": {"jurisdiction": place, "facts": facts}, "compare": True},
    {"profile": {"jurisdiction": place, "facts": {}}, "typed": {"compute_spend": "２千万"}, "unit": "wan"},
    {"profile": {"jurisdiction": place, "facts": {}}, "typed": {"compute_spend": "lots"}, "unit": "cny"},
    {"profile": "not a profile"},
):
    browser.handle(json.dumps(request))
browser.handle("{not json")
prefix = "/lib/python%d%d.zip/" % sys.version_info[:2]
json.dumps(sorted({m.__file__[len(prefix):] for m in list(sys.modules.values())
                   if (getattr(m, "__file__", None) or "").startswith(prefix)}))
`);
  await new Promise((done) => process.stdout.write(`${members}\n`, done));
  process.exit(0);
} catch (err) {
  const text = err && err.message ? err.message.trim().split("\n").slice(-1)[0] : String(err);
  console.error(`listing the standard library the calculator loads failed: ${text}`);
  process.exit(1);
}
