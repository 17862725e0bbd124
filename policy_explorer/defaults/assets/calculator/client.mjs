// The page's side of the calculator's worker: starts it, queues what the page sends before it runs,
// and passes messages both ways. "ready" and "failed" are also replayed to late subscribers.
// calculator.mjs imports this module (one instance per page).
//
// The worker starts once the page has loaded: the runtime's download, compilation and restore (tens
// of megabytes, several seconds of CPU) would otherwise compete with the page's own first layout and
// Material's start-up. A returning reader's browser that holds the runtime (Cache Storage) starts it
// at once: nothing is downloaded. The reader sees the build-time example meanwhile; a request sent
// earlier waits here, and the first answer follows as soon as Python is ready.

import { LOCAL_SNAPSHOT_OFF, runtimeCache, siteScope, snapshotCache } from "./runtime-files.mjs";

export const EDITION_ROOT = new URL("../../", import.meta.url); // assets/calculator/ → the edition's root
const WORKER = new URL("worker.mjs", import.meta.url);
const MAKER = new URL("snapshot-maker.mjs", import.meta.url);

let worker = null;
let configured = null; // the runtime's configuration, once read from the page (false: none)
let queue = []; // messages sent before the worker started
let settled = null; // the "ready" or "failed" message, once it came
let startedAt = 0;
const listeners = new Set();

let loaded = 0; // bytes of the runtime's files arrived so far
let planned = null; // the bytes the worker said it will fetch, once it has decided
const coming = new Set(); // the files on their way

function deliver(message) {
  // Once started or failed, the status says so: a file that arrives afterwards (another one was
  // still coming when one failed) must not put "Downloading…" back over the failure.
  if (message.type === "progress" && settled) return;
  if (message.type === "progress") {
    // What is downloading and how much of the total is in. Until the worker says what it fetches
    // (a snapshot or the wheel: "plan"), the total is the start without a snapshot.
    if (message.state === "plan") planned = message.total;
    else if (message.state === "start") coming.add(message.file);
    else {
      coming.delete(message.file);
      loaded += message.bytes;
    }
    const sizes = Object.entries(configured.sizes || {});
    const noSnapshot = sizes.filter(([url]) => url !== configured.snapshot).reduce((sum, [, size]) => sum + size, 0);
    const total = Math.max(loaded, planned === null ? noSnapshot : planned);
    message = { ...message, files: [...coming], loaded, total };
  }
  if (message.type === "ready") {
    message.startedAt = startedAt;
    keepForOffline(message.mode);
    if (message.mode === "wheel") afterLoad(() => setTimeout(makeSnapshotHere, MAKE_SNAPSHOT_AFTER_MS));
  }
  if (message.type === "ready" || message.type === "failed") settled = message;
  for (const listener of listeners) listener(message);
}

// The snapshot for the next visit is made once the reader has had a few seconds with the first answer.
const MAKE_SNAPSHOT_AFTER_MS = 3000;
let maker = null;

/** Have this browser make the start-up snapshot the next visit restores (snapshot-maker.mjs):
 * after a start without one, from the files this visit has, at no cost on the wire. Announced on
 * the document as "pe-calc-snapshot" ({kept, bytes, ms} or {kept: false, message}). */
function makeSnapshotHere() {
  if (maker || !configured || !configured.snapshot || configured.localSnapshotOff || !("caches" in self)) return;
  try {
    maker = new Worker(MAKER, { type: "module" });
  } catch (error) {
    return;
  }
  maker.onmessage = (event) => {
    const data = event.data || {};
    maker.terminate();
    document.dispatchEvent(new CustomEvent("pe-calc-snapshot", { detail: { kept: data.type === "kept", ...data } }));
  };
  maker.onerror = () => maker.terminate();
  maker.postMessage({ type: "make", config: configured });
}

function registerServiceWorker(siteRoot) {
  if (!("serviceWorker" in navigator) || siteRoot.origin !== location.origin) return;
  navigator.serviceWorker.register(new URL("sw.js", siteRoot), { scope: siteRoot.pathname }).catch(() => {});
}

/** Once the calculator runs, ask the service worker to keep what this visit loaded (the page, its
 * files, the worker and the runtime, all in the browser's cache by now): the first visit was not yet
 * under the service worker, and offline must work right after it. */
