// Makes, in this browser, the start-up snapshot the next visit restores, from files already here.
//
// The build ships a snapshot (runtime/calculator-<hash>/snapshot.bin.gz, 7 MB), which the worker
// downloads only on a fast link: on a slow one it costs more time than it saves, so Python starts
// afresh. Such a first visit then costs its reader no further byte: once the calculator has
// answered, the page starts this module worker, which starts a second interpreter from the files
// the visit downloaded (the browser's cache has them, each checked against its SHA-256 again),
// installs the calculator from its wheel, warms it up as the build does
// (policy_explorer.calculator.browser.warm_up) and keeps its memory snapshot, gzipped, in Cache Storage under the
// runtime's version, with its SHA-256 recorded apart in IndexedDB (the worker restores it only when
// the two agree). The next visit restores it. Pyodide's core modules are imported from the bytes
// checked against the build's SHA-256, as in worker.mjs. Nothing here is needed: any failure leaves
// the next visit starting Python afresh.
//
// Message in: MakeMessage (the worker's configuration); out: KeptMessage or FailedMessage
// (protocol.mjs).

import { errorText } from "./protocol.mjs";
import {
  checkEveryFetch,
  importVerified,
  keepSnapshotDigest,
  loaderOptions,
  localSnapshotURL,
  sha256,
  snapshotCache,
} from "./runtime-files.mjs";

/** @import { FromMaker, MakeMessage, RuntimeConfig } from "./protocol.mjs" */

/**
 * The snapshot made and kept: its size gzipped and the time it took.
 * @param {RuntimeConfig} config
 */
async function make(config) {
  const t0 = performance.now();
  if (config.localSnapshotOff) throw new Error("the reader has turned off the snapshot made in this browser");
  const { plain } = checkEveryFetch(config.integrity); // from the browser's cache, checked all the same
  const options = loaderOptions(config);
  const core = (/** @type {string} */ name) => {
    const url = new URL(name, options.indexURL).href;
    return importVerified(url, config.integrity[url], plain);
  };
  const [{ loadPyodide }, { default: createModule }] = await Promise.all([
    core("pyodide.mjs"),
    core("pyodide.asm.mjs"),
  ]);
  const pyodide = await loadPyodide({ ...options, createPyodideModule: createModule, _makeSnapshot: true });
  // The wheel is unpacked by Python itself: Pyodide's loadPackage leaves a reference to a JavaScript
  // object behind, and a snapshot cannot hold one ("Unexpected hiwire entry").
  const wheel = Object.keys(config.integrity).find((url) => url.endsWith(".whl"));
  if (!wheel) throw new Error("the configuration lists no wheel");
  const response = await fetch(wheel);
  if (!response.ok) throw new Error(`${wheel}: HTTP ${response.status}`);
  pyodide.FS.writeFile("/tmp/calculator.whl", new Uint8Array(await response.arrayBuffer()));
  pyodide.runPython(`
import os, site, zipfile
with zipfile.ZipFile("/tmp/calculator.whl") as wheel:
    wheel.extractall(site.getsitepackages()[0])
os.remove("/tmp/calculator.whl")
`);
  pyodide.pyimport("policy_explorer.calculator.browser").warm_up();
  const snapshot = pyodide.makeMemorySnapshot();
  const gzipped = new Response(new Blob([snapshot]).stream().pipeThrough(new CompressionStream("gzip")));
  const body = await gzipped.arrayBuffer();
  await keepSnapshotDigest(config.packages, await sha256(body)); // before the cache: never one without
  const cache = await caches.open(snapshotCache(config.packages));
  const headers = { "Content-Type": "application/gzip", "X-Snapshot-Bytes": String(snapshot.length) };
  await cache.put(localSnapshotURL(config.packages), new Response(body, { headers }));
  return { bytes: body.byteLength, ms: Math.round(performance.now() - t0) };
}

/**
 * A message to the page (checked against the protocol).
 * @param {FromMaker} message
 */
function tell(message) {
  self.postMessage(message);
}

self.onmessage = (/** @type {MessageEvent<MakeMessage>} */ event) => {
  const message = event.data || {};
  if (message.type !== "make") return;
  make(message.config).then(
    (done) => tell({ type: "kept", ...done }),
    (error) => tell({ type: "failed", message: errorText(error) }),
  );
};
