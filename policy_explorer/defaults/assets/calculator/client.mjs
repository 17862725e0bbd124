// The page's side of the calculator's worker: starts it, queues what the page sends before it runs,
// and passes messages both ways (protocol.mjs types them). "ready" and "failed" are also replayed to
// late subscribers. The page's modules import this one (one instance per page).
//
// The worker starts once the page has loaded: the runtime's download, compilation and restore (tens
// of megabytes, several seconds of CPU) would otherwise compete with the page's own first layout and
// Material's start-up. A returning reader's browser that holds the runtime (Cache Storage) starts it
// at once: nothing is downloaded. The reader sees the build-time example meanwhile; a request sent
// earlier waits here, and the first answer follows as soon as Python is ready.

import { errorText } from "./protocol.mjs";
import { LOCAL_SNAPSHOT_OFF, runtimeCache, siteScope, snapshotCache } from "./runtime-files.mjs";

/**
 * @import { FromMaker, FromWorker, MakeMessage, PageMessage, RuntimeConfig, StartMode, ToWorker }
 *   from "./protocol.mjs"
 */
/** @typedef {(message: PageMessage) => void} Listener */

export const EDITION_ROOT = new URL("../../", import.meta.url); // assets/calculator/ → the edition's root
const WORKER = new URL("worker.mjs", import.meta.url);
const MAKER = new URL("snapshot-maker.mjs", import.meta.url);

/** @type {Worker | null} */
let worker = null;
/** @type {RuntimeConfig | false | null} the runtime's configuration, once read from the page (false: none) */
let configured = null;
/** @type {ToWorker[]} messages sent before the worker started */
let queue = [];
/** @type {PageMessage | null} the "ready" or "failed" message, once it came */
let settled = null;
let startedAt = 0;
/** @type {Set<Listener>} */
const listeners = new Set();

let loaded = 0; // bytes of the runtime's files arrived so far
/** @type {number | null} the bytes the worker said it will fetch, once it has decided */
let planned = null;
/** @type {Set<string>} the files on their way */
const coming = new Set();

/**
 * A message from the worker, with what the page adds, to every listener.
 * @param {FromWorker} received
 */
function deliver(received) {
  if (!configured) return; // stopped meanwhile
  const config = configured;
  /** @type {PageMessage} */
  let message;
  // Once started or failed, the status says so: a file that arrives afterwards (another one was
  // still coming when one failed) must not put "Downloading…" back over the failure.
  if (received.type === "progress" && settled) return;
  if (received.type === "progress") {
    // What is downloading and how much of the total is in. Until the worker says what it fetches
    // (a snapshot or the wheel: "plan"), the total is the start without a snapshot.
    if (received.state === "plan") planned = received.total;
    else if (received.state === "start") coming.add(received.file);
    else {
      coming.delete(received.file);
      loaded += received.bytes || 0;
    }
    const sizes = Object.entries(config.sizes || {});
    const noSnapshot = sizes.filter(([url]) => url !== config.snapshot).reduce((sum, [, size]) => sum + size, 0);
    const total = Math.max(loaded, planned === null ? noSnapshot : planned);
    message = { ...received, files: [...coming], loaded, total };
  } else if (received.type === "ready") {
    message = { ...received, startedAt };
    keepForOffline(config, received.mode);
    if (received.mode === "wheel") afterLoad(() => setTimeout(makeSnapshotHere, MAKE_SNAPSHOT_AFTER_MS));
  } else message = received;
  if (message.type === "ready" || message.type === "failed") settled = message;
  for (const listener of listeners) listener(message);
}

// The snapshot for the next visit is made once the reader has had a few seconds with the first answer.
const MAKE_SNAPSHOT_AFTER_MS = 3000;
/** @type {Worker | null} */
let maker = null;

/** Have this browser make the start-up snapshot the next visit restores (snapshot-maker.mjs):
 * after a start without one, from the files this visit has, at no cost on the wire. Announced on
 * the document as "pe-calc-snapshot" ({kept, bytes, ms} or {kept: false, message}). */
function makeSnapshotHere() {
  if (maker || !configured || !configured.snapshot || configured.localSnapshotOff || !("caches" in self)) return;
  let made;
  try {
    made = maker = new Worker(MAKER, { type: "module" });
  } catch {
    return;
  }
  made.onmessage = (/** @type {MessageEvent<FromMaker>} */ event) => {
    const data = event.data || {};
    made.terminate();
    document.dispatchEvent(new CustomEvent("pe-calc-snapshot", { detail: { kept: data.type === "kept", ...data } }));
  };
  made.onerror = () => made.terminate();
  /** @type {MakeMessage} */
  const make = { type: "make", config: configured };
  made.postMessage(make);
}

/** @param {URL} siteRoot */
function registerServiceWorker(siteRoot) {
  if (!("serviceWorker" in navigator) || siteRoot.origin !== location.origin) return;
  navigator.serviceWorker.register(new URL("sw.js", siteRoot), { scope: siteRoot.pathname }).catch(() => {});
}

/** Once the calculator runs, ask the service worker to keep what this visit loaded (the page, its
 * files, the worker and the runtime, all in the browser's cache by now): the first visit was not yet
 * under the service worker, and offline must work right after it.
 * @param {RuntimeConfig} configured
 * @param {StartMode} mode
 */
