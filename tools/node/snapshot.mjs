// Build-time: a Pyodide memory snapshot with the calculator imported, its data loaded and one
// estimate run, so the browser restores a ready interpreter instead of starting Python afresh.
//
//   node tools/node/snapshot.mjs LOCK.json WHEEL_DIR BASE.snap OUT.snap.gz [STDLIB.zip]
//   node tools/node/snapshot.mjs --check SNAP.gz LOCK.json WHEEL_DIR [STDLIB.zip]
//
// LOCK.json is the lock file the site serves (it lists the calculator wheel, in WHEEL_DIR). BASE.snap
// caches a snapshot of a freshly started interpreter (made once per Pyodide version; it is reused
// when present; its name must change with STDLIB). STDLIB.zip is the standard library the site
// serves (policy_explorer/stdlib.py trims it; default: Pyodide's whole one): the snapshot holds
// zipimport's index of that very archive, so the browser must mount the same one. OUT.snap.gz is
// gzip-compressed; the worker inflates it with DecompressionStream.
// Prints one JSON line with timings. Any failure exits 1 with one line on stderr.
//
// Before it is written, the snapshot is restored in a fresh interpreter, as the browser's worker
// does, and must give the same answer: a snapshot that does not fit the heap Pyodide gives it
// throws on restore (Pyodide issue 6254), and the site must not ship a fast path that breaks.
// `--check` runs only that check on an existing snapshot.
import fs from "node:fs";
import zlib from "node:zlib";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { loadPyodide } = await import(require.resolve("pyodide/pyodide.mjs"));
const quiet = { stdout: () => {}, stderr: (line) => console.error(line) };
// The question both interpreters answer: every jurisdiction compared, from the data's first place.
const REQUEST = `import json
from policy_explorer import calculator
json.dumps({"profile": {"jurisdiction": sorted(calculator.load_model().jurisdictions)[0], "facts": {}}, "compare": True})`;

/** The calculator's answer to REQUEST in the interpreter `py`. */
function ask(py) {
  return py.pyimport("policy_explorer.calculator.browser").handle(py.runPython(REQUEST));
}

/** The loader's option for the standard library at `path` (none: Pyodide's own). */
function library(path) {
  return path ? { stdLibURL: path } : {};
}

function message(err) {
  return err && err.message ? err.message.split("\n").slice(-3).join(" ") : String(err);
}

/**
 * Pyodide's module factory, wrapped so the heap is at least `bytes` before a snapshot is restored
 * into it. Pyodide asks for a heap of the snapshot's size (INITIAL_MEMORY), but its wasm makes
 * its own memory at the default size, so a larger snapshot throws on restore (Pyodide issue 6254).
 * The worker (policy_explorer/defaults/assets/calculator/worker.mjs) does the same.
 */
async function growingFactory(bytes) {
  const { default: create } = await import(require.resolve("pyodide/pyodide.asm.mjs"));
  return async (settings) => {
    const module = await create(settings);
    module.growMemory(bytes);
    return module;
  };
}

/** Restore `snapshot` as the worker does and return the calculator's answer to REQUEST. */
async function restoreAndAsk(snapshot, lockText, packageDir, stdlib) {
  let py;
  try {
    py = await loadPyodide({
      ...quiet,
      ...library(stdlib),
      createPyodideModule: await growingFactory(snapshot.length),
      _loadSnapshot: snapshot,
      lockFileContents: lockText,
      packageBaseUrl: packageDir.endsWith("/") ? packageDir : `${packageDir}/`,
    });
  } catch (err) {
    throw new Error(`the snapshot (${snapshot.length} bytes) does not restore: ${message(err)}`, { cause: err });
  }
  return ask(py);
}

if (process.argv[2] === "--check") {
  const [snapPath, lockPath, wheelDir, stdlib] = process.argv.slice(3);
  try {
    const snapshot = zlib.gunzipSync(fs.readFileSync(snapPath));
    const answer = await restoreAndAsk(snapshot, fs.readFileSync(lockPath, "utf8"), wheelDir, stdlib);
    if (!JSON.parse(answer).ok) throw new Error(`the restored calculator failed: ${answer.slice(0, 200)}`);
    await new Promise((done) => process.stdout.write(`${answer}\n`, done)); // a pipe is written later
    process.exit(0);
  } catch (err) {
    console.error(`snapshot check failed: ${message(err)}`);
    process.exit(1);
  }
}

const [lockPath, wheelDir, basePath, outPath, stdlib] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node snapshot.mjs LOCK.json WHEEL_DIR BASE.snap OUT.snap.gz");
  process.exit(2);
}

try {
  const started = performance.now();
  if (!fs.existsSync(basePath)) {
    const fresh = await loadPyodide({ ...quiet, ...library(stdlib), _makeSnapshot: true });
    const tmp = `${basePath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, fresh.makeMemorySnapshot());
    fs.renameSync(tmp, basePath);
  }
  const baseMs = performance.now() - started;
  const py = await loadPyodide({
    ...quiet,
    ...library(stdlib),
    _loadSnapshot: fs.readFileSync(basePath),
    _makeSnapshot: true,
    lockFileContents: fs.readFileSync(lockPath, "utf8"),
    packageBaseUrl: wheelDir.endsWith("/") ? wheelDir : `${wheelDir}/`,
  });
  await py.loadPackage("calculator", { messageCallback: () => {}, checkIntegrity: true });
  const expected = ask(py);
  // Every module imported and every cache filled as the first request would, garbage set aside.
  py.pyimport("policy_explorer.calculator.browser").warm_up();
  const snapshot = py.makeMemorySnapshot();
  const gz = zlib.gzipSync(snapshot, { level: 9 });
  const restored = await restoreAndAsk(zlib.gunzipSync(gz), fs.readFileSync(lockPath, "utf8"), wheelDir, stdlib);
  if (restored !== expected) {
    throw new Error("the restored snapshot answers differently from the interpreter it was made from");
  }
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
  console.error(`snapshot failed: ${message(err)}`);
  process.exit(1);
}
