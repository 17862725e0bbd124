// The calculator's module Web Worker: runs the `calculator` Python package in Pyodide, served from
// this site. It holds no rule: every request goes to calculator.browser.handle (JSON in, JSON out).
//
// Messages in:  {type: "init", config}  then  {type: "estimate", id, request}
// Messages out: {type: "ready", ms, mode}  {type: "answer", id, answer, ms}  {type: "failed", message}
//               {type: "compare", id, compare}  (the same facts in every jurisdiction, sent after the
//               answer unless a newer request is already waiting: the answer never waits for it)
//
// Start-up: the build ships a memory snapshot of an interpreter that already imported the calculator
// and loaded its data (runtime/calculator-<hash>/snapshot.bin.gz). Restoring it skips Python's own
// start. If anything about the snapshot fails, Pyodide starts normally and installs the wheel listed
// (with its sha256) in the inlined lock file. Every fetch carries its SHA-256 integrity value.

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

async function inflate(url, integrity) {
  const response = await fetchChecked(url, integrity);
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const CORE_MODULES = ["pyodide.mjs", "pyodide.asm.mjs"];

/** Make every fetch of a file in `integrity` (absolute URL → "sha256-…") carry its value, and tell
 * the page which runtime file is coming and when each has arrived (a checked file arrives whole, so
 * the progress moves file by file, by the sizes the build recorded). */
function checkEveryFetch(integrity, sizes) {
  const plain = self.fetch.bind(self);
  self.fetch = (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
    const expected = integrity[url];
    const fetched = plain(input, expected && !init.integrity ? { ...init, integrity: expected } : init);
    if (sizes && sizes[url]) {
      const file = url.slice(url.lastIndexOf("/") + 1);
      self.postMessage({ type: "progress", file, state: "start" });
      fetched.then(
        () => self.postMessage({ type: "progress", file, state: "done", bytes: sizes[url] }),
        () => {},
      );
    }
    return fetched;
  };
}

/**
 * Pyodide's module factory, wrapped so the heap holds `bytes` before the snapshot is restored into
 * it: Pyodide's wasm makes its memory at the default size, and a larger snapshot (the data grows)
 * would throw on restore (Pyodide issue 6254). tools/node/snapshot.mjs checks the same at build time.
 */
async function heapOfAtLeast(bytes, asmURL) {
  const { default: create } = await import(asmURL);
  return async (settings) => {
    const module = await create(settings);
    module.growMemory(bytes);
    return module;
  };
}

async function start(config) {
  const t0 = performance.now();
  checkEveryFetch(config.integrity, config.sizes);
  const marks = {};
  const mark = (name) => (marks[name] = Math.round(performance.now() - t0));
  const base = new URL(config.pyodide, self.location.href).href;
  // The snapshot's download starts first: it is the largest file the start waits for.
  let snapshot = null;
  if (config.snapshot) {
    const snapshotURL = new URL(config.snapshot, self.location.href).href;
    snapshot = inflate(snapshotURL, config.integrity[config.snapshot]).then((bytes) => {
      mark("snapshot");
      return bytes;
    });
    snapshot.catch(() => {}); // a failure is handled where the snapshot is used
  }
  await Promise.all(
    CORE_MODULES.map((name) => {
      const url = new URL(name, base).href;
      if (!config.integrity[url]) throw new Error(`${url}: no SHA-256 value to check it against`);
      return fetchChecked(url, config.integrity[url]).then((response) => response.arrayBuffer());
    }),
  );
  const { loadPyodide } = await import(new URL("pyodide.mjs", base).href);
  mark("imported");
  const options = {
    indexURL: base,
    lockFileContents: config.lock,
    packageBaseUrl: new URL(config.packages, self.location.href).href,
    stdout: () => {},
    stderr: () => {},
  };
  let pyodide = null;
  let mode = "snapshot";
  if (snapshot) {
    try {
      const bytes = await snapshot;
      const factory = await heapOfAtLeast(bytes.length, new URL("pyodide.asm.mjs", base).href);
      pyodide = await loadPyodide({ ...options, _loadSnapshot: bytes, createPyodideModule: factory });
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
