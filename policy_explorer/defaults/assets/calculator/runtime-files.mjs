// What the calculator's worker and the snapshot maker share about the runtime's files: how Pyodide
// loads them, every fetch checked against the SHA-256 the build recorded, and where a snapshot made
// in this browser is kept.

import { errorText } from "./protocol.mjs";

/** @import { FileProgress, RuntimeConfig } from "./protocol.mjs" */

/** Pyodide's loader options for the runtime in `config`: its folder, the inlined lock, the wheel's
 * folder and the trimmed standard library. One place for both workers: a snapshot made in this
 * browser restores only into the library it was made with.
 * @param {RuntimeConfig} config
 */
export function loaderOptions(config) {
  const at = (/** @type {string} */ path) => new URL(path, self.location.href).href;
  return {
    indexURL: at(config.pyodide),
    lockFileContents: config.lock,
    packageBaseUrl: at(config.packages),
    ...(config.stdlib ? { stdLibURL: at(config.stdlib) } : {}),
    stdout: () => {},
    stderr: () => {},
  };
}

/** The site's root (runtime/calculator-<hash>/ → ../../): the service worker's registration scope,
 * which every cache name of this site carries, so that neither this site nor another one on the same
 * origin (GitHub Pages project sites share one) opens, or deletes, the other's caches.
 * @param {string} packages
 */
export function siteScope(packages) {
  return new URL("../../", new URL(packages, self.location.href)).href;
}

/** The Cache Storage cache of the snapshot this browser made for the runtime in `packages` (its
 * folder, runtime/calculator-<hash>/, names the version: a new runtime never restores an old one;
 * the service worker deletes the caches of other versions of this site).
 * @param {string} packages
 */
export function snapshotCache(packages) {
  return `pe-snapshot-${version(packages)}@${siteScope(packages)}`;
}

/** The service worker's cache of the runtime's files (sw.js: RUNTIME), which the worker fills with
 * the build's snapshot it downloaded: the service worker would otherwise fetch those 7 MB again to
 * keep them when the browser's HTTP cache does not hold a file that large.
 * @param {string} packages
 */
export function runtimeCache(packages) {
  return `pe-runtime-${version(packages)}@${siteScope(packages)}`;
}

/** @param {string} packages */
function version(packages) {
  return new URL(packages, self.location.href).pathname.split("/").filter(Boolean).pop();
}

/**
 * The key the snapshot is kept under in that cache (never fetched from the network).
 * @param {string} packages
 */
export function localSnapshotURL(packages) {
  return new URL("local-snapshot.bin.gz", new URL(packages, self.location.href)).href;
}

/**
 * "sha256-…" of `bytes` (an ArrayBuffer or a view), the form of an integrity value.
 * @param {BufferSource} bytes
 */
export async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let text = "";
  for (const byte of digest) text += String.fromCharCode(byte);
  return `sha256-${btoa(text)}`;
}

// The SHA-256 of the snapshot this browser made is kept apart from Cache Storage, in IndexedDB, and
// compared before the snapshot is restored: a snapshot put in the cache by anything else (another
// application on the origin, a broken write) is never restored. It is no proof against a script
// that runs on this origin, which can write both: a snapshot made in this browser cannot be checked
// against the build (README: "An origin of its own"); the reader can turn it off (localSnapshotOff).
const DIGESTS = "policy-explorer";

/**
 * One request on the store of digests, in a transaction of its own: its result once committed.
 * @template T
 * @param {IDBTransactionMode} mode
 * @param {(store: IDBObjectStore) => IDBRequest<T>} work
 * @returns {Promise<T>}
 */
function digestStore(mode, work) {
  return new Promise((resolve, reject) => {
    const opened = indexedDB.open(DIGESTS, 1);
    opened.onupgradeneeded = () => opened.result.createObjectStore("snapshots");
    opened.onerror = () => reject(opened.error);
    opened.onsuccess = () => {
      const db = opened.result;
      const transaction = db.transaction("snapshots", mode);
      const request = work(transaction.objectStore("snapshots"));
      transaction.oncomplete = () => {
        db.close();
        resolve(request.result);
      };
      transaction.onerror = transaction.onabort = () => {
        db.close();
        reject(transaction.error);
      };
    };
  });
}

/**
 * Record the SHA-256 of the snapshot just kept for the runtime in `packages`.
 * @param {string} packages
 * @param {string} digest
 */
export function keepSnapshotDigest(packages, digest) {
  return digestStore("readwrite", (store) => store.put(digest, localSnapshotURL(packages)));
}

/**
 * The SHA-256 recorded for the snapshot of the runtime in `packages`, or undefined.
 * @param {string} packages
 * @returns {Promise<string | undefined>}
 */
export function snapshotDigest(packages) {
  return digestStore("readonly", (store) => store.get(localSnapshotURL(packages)));
}

