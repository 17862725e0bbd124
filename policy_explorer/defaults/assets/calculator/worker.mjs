// The calculator's module Web Worker: runs the `calculator` Python package in Pyodide, served from
// this site. It holds no rule: every request goes to calculator.browser.handle (JSON in, JSON out).
//
// Messages in:  {type: "init", config}  then  {type: "estimate", id, request}
// Messages out: {type: "ready", ms, mode, marks}  {type: "answer", id, answer, ms}  {type: "failed", message}
//               {type: "progress", file, state, bytes}
//               {type: "compare", id, compare}  (the same facts in every jurisdiction, sent after the
//               answer unless a newer request is already waiting: the answer never waits for it)
//
// Start-up, fastest first (`mode` in "ready" says which):
// - "local": a memory snapshot this browser made after an earlier visit (snapshot-maker.mjs), kept
//   in Cache Storage: restoring it skips Python's own start, at no cost on the wire;
// - "snapshot": the build's snapshot (runtime/calculator-<hash>/snapshot.bin.gz, 7 MB gzipped), when
//   this browser holds it already or the link is fast enough that downloading it costs less time
//   than it saves (measured on the first runtime file: on 10 Mbit/s it would cost 6 s to save 2),
//   and the reader has not asked the browser to save data (Data Saver);
// - "wheel": Python starts afresh and installs the wheel listed (with its sha256) in the inlined
//   lock file; the page then has the snapshot made here for the next visit.
// Every fetch carries its SHA-256 integrity value; any failure of a snapshot falls back to "wheel".

import { checkEveryFetch, loaderOptions, localSnapshotURL, runtimeCache, snapshotCache } from "./runtime-files.mjs";

// Restoring a snapshot saves about 2 s over starting Python afresh and installing the wheel (the
// benchmark's loopback figures; more on a phone). The build's snapshot is downloaded when the link,
// as measured on pyodide.asm.mjs, would bring it in less than twice that: a 200 KB file understates
// a fast link (a round trip and TCP's slow start weigh on it), and 10 Mbit/s measures about 0.9
// bytes per µs there, 8 s for the snapshot, far above.
const SNAPSHOT_WORTH_MS = 4000;
const COMPARE_AFTER_MS = 250;
let handle = null;
let latest = 0; // the newest estimate request seen
let starting = null;

function fetchChecked(url, integrity) {
  return fetch(url, integrity ? { integrity } : {}).then((response) => {
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response;
  });
}

