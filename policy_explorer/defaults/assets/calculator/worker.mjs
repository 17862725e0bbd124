// The calculator's module Web Worker: runs the `calculator` Python package in Pyodide, served from
// this site. It holds no rule: every request goes to policy_explorer.calculator.browser.handle (JSON in, JSON out).
//
// Messages in: InitMessage, then EstimateMessage; out: ProgressMessage, ReadyMessage or FailedMessage,
// AnswerMessage, and CompareMessage (the same facts in every jurisdiction, sent after the answer
// unless a newer request is already waiting: the answer never waits for it). Each is typed once, in
// protocol.mjs.
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
// Every fetch carries its SHA-256 integrity value, and one that fails is tried once more past the
// HTTP cache; Pyodide's two core modules are imported from the very bytes checked (a blob: URL), not
// fetched a second time. Anything read from Cache Storage is looked up in this site's own caches only
// and checked before use: a build file against the build's SHA-256, the local snapshot against the
// digest kept apart in IndexedDB. Any failure of a snapshot falls back to "wheel".

import { errorText } from "./protocol.mjs";
import {
  FileError,
  checkEveryFetch,
  fetchVerified,
  importVerified,
  loaderOptions,
  localSnapshotURL,
  runtimeCache,
  sha256,
  snapshotCache,
  snapshotDigest,
} from "./runtime-files.mjs";

/** @import { FromWorker, RuntimeConfig, StartMode, ToWorker } from "./protocol.mjs" */

/**
 * A message to the page (checked against the protocol).
 * @param {FromWorker} message
 */
function tell(message) {
  self.postMessage(message);
}

// Restoring a snapshot saves about 2 s over starting Python afresh and installing the wheel (the
// benchmark's loopback figures; more on a phone). The build's snapshot is downloaded when the link,
// as measured on pyodide.asm.mjs, would bring it in less than twice that: a 200 KB file understates
// a fast link (a round trip and TCP's slow start weigh on it), and 10 Mbit/s measures about 0.9
// bytes per µs there, 8 s for the snapshot, far above.
const SNAPSHOT_WORTH_MS = 4000;
const COMPARE_AFTER_MS = 250;
/** @type {((request: string) => string) | null} policy_explorer.calculator.browser.handle, once Python runs */
let handle = null;
let latest = 0; // the newest estimate request seen
let latestWhatIf = 0; // the newest what-if request seen
/** @type {Promise<void> | null} */
let starting = null;

