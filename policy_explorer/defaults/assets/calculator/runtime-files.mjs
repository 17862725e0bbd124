// What the calculator's worker and the snapshot maker share about the runtime's files: how Pyodide
// loads them, every fetch checked against the SHA-256 the build recorded, and where a snapshot made
// in this browser is kept.

/** Pyodide's loader options for the runtime in `config`: its folder, the inlined lock, the wheel's
 * folder and the trimmed standard library. One place for both workers: a snapshot made in this
 * browser restores only into the library it was made with. */
export function loaderOptions(config) {
  const at = (path) => new URL(path, self.location.href).href;
  return {
    indexURL: at(config.pyodide),
    lockFileContents: config.lock,
    packageBaseUrl: at(config.packages),
    ...(config.stdlib ? { stdLibURL: at(config.stdlib) } : {}),
    stdout: () => {},
    stderr: () => {},
  };
}

/** The Cache Storage cache of the snapshot this browser made for the runtime in `packages` (its
 * folder, runtime/calculator-<hash>/, names the version: a new runtime never restores an old one;
 * the service worker deletes the caches of other versions). */
export function snapshotCache(packages) {
  return `pe-snapshot-${version(packages)}`;
}

/** The service worker's cache of the runtime's files (sw.js: RUNTIME), which the worker fills with
 * the build's snapshot it downloaded: the service worker would otherwise fetch those 7 MB again to
 * keep them when the browser's HTTP cache does not hold a file that large. */
export function runtimeCache(packages) {
  return `pe-runtime-${version(packages)}`;
}

function version(packages) {
  return new URL(packages, self.location.href).pathname.split("/").filter(Boolean).pop();
}

/** The key the snapshot is kept under in that cache (never fetched from the network). */
export function localSnapshotURL(packages) {
  return new URL("local-snapshot.bin.gz", new URL(packages, self.location.href)).href;
}

/** Make every fetch of a file in `integrity` (absolute URL → "sha256-…") carry its value; `onFile`,
 * if given, hears when a file of `sizes` starts and when it has arrived (a checked file arrives
 * whole, so progress moves file by file, by the sizes the build recorded). */
export function checkEveryFetch(integrity, sizes, onFile) {
  const plain = self.fetch.bind(self);
  self.fetch = (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
    const expected = integrity[url];
    const fetched = plain(input, expected && !init.integrity ? { ...init, integrity: expected } : init);
    if (onFile && sizes && sizes[url]) {
      const file = url.slice(url.lastIndexOf("/") + 1);
      onFile({ file, state: "start" });
      fetched.then(
        () => onFile({ file, state: "done", bytes: sizes[url] }),
        () => {},
      );
    }
    return fetched;
  };
  return plain;
}