function keepForOffline(mode) {
  if (!("serviceWorker" in navigator) || !configured) return;
  // Registered only now: a service worker taking control while the runtime downloads would fetch
  // each file a second time (it cannot see the first, unfinished download).
  registerServiceWorker(new URL(siteScope(configured.packages))); // the scope every cache name carries
  // Kept in this order, one after the other: the page last, so that once it is kept, all is.
  const urls = performance.getEntriesByType("resource").map((entry) => entry.name);
  // The runtime's files this start fetched: never the snapshot unless it came, nor the wheel if not.
  const fetched = (url) => (url === configured.snapshot ? mode === "snapshot" : !url.endsWith(".whl") || mode === "wheel");
  urls.push(WORKER.href, ...Object.keys(configured.integrity).filter(fetched), location.href.split("#")[0]);
  const own = urls.filter((url) => new URL(url).origin === location.origin);
  navigator.serviceWorker.ready
    .then((registration) => registration.active && registration.active.postMessage({ type: "keep", urls: own }))
    .catch(() => {});
}

/** The worker's configuration from the page's #pe-runtime (paths relative to the edition's root,
 * made absolute, with the SHA-256 integrity value of each file); null on a page without it. */
function readConfig() {
  const element = document.getElementById("pe-runtime");
  if (!element || typeof Worker === "undefined") return null;
  const config = JSON.parse(element.textContent);
  const resolve = (path) => (path ? new URL(path, EDITION_ROOT).href : path);
  const integrity = {};
  for (const [key, value] of Object.entries(config.integrity || {})) integrity[resolve(key)] = value;
  const sizes = {};
  for (const [key, value] of Object.entries(config.sizes || {})) sizes[resolve(key)] = value;
  return {
    pyodide: resolve(config.pyodide),
    packages: resolve(config.packages),
    snapshot: resolve(config.snapshot),
    stdlib: resolve(config.stdlib),
    lock: config.lock,
    integrity,
    sizes,
    localSnapshotOff: localSnapshotOff(),
  };
}

/** Turn the snapshot made in this browser off (deleting the one kept) or on again, for the next visits. */
export async function setLocalSnapshotOff(off) {
  try {
    if (off) localStorage.setItem(LOCAL_SNAPSHOT_OFF, "1");
    else localStorage.removeItem(LOCAL_SNAPSHOT_OFF);
  } catch (error) {
    // no localStorage here: nothing is kept between visits anyway
  }
  const config = configured || readConfig();
  if (off && config && "caches" in self) await caches.delete(snapshotCache(config.packages)).catch(() => {});
}

/** Whether the reader has turned off the snapshot made in this browser (see runtime-files.mjs). */
export function localSnapshotOff() {
  try {
    return localStorage.getItem(LOCAL_SNAPSHOT_OFF) === "1";
  } catch (error) {
    return false;
  }
}

function launch() {
  if (!configured || worker) return; // stopped meanwhile, or already running
  startedAt = performance.now();
  try {
    worker = new Worker(WORKER, { type: "module" });
  } catch (error) {
    deliver({ type: "failed", message: String((error && error.message) || error) });
    return;
  }
  worker.onmessage = (event) => deliver(event.data);
  worker.onerror = (event) => deliver({ type: "failed", message: event.message || "worker error" });
  worker.postMessage({ type: "init", config: configured });
  for (const message of queue) worker.postMessage(message);
  queue = [];
}

/** Whether this page runs the calculator: true when it carries a runtime. The worker then starts once
 * the page has loaded (or at once if it already has, or if this browser holds the runtime already);
 * `when`, if given, decides instead: it gets the function that starts it (the widget calls it when it
 * comes near the screen or is first used). */
export function startWorker(when) {
  if (configured === null) configured = readConfig() || false;
  if (!configured) return false;
  if (when) when(() => afterLoad(launch));
  else
    heldHere(configured).then((held) => {
      if (held) launch(); // nothing to download: it competes with nothing the page loads
      else afterLoad(launch);
    });
  return true;
}

/** Whether this browser holds the runtime already: a snapshot it made, or the service worker's copy
 * of the runtime (a returning reader's visit). */
async function heldHere(config) {
  try {
    const names = await caches.keys();
    return names.includes(snapshotCache(config.packages)) || names.includes(runtimeCache(config.packages));
  } catch (error) {
    return false;
  }
}

/** Run `task` once the page has loaded (in a task of its own, after the load event's handlers). */
export function afterLoad(task) {
  if (document.readyState === "complete") setTimeout(task, 0);
  else window.addEventListener("load", () => setTimeout(task, 0), { once: true });
}

/** Receive the worker's messages (a "ready" or "failed" that already came is passed at once). */
export function subscribe(listener) {
  listeners.add(listener);
  if (settled) listener(settled);
  return () => listeners.delete(listener);
}

/** Send a message to the worker (kept until it has started). */
export function post(message) {
  if (worker) worker.postMessage(message);
  else queue.push(message);
}

/** Stop the worker (instant navigation away from the calculator). */
export function stopWorker() {
  if (worker) worker.terminate();
  worker = null;
  configured = null;
  queue = [];
  settled = null;
  listeners.clear();
}