function keepForOffline(configured, mode) {
  if (!("serviceWorker" in navigator)) return;
  // Registered only now: a service worker taking control while the runtime downloads would fetch
  // each file a second time (it cannot see the first, unfinished download).
  registerServiceWorker(new URL(siteScope(configured.packages))); // the scope every cache name carries
  // Kept in this order, one after the other: the page last, so that once it is kept, all is.
  const urls = performance.getEntriesByType("resource").map((entry) => entry.name);
  // The runtime's files this start fetched: never the snapshot unless it came, nor the wheel if not.
  const fetched = (/** @type {string} */ url) =>
    url === configured.snapshot ? mode === "snapshot" : !url.endsWith(".whl") || mode === "wheel";
  urls.push(WORKER.href, ...Object.keys(configured.integrity).filter(fetched), location.href.split("#")[0]);
  const own = urls.filter((url) => new URL(url).origin === location.origin);
  navigator.serviceWorker.ready
    .then((registration) => registration.active && registration.active.postMessage({ type: "keep", urls: own }))
    .catch(() => {});
}

/** The worker's configuration from the page's #pe-runtime (paths relative to the edition's root,
 * made absolute, with the SHA-256 integrity value of each file); null on a page without it.
 * @returns {RuntimeConfig | null}
 */
function readConfig() {
  const element = document.getElementById("pe-runtime");
  if (!element || typeof Worker === "undefined") return null;
  const config = JSON.parse(element.textContent || "{}");
  const resolve = (/** @type {string} */ path) => (path ? new URL(path, EDITION_ROOT).href : path);
  /** @type {Record<string, string>} */
  const integrity = {};
  for (const [key, value] of Object.entries(config.integrity || {})) integrity[resolve(key)] = value;
  /** @type {Record<string, number>} */
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

/**
 * Turn the snapshot made in this browser off (deleting the one kept) or on again, for the next visits.
 * @param {boolean} off
 */
export async function setLocalSnapshotOff(off) {
  try {
    if (off) localStorage.setItem(LOCAL_SNAPSHOT_OFF, "1");
    else localStorage.removeItem(LOCAL_SNAPSHOT_OFF);
  } catch {
    // no localStorage here: nothing is kept between visits anyway
  }
  const config = configured || readConfig();
  if (off && config && "caches" in self) await caches.delete(snapshotCache(config.packages)).catch(() => {});
}

/** Whether the reader has turned off the snapshot made in this browser (see runtime-files.mjs). */
export function localSnapshotOff() {
  try {
    return localStorage.getItem(LOCAL_SNAPSHOT_OFF) === "1";
  } catch {
    return false;
  }
}

function launch() {
  if (!configured || worker) return; // stopped meanwhile, or already running
  startedAt = performance.now();
  let started;
  try {
    started = worker = new Worker(WORKER, { type: "module" });
  } catch (error) {
    deliver({ type: "failed", message: errorText(error) });
    return;
  }
  started.onmessage = (/** @type {MessageEvent<FromWorker>} */ event) => deliver(event.data);
  started.onerror = (event) => deliver({ type: "failed", message: event.message || "worker error" });
  send(started, { type: "init", config: configured });
  for (const message of queue) send(started, message);
  queue = [];
}

/** Whether this page runs the calculator: true when it carries a runtime. The worker then starts once
 * the page has loaded (or at once if it already has, or if this browser holds the runtime already);
 * `when`, if given, decides instead: it gets the function that starts it (the widget calls it when it
 * comes near the screen or is first used).
 * @param {(launch: () => void) => void} [when]
 */
export function startWorker(when) {
  if (configured === null) configured = readConfig() || false;
  if (!configured) return false;
  if (when) when(() => afterLoad(launch));
  else {
    heldHere(configured).then((held) => {
      if (held) launch(); // nothing to download: it competes with nothing the page loads
      else afterLoad(launch);
    });
  }
  return true;
}

/** Whether this browser holds the runtime already: a snapshot it made, or the service worker's copy
 * of the runtime (a returning reader's visit).
 * @param {RuntimeConfig} config
 */
async function heldHere(config) {
  try {
    const names = await caches.keys();
    return names.includes(snapshotCache(config.packages)) || names.includes(runtimeCache(config.packages));
  } catch {
    return false;
  }
}

/**
 * Run `task` once the page has loaded (in a task of its own, after the load event's handlers).
 * @param {() => void} task
 */
export function afterLoad(task) {
  if (document.readyState === "complete") setTimeout(task, 0);
  else window.addEventListener("load", () => setTimeout(task, 0), { once: true });
}

/**
 * Receive the worker's messages (a "ready" or "failed" that already came is passed at once).
 * @param {Listener} listener
 * @returns {() => void} the unsubscription
 */
export function subscribe(listener) {
  listeners.add(listener);
  if (settled) listener(settled);
  return () => void listeners.delete(listener);
}

/**
 * Send a message to the worker (kept until it has started).
 * @param {ToWorker} message
 */
export function post(message) {
  if (worker) send(worker, message);
  else queue.push(message);
}

/**
 * One message to the worker (checked against the protocol).
 * @param {Worker} to
 * @param {ToWorker} message
 */
function send(to, message) {
  to.postMessage(message);
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