async function inflate(response) {
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const CORE_MODULES = ["pyodide.mjs", "pyodide.asm.mjs"];

/** The snapshot this browser made for this runtime, or null. */
async function localSnapshot(config) {
  try {
    const cache = await caches.open(snapshotCache(config.packages));
    const hit = await cache.match(localSnapshotURL(config.packages));
    return hit ? await inflate(hit) : null;
  } catch (error) {
    return null;
  }
}

/** The build's snapshot as this browser holds it already (the service worker's copy, or the HTTP
 * cache's), or null: nothing is downloaded. */
async function heldSnapshot(url, integrity, plainFetch) {
  try {
    const kept = await caches.match(url, { ignoreSearch: true });
    if (kept) return kept;
  } catch (error) {
    // no Cache Storage here
  }
  try {
    const cached = await plainFetch(url, { cache: "only-if-cached", mode: "same-origin", integrity });
    return cached.ok ? cached : null;
  } catch (error) {
    return null;
  }
}

/** Put a checked runtime file in the service worker's cache (see runtime-files.mjs); best effort. */
async function keepForServiceWorker(packages, url, response) {
  try {
    await (await caches.open(runtimeCache(packages))).put(url, response);
  } catch (error) {
    // not kept: the service worker fetches it itself
  }
}

/** Bytes per ms the link brought `url` at (from its Resource Timing entry, round trip included),
 * or null when it came from a cache and says nothing about the link. */
function linkSpeed(url) {
  const entry = performance.getEntriesByName(url).pop();
  if (!entry || !entry.transferSize || !entry.encodedBodySize) return null;
  return entry.encodedBodySize / Math.max(entry.responseEnd - entry.requestStart, 1);
}

/**
 * Pyodide's module factory, wrapped so the heap holds `bytes` before the snapshot is restored into
 * it: Pyodide's wasm makes its memory at the default size, and a larger snapshot (the data grows)
 * would throw on restore (Pyodide issue 6254). tools/node/snapshot.mjs checks the same at build time.
 */
async function heapOfTheSnapshot(asmURL) {
  const { default: create } = await import(asmURL);
  return async (settings) => {
    const module = await create(settings);
    module.growMemory(settings.INITIAL_MEMORY); // Pyodide sets it to the snapshot's size
    return module;
  };
}

async function start(config) {
  const t0 = performance.now();
  const plainFetch = checkEveryFetch(config.integrity, config.sizes, (file) =>
    self.postMessage({ type: "progress", ...file }),
  );
  const marks = {};
  const mark = (name) => (marks[name] = Math.round(performance.now() - t0));
  const base = new URL(config.pyodide, self.location.href).href;
  const local = localSnapshot(config); // read from this browser while the core modules come
  await Promise.all(
    CORE_MODULES.map((name) => {
      const url = new URL(name, base).href;
      if (!config.integrity[url]) throw new Error(`${url}: no SHA-256 value to check it against`);
      return fetchChecked(url, config.integrity[url]).then((response) => response.arrayBuffer());
    }),
  );
  const { loadPyodide } = await import(new URL("pyodide.mjs", base).href);
  mark("imported");
  const options = loaderOptions(config);
  let mode = "local";
  let snapshot = await local;
  let downloaded = false;
  const snapshotURL = config.snapshot ? new URL(config.snapshot, self.location.href).href : null;
  if (!snapshot && config.snapshot) {
    const url = snapshotURL;
    const held = await heldSnapshot(url, config.integrity[url], plainFetch);
    const speed = linkSpeed(new URL("pyodide.asm.mjs", base).href);
    const saveData = Boolean(self.navigator.connection && self.navigator.connection.saveData); // Data Saver on
    const worthIt = !saveData && speed !== null && (config.sizes[url] || Infinity) / speed < SNAPSHOT_WORTH_MS;
    mode = "snapshot";
    marks.link_bytes_per_ms = speed === null ? null : Math.round(speed);
    marks.snapshot_from = held ? "cache" : worthIt ? "network" : "none";
    // A promise: Pyodide fetches the wasm and the library while it comes, and waits for it only
    // to make the heap.
    if (held) snapshot = inflate(held);
    else if (worthIt) {
      downloaded = true;
      snapshot = fetchChecked(url, config.integrity[url]).then(async (response) => {
        const kept = keepForServiceWorker(config.packages, url, response.clone()); // checked whole
        const bytes = await inflate(response);
        await kept;
        return bytes;
      });
    }
  }
  // What is still to come, for the page's progress: the core files, and the wheel or a snapshot.
  const fetched = (url) => !url.endsWith(".whl") || !snapshot;
  const planned = Object.entries(config.sizes).filter(([url]) => url !== snapshotURL && fetched(url));
  const total = planned.reduce((sum, [, size]) => sum + size, 0) + (downloaded ? config.sizes[snapshotURL] : 0);
  self.postMessage({ type: "progress", state: "plan", total });
  let pyodide = null;
  if (snapshot) {
    try {
      const factory = await heapOfTheSnapshot(new URL("pyodide.asm.mjs", base).href);
      const arrived = Promise.resolve(snapshot).then((bytes) => {
        mark("snapshot");
        return bytes;
      });
      pyodide = await loadPyodide({ ...options, _loadSnapshot: arrived, createPyodideModule: factory });
      mark("restored");
    } catch (error) {
      pyodide = null;
    }
  }
  if (!pyodide) {
    mode = "wheel";
    pyodide = await loadPyodide(options);
    await pyodide.loadPackage("calculator", { messageCallback: () => {}, errorCallback: () => {}, checkIntegrity: true });
  }
  handle = pyodide.pyimport("calculator.browser").handle;
  mark("ready");
  return { ms: performance.now() - t0, mode, marks };
}

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    if (!starting) {
      starting = start(message.config).then(
        (info) => self.postMessage({ type: "ready", ...info }),
        (error) => self.postMessage({ type: "failed", message: String((error && error.message) || error) }),
      );
    }
    return;
  }
  if (message.type === "estimate") {
    await starting;
    if (!handle) return;
    latest = message.id;
    const t0 = performance.now();
    const request = { ...message.request, compare: false };
    const answer = JSON.parse(handle(JSON.stringify(request)));
    self.postMessage({ type: "answer", id: message.id, answer, ms: performance.now() - t0 });
    if (!message.request.compare || !answer.ok) return;
    // The chart waits for a pause in typing: a newer request cancels it, so it never delays an answer.
    await new Promise((resolve) => setTimeout(resolve, COMPARE_AFTER_MS));
    if (latest !== message.id) return;
    const compared = JSON.parse(handle(JSON.stringify({ ...message.request, compare: true })));
    if (compared.ok) self.postMessage({ type: "compare", id: message.id, compare: compared.compare });
  }
};
