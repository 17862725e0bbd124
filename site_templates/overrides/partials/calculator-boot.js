(function () {
  /* The calculator's worker, started from the <head> while the rest of the page is still parsed, so
     Pyodide begins to load at once. assets/calculator/client.mjs takes it over: it finds it in
     window.__peCalcBoot with the messages that came in the meantime. Paths in #pe-runtime are
     relative to this edition's root (the worker's URL is assets/calculator/worker.mjs under it). */
  var script = document.currentScript;
  var element = document.getElementById("pe-runtime");
  if (!element || typeof Worker === "undefined") return;
  var workerURL = new URL(script.getAttribute("data-worker"), document.baseURI);
  var root = new URL("../../", workerURL);
  var config = JSON.parse(element.textContent);
  var resolve = function (path) { return path ? new URL(path, root).href : path; };
  var integrity = {};
  Object.keys(config.integrity || {}).forEach(function (key) { integrity[resolve(key)] = config.integrity[key]; });
  var boot = { messages: [], startedAt: performance.now(), root: root.href };
  boot.config = {
    pyodide: resolve(config.pyodide),
    packages: resolve(config.packages),
    snapshot: resolve(config.snapshot),
    lock: config.lock,
    integrity: integrity,
  };
  try {
    boot.worker = new Worker(workerURL, { type: "module" });
  } catch (error) {
    return;
  }
  boot.worker.onmessage = function (event) { boot.messages.push(event.data); };
  boot.worker.onerror = function (event) { boot.messages.push({ type: "failed", message: event.message || "worker error" }); };
  boot.worker.postMessage({ type: "init", config: boot.config });
  window.__peCalcBoot = boot;
})();
