// Build-time: a Pyodide memory snapshot with the calculator imported, its data loaded and one
// estimate run, so the browser restores a ready interpreter instead of starting Python afresh.
//
//   node tools/node/snapshot.mjs LOCK.json WHEEL_DIR BASE.snap OUT.snap.gz
//
// LOCK.json is the lock file the site serves (it lists the calculator wheel, in WHEEL_DIR). BASE.snap
// caches a snapshot of a freshly started interpreter (made once per Pyodide version; it is reused
// when present). OUT.snap.gz is gzip-compressed; the worker inflates it with DecompressionStream.
// Prints one JSON line with timings. Any failure exits 1 with one line on stderr.
import fs from "node:fs";
import zlib from "node:zlib";
import { createRequire } from "node:module";

const [lockPath, wheelDir, basePath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node snapshot.mjs LOCK.json WHEEL_DIR BASE.snap OUT.snap.gz");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const { loadPyodide } = await import(require.resolve("pyodide/pyodide.mjs"));
const quiet = { stdout: () => {}, stderr: (line) => console.error(line) };

try {
  const started = performance.now();
  if (!fs.existsSync(basePath)) {
    const fresh = await loadPyodide({ ...quiet, _makeSnapshot: true });
    const tmp = `${basePath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, fresh.makeMemorySnapshot());
    fs.renameSync(tmp, basePath);
  }
  const baseMs = performance.now() - started;
  const py = await loadPyodide({
    ...quiet,
    _loadSnapshot: fs.readFileSync(basePath),
    _makeSnapshot: true,
    lockFileContents: fs.readFileSync(lockPath, "utf8"),
    packageBaseUrl: wheelDir.endsWith("/") ? wheelDir : `${wheelDir}/`,
  });
  await py.loadPackage("calculator", { messageCallback: () => {}, checkIntegrity: true });
  // Import every module and fill every cache the first request would, then drop garbage.
  py.runPython(`
import gc, importlib, json, pkgutil
import calculator
for m in pkgutil.iter_modules(calculator.__path__):
    if m.name == "__main__":
        continue
    importlib.import_module("calculator." + m.name)
from calculator import browser
answer = json.loads(browser.handle(json.dumps({"profile": {"jurisdiction": "shenzhen", "facts": {}}, "compare": True})))
assert answer["ok"], answer
del answer
gc.collect()
gc.freeze()  # the model and data live for the whole visit: keep them out of every later collection
`);
  const snapshot = py.makeMemorySnapshot();
  const gz = zlib.gzipSync(snapshot, { level: 6 });
  const tmp = `${outPath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, gz);
  fs.renameSync(tmp, outPath);
  console.log(
    JSON.stringify({
      base_ms: Math.round(baseMs),
      total_ms: Math.round(performance.now() - started),
      bytes: snapshot.length,
      gzip_bytes: gz.length,
    }),
  );
} catch (err) {
  console.error(`snapshot failed: ${err && err.message ? err.message.split("\n").slice(-3).join(" ") : err}`);
  process.exit(1);
}