/** Whether the reader has turned off the snapshot made in this browser (the calculator page's
 * switch; kept in localStorage, which a worker cannot read: the page passes it in the config). */
export const LOCAL_SNAPSHOT_OFF = "pe-local-snapshot-off";

/** Fetch `url` and check its body against `integrity` here (not only by the browser), once more
 * past the HTTP cache (`cache: "reload"`) if it fails: one bad response, kept a year as the hosting
 * advice says, would otherwise break every later visit. Throws an Error that says what happened.
 * @param {string} url
 * @param {string} integrity
 * @param {typeof fetch} [plain]
 */
export async function fetchVerified(url, integrity, plain = self.fetch.bind(self)) {
  let problem = "";
  for (const cache of /** @type {RequestCache[]} */ (["default", "reload"])) {
    try {
      const response = await plain(url, { cache });
      if (!response.ok) {
        problem = `the server answered HTTP ${response.status}`;
        continue;
      }
      const bytes = await response.arrayBuffer();
      if ((await sha256(bytes)) === integrity) return bytes;
      problem = "the file received is not the one this site was built with (its SHA-256 differs)";
    } catch (error) {
      problem = `it could not be downloaded (${errorText(error)})`;
    }
  }
  throw failure(url, problem);
}

/** Import the module at `url` from bytes checked against `integrity`: importing the URL itself would
 * fetch it again, and what runs could differ from what was checked (a server answering no-store).
 * @param {string} url
 * @param {string | undefined} integrity
 * @param {typeof fetch} plain
 * @returns {Promise<any>} the module's namespace
 */
export async function importVerified(url, integrity, plain) {
  if (!integrity) throw new Error(`${fileName(url)}: no SHA-256 value to check it against`);
  const bytes = await fetchVerified(url, integrity, plain);
  const blob = URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }));
  try {
    return await import(blob);
  } finally {
    URL.revokeObjectURL(blob);
  }
}

/** @param {string} url */
function fileName(url) {
  return url.slice(url.lastIndexOf("/") + 1);
}

/** An Error about one runtime file: it names the file (`file`), for the page's own words. */
export class FileError extends Error {
  /**
   * @param {string} file
   * @param {string} message
   */
  constructor(file, message) {
    super(message);
    this.file = file;
  }
}

/**
 * The Error for a file that failed twice.
 * @param {string} url
 * @param {string} problem
 */
function failure(url, problem) {
  const advice = "Reload the page later; if it persists, tell the site's owner.";
  return new FileError(fileName(url), `${fileName(url)}: ${problem}, twice. ${advice}`);
}

/** Make every fetch of a file in `integrity` (absolute URL → "sha256-…") carry its value, and try a
 * failed one once more past the HTTP cache (`cache: "reload"`); `onFile`, if given, hears when a
 * file of `sizes` starts and when it has arrived (a checked file arrives whole, so progress moves
 * file by file, by the sizes the build recorded). Returns the plain fetch and `failures`, where a
 * file that failed twice leaves an Error naming it (Pyodide's own message names no file), and
 * `failed`, a promise rejected with the first: Pyodide waits for ever on a wasm that never came.
 * @param {Record<string, string>} integrity
 * @param {Record<string, number>} [sizes]
 * @param {(file: Omit<FileProgress, "type">) => void} [onFile]
 * @returns {{ plain: typeof fetch, failures: FileError[], failed: Promise<never> }}
 */
export function checkEveryFetch(integrity, sizes, onFile) {
  const plain = self.fetch.bind(self);
  /** @type {FileError[]} */
  const failures = [];
  /** @type {(error: FileError) => void} */
  let fail = () => {};
  /** @type {Promise<never>} */
  const failed = new Promise((resolve, reject) => (fail = reject));
  failed.catch(() => {}); // a caller that does not wait for it leaves no unhandled rejection
  self.fetch = (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
    const expected = integrity[url];
    const checked = expected && !init.integrity ? { ...init, integrity: expected } : init;
    let fetched = plain(input, checked);
    if (expected) {
      fetched = fetched
        .then((response) => (response.ok ? response : Promise.reject(new Error(`HTTP ${response.status}`))))
        .catch(() => plain(input, { ...checked, cache: "reload" }))
        .then(
          (response) => {
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            return response;
          },
          (error) => {
            const why =
              "the file received is not the one this site was built with (its SHA-256 differs), " +
              `or it could not be downloaded (${errorText(error)})`;
            failures.push(failure(url, why));
            fail(failures[0]);
            throw error;
          },
        );
    }
    if (onFile && sizes && sizes[url]) {
      const file = fileName(url);
      onFile({ file, state: "start" });
      fetched.then(
        () => onFile({ file, state: "done", bytes: sizes[url] }),
        () => onFile({ file, state: "failed", bytes: 0 }),
      );
    }
    return fetched;
  };
  return { plain, failures, failed };
}
