// Starts the calculator's worker as early as possible: this module is loaded `async` from the page's
// <head>, next to the worker's configuration (#pe-runtime), so Pyodide begins to load while the
// page is still being parsed. calculator.mjs imports the same module (one instance per page) and
// subscribes to the worker's messages; "ready" and "failed" are replayed to late subscribers.

export const EDITION_ROOT = new URL("../../", import.meta.url); // assets/calculator/ → the edition's root
const WORKER_URL = new URL("./worker.mjs", import.meta.url);

let worker = null;
let settled = null; // the "ready" or "failed" message, once it came
const listeners = new Set();

function resolveConfig(config) {
  const resolve = (path) => (path ? new URL(path, EDITION_ROOT).href : path);
  return {
    pyodide: resolve(config.pyodide),
    packages: resolve(config.packages),
    snapshot: resolve(config.snapshot),
    lock: config.lock,
    integrity: Object.fromEntries(Object.entries(config.integrity || {}).map(([k, v]) => [resolve(k), v])),
  };
}

function registerServiceWorker(siteRoot) {
  if (!("serviceWorker" in navigator) || siteRoot.origin !== location.origin) return;
  navigator.serviceWorker.register(new URL("sw.js", siteRoot), { scope: siteRoot.pathname }).catch(() => {});
}

/** Start the worker if this page has a runtime configuration; returns it (or null). */
export function startWorker() {
  if (worker) return worker;
  const element = document.getElementById("pe-runtime");
  if (!element) return null;
  const config = resolveConfig(JSON.parse(element.textContent));
  const startedAt = performance.now();
  worker = new Worker(WORKER_URL, { type: "module" });
  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === "ready") message.startedAt = startedAt;
    if (message.type === "ready" || message.type === "failed") settled = message;
    for (const listener of listeners) listener(message);
  };
  worker.onerror = (event) => {
    settled = { type: "failed", message: event.message || "worker error" };
    for (const listener of listeners) listener(settled);
  };
  worker.postMessage({ type: "init", config });
  registerServiceWorker(new URL("../../", config.pyodide)); // runtime/pyodide-x/ → the site's root
  return worker;
}

/** Receive the worker's messages (a "ready" or "failed" that already came is passed at once). */
export function subscribe(listener) {
  listeners.add(listener);
  if (settled) listener(settled);
  return () => listeners.delete(listener);
}

/** Send a message to the worker (started if need be). */
export function post(message) {
  (worker || startWorker())?.postMessage(message);
}

/** Stop the worker (instant navigation away from the calculator). */
export function stopWorker() {
  if (worker) worker.terminate();
  worker = null;
  settled = null;
  listeners.clear();
}

startWorker();