/** @param {Response} response a gzipped body */
async function inflate(response) {
  const body = /** @type {ReadableStream<BufferSource>} */ (response.body);
  const stream = body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The snapshot this browser made for this runtime, or null: only from this site's own cache, and
 * only when its bytes have the SHA-256 recorded apart from the cache when it was made (one that does
 * not is deleted). Never when the reader has turned it off.
 * @param {RuntimeConfig} config
 */
async function localSnapshot(config) {
  if (config.localSnapshotOff) return null;
  try {
    const cache = await caches.open(snapshotCache(config.packages));
    const key = localSnapshotURL(config.packages);
    const hit = await cache.match(key);
    if (!hit) return null;
    const [bytes, expected] = await Promise.all([hit.arrayBuffer(), snapshotDigest(config.packages)]);
    if (!expected || (await sha256(bytes)) !== expected) {
      await cache.delete(key);
      return null;
    }
    return await inflate(new Response(bytes));
  } catch {
    return null;
  }
}

/** The build's snapshot as this browser holds it already (the service worker's copy in this site's
 * own cache, or the HTTP cache's), or null: nothing is downloaded. A copy whose bytes do not have
 * the build's SHA-256 is deleted and not used.
 * @param {RuntimeConfig} config
 * @param {string} url
 * @param {string} integrity
 * @param {typeof fetch} plainFetch
 */
async function heldSnapshot(config, url, integrity, plainFetch) {
  try {
    const cache = await caches.open(runtimeCache(config.packages));
    const kept = await cache.match(url, { ignoreSearch: true });
    if (kept) {
      const bytes = await kept.arrayBuffer();
      if (integrity && (await sha256(bytes)) === integrity) return new Response(bytes);
      await cache.delete(url, { ignoreSearch: true });
    }
  } catch {
    // no Cache Storage here
  }
  try {
    const cached = await plainFetch(url, { cache: "only-if-cached", mode: "same-origin", integrity });
    return cached.ok ? cached : null;
  } catch {
    return null;
  }
}

/**
 * Put a checked runtime file in the service worker's cache (see runtime-files.mjs); best effort.
 * @param {string} packages
 * @param {string} url
 * @param {Response} response
 */
async function keepForServiceWorker(packages, url, response) {
  try {
    await (await caches.open(runtimeCache(packages))).put(url, response);
  } catch {
    // not kept: the service worker fetches it itself
  }
}

/** Bytes per ms the link brought `url` at (from its Resource Timing entry, round trip included),
 * or null when it came from a cache and says nothing about the link.
 * @param {string} url
 */
function linkSpeed(url) {
  const entry = /** @type {PerformanceResourceTiming | undefined} */ (performance.getEntriesByName(url).pop());
  if (!entry || !entry.transferSize || !entry.encodedBodySize) return null;
  return entry.encodedBodySize / Math.max(entry.responseEnd - entry.requestStart, 1);
}

/**
 * Pyodide's module factory, wrapped so the heap holds `bytes` before the snapshot is restored into
 * it: Pyodide's wasm makes its memory at the default size, and a larger snapshot (the data grows)
 * would throw on restore (Pyodide issue 6254). tools/node/snapshot.mjs checks the same at build time.
 * @param {(settings: any) => Promise<any>} create
 */
function heapOfTheSnapshot(create) {
  return async (/** @type {any} */ settings) => {
    const module = await create(settings);
    module.growMemory(settings.INITIAL_MEMORY); // Pyodide sets it to the snapshot's size
    return module;
  };
}

/** @param {RuntimeConfig} config */
async function start(config) {
  const t0 = performance.now();
  const { plain: plainFetch, failures, failed } = checkEveryFetch(config.integrity, config.sizes, (file) =>
    tell({ type: "progress", ...file }),
  );
  try {
    // A runtime file that failed twice ends the start: nothing can replace it (Pyodide itself would
    // wait for ever on its wasm), and the snapshot's own failures never get here (they fall back).
    return await Promise.race([started(config, t0, plainFetch), failed]);
  } catch (error) {
    // Pyodide's own message after a failed fetch names no file: the first file that failed twice does.
    throw failures.length ? failures[0] : error;
  }
}

/**
 * Python running the calculator, the fastest way this browser and link allow.
 * @param {RuntimeConfig} config
 * @param {number} t0
 * @param {typeof fetch} plainFetch
 */
async function started(config, t0, plainFetch) {
  /** @type {Record<string, number | string | null>} */
  const marks = {};
  const mark = (/** @type {string} */ name) => (marks[name] = Math.round(performance.now() - t0));
  const base = new URL(config.pyodide, self.location.href).href;
  const local = localSnapshot(config); // read from this browser while the core modules come
  /** @type {(file: string, state: "start" | "done" | "failed", bytes?: number) => void} */
  const progress = (file, state, bytes) => tell({ type: "progress", file, state, bytes });
  const core = (/** @type {string} */ name) => {
    const url = new URL(name, base).href;
    progress(name, "start");
    return importVerified(url, config.integrity[url], plainFetch).then(
      (module) => (progress(name, "done", config.sizes[url] || 0), module),
      (error) => (progress(name, "failed", 0), Promise.reject(error)),
    );
  };
  const [{ loadPyodide }, { default: createModule }] = await Promise.all([
    core("pyodide.mjs"),
    core("pyodide.asm.mjs"),
  ]);
  mark("imported");
  const options = { ...loaderOptions(config), createPyodideModule: createModule };
  /** @type {StartMode} */
  let mode = "local";
  /** @type {Uint8Array | Promise<Uint8Array> | null} */
  let snapshot = await local;
  let downloaded = false;
  const snapshotURL = config.snapshot ? new URL(config.snapshot, self.location.href).href : null;
  if (!snapshot && snapshotURL) {
    const url = snapshotURL;
    const held = await heldSnapshot(config, url, config.integrity[url], plainFetch);
    const speed = linkSpeed(new URL("pyodide.asm.mjs", base).href);
    const connection = /** @type {{ connection?: { saveData?: boolean } }} */ (self.navigator).connection;
    const saveData = Boolean(connection && connection.saveData); // Data Saver on
    const worthIt = !saveData && speed !== null && (config.sizes[url] || Infinity) / speed < SNAPSHOT_WORTH_MS;
    mode = "snapshot";
    marks.link_bytes_per_ms = speed === null ? null : Math.round(speed);
    marks.snapshot_from = held ? "cache" : worthIt ? "network" : "none";
    // A promise: Pyodide fetches the wasm and the library while it comes, and waits for it only
    // to make the heap.
    if (held) snapshot = inflate(held);
    else if (worthIt) {
      downloaded = true;
      const name = url.slice(url.lastIndexOf("/") + 1);
      progress(name, "start");
      snapshot = fetchVerified(url, config.integrity[url], plainFetch).then(async (gzipped) => {
        progress(name, "done", config.sizes[url] || 0);
        await keepForServiceWorker(config.packages, url, new Response(gzipped)); // checked whole
        return inflate(new Response(gzipped));
      }, (error) => {
        progress(name, "failed", 0); // the wheel follows
        throw error;
      });
    }
  }
  // What is still to come, for the page's progress: the core files, and the wheel or a snapshot.
  const fetched = (/** @type {string} */ url) => !url.endsWith(".whl") || !snapshot;
  const planned = Object.entries(config.sizes).filter(([url]) => url !== snapshotURL && fetched(url));
  const more = downloaded && snapshotURL ? config.sizes[snapshotURL] : 0;
  const total = planned.reduce((sum, [, size]) => sum + size, 0) + more;
  tell({ type: "progress", state: "plan", total });
  let pyodide = null;
  if (snapshot) {
    try {
      const factory = heapOfTheSnapshot(createModule);
      const arrived = Promise.resolve(snapshot).then((bytes) => {
        mark("snapshot");
        return bytes;
      });
      pyodide = await loadPyodide({ ...options, _loadSnapshot: arrived, createPyodideModule: factory });
      mark("restored");
    } catch {
      pyodide = null;
    }
  }
  if (!pyodide) {
    mode = "wheel";
    pyodide = await loadPyodide(options);
    const quiet = { messageCallback: () => {}, errorCallback: () => {}, checkIntegrity: true };
    await pyodide.loadPackage("calculator", quiet);
  }
  handle = pyodide.pyimport("policy_explorer.calculator.browser").handle;
  mark("ready");
  return { ms: performance.now() - t0, mode, marks };
}

self.onmessage = async (/** @type {MessageEvent<ToWorker>} */ event) => {
  const message = event.data || {};
  if (message.type === "init") {
    if (!starting) {
      starting = start(message.config).then(
        (info) => tell({ type: "ready", ...info }),
        (error) => {
          const file = error instanceof FileError ? error.file : undefined;
          tell({ type: "failed", message: errorText(error), file });
        },
      );
    }
    return;
  }
  if (message.type === "whatif") {
    await starting;
    if (!handle) return;
    latestWhatIf = message.id;
    // Asked when the reader opens "what if": after the answers already waiting, and only the newest.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (latestWhatIf !== message.id) return;
    const request = { ...message.request, compare: false, what_if: message.fact, up_to: "4x" };
    tell({ type: "whatif", id: message.id, fact: message.fact, answer: JSON.parse(handle(JSON.stringify(request))) });
    return;
  }
  if (message.type === "estimate") {
    await starting;
    if (!handle) return;
    latest = message.id;
    const t0 = performance.now();
    const request = { ...message.request, compare: false };
    const answer = JSON.parse(handle(JSON.stringify(request)));
    tell({ type: "answer", id: message.id, answer, ms: performance.now() - t0 });
    if (!message.request.compare || !answer.ok) return;
    // The chart waits for a pause in typing: a newer request cancels it, so it never delays an answer.
    await new Promise((resolve) => setTimeout(resolve, COMPARE_AFTER_MS));
    if (latest !== message.id) return;
    const compared = JSON.parse(handle(JSON.stringify({ ...message.request, compare: true })));
    if (compared.ok) tell({ type: "compare", id: message.id, compare: compared.compare, note: compared.compare_note });
  }
};
