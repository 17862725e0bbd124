// The page's side of the calculator's worker. The worker itself is started from the page's <head>
// (overrides/partials/calculator-boot.js) before the body is parsed; this module takes it over,
// replays what it said in the meantime, and passes messages both ways. "ready" and "failed" are also
// replayed to late subscribers. calculator.mjs imports this module (one instance per page).

export const EDITION_ROOT = new URL("../../", import.meta.url); // assets/calculator/ → the edition's root

let worker = null;
let settled = null; // the "ready" or "failed" message, once it came
let startedAt = 0;
const listeners = new Set();

function deliver(message) {
  if (message.type === "ready") message.startedAt = startedAt;
  if (message.type === "ready" || message.type === "failed") settled = message;
  for (const listener of listeners) listener(message);
}

function registerServiceWorker(siteRoot) {
  if (!("serviceWorker" in navigator) || siteRoot.origin !== location.origin) return;
  navigator.serviceWorker.register(new URL("sw.js", siteRoot), { scope: siteRoot.pathname }).catch(() => {});
}

/** The worker the page's <head> started, taken over once; null on a page without the calculator. */
export function startWorker() {
  if (worker) return worker;
  const boot = window.__peCalcBoot;
  if (!boot || !boot.worker) return null;
  window.__peCalcBoot = null;
  worker = boot.worker;
  startedAt = boot.startedAt;
  worker.onmessage = (event) => deliver(event.data);
  worker.onerror = (event) => deliver({ type: "failed", message: event.message || "worker error" });
  for (const message of boot.messages) deliver(message);
  registerServiceWorker(new URL("../../", boot.config.pyodide)); // runtime/pyodide-x/ → the site's root
  return worker;
}

/** Receive the worker's messages (a "ready" or "failed" that already came is passed at once). */
export function subscribe(listener) {
  listeners.add(listener);
  if (settled) listener(settled);
  return () => listeners.delete(listener);
}

/** Send a message to the worker. */
export function post(message) {
  startWorker()?.postMessage(message);
}

/** Stop the worker (instant navigation away from the calculator). */
export function stopWorker() {
  if (worker) worker.terminate();
  worker = null;
  settled = null;
  listeners.clear();
}

startWorker();
