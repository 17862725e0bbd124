// Service worker: after one visit the calculator works offline. Written at the site's root by the
// build (policy_explorer.sitegen), with the runtime's folder name as the cache version.
//
// It handles only this site's own files: the build writes their list, each with its SHA-256
// (FILES, policy_explorer.sitegen.offline, once every edition is written; INTEGRITY for runtime/).
// Any other request in its scope (another application under the same path, an address the site
// does not have) goes to the network untouched and is never kept. A response is kept, and served
// from a cache, only when its body has the SHA-256 the build recorded, and never when it says
// `Cache-Control: no-store` or `private`; a cached copy that does not match is deleted.
//
// - runtime/… (Pyodide, the calculator wheel, the snapshot): versioned paths, so cache-first, kept
//   until the version changes: a broken or altered file is a network error, never cached, so the
//   next visit fetches it afresh;
// - pages: network first, falling back to the copy cached on the last visit;
// - other files of the site (styles, scripts, data): the cached copy at once, refreshed in the
//   background for the next visit (stale-while-revalidate); network first once the server is seen
//   to hold a newer build (`newerBuild`, below).
// Every cache name carries the registration scope, and the pages' cache the build's version: a new
// build deletes this site's old caches (the snapshot this browser made for them included), never
// those of another site on the same origin. Requests to other origins are not touched.
// The first visit is not under the service worker yet: once its calculator runs, the page sends the
// list of what it loaded ({type: "keep", urls}), and those of the site's files are kept as above.
const VERSION = "__VERSION__";
const INTEGRITY = __INTEGRITY__; // runtime file (path from the site's root) → "sha256-…"
const FILES = {}; // __FILES__ every other file of the site (path from its root) → "sha256-…"
const BUILD = "__BUILD__"; // the build's version: a digest of FILES
const SCOPE = self.registration.scope;
const RUNTIME = `pe-runtime-${VERSION}@${SCOPE}`;
const PAGES = `pe-pages-${BUILD}@${SCOPE}`;
const LOCAL_SNAPSHOT = `pe-snapshot-${VERSION}@${SCOPE}`; // the start-up snapshot this browser made (snapshot-maker.mjs)
// Set once the server is seen to hold a newer build than this worker knows: a file of the site
// whose body is not the one recorded (a page, usually: the first navigation after a deploy), or a
// newer worker found. From then on the site's files are fetched from the network first (the cached
// copy only when offline), so a new page never runs this build's scripts, search index or data.
let newerBuild = false;

function newerBuildSeen() {
  if (newerBuild) return;
  newerBuild = true;
  self.registration.update().catch(() => {}); // the new build's worker, without waiting a day
}

self.registration.addEventListener("updatefound", () => {
  newerBuild = true;
});

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        const ours = name.startsWith("pe-") && name.endsWith(`@${SCOPE}`);
        if (ours && ![RUNTIME, PAGES, LOCAL_SNAPSHOT].includes(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** The site's file `url` stands for (path from the scope, `…/` for its index.html) and its SHA-256,
 * or null when it is none of the site's files. */
function own(url) {
  if (url.origin !== self.location.origin || !url.pathname.startsWith(new URL(SCOPE).pathname)) return null;
  let path;
  try {
    path = decodeURIComponent(url.pathname.slice(new URL(SCOPE).pathname.length));
  } catch {
    return null;
  }
  if (path === "" || path.endsWith("/")) path += "index.html";
  const hash = Object.hasOwn(INTEGRITY, path) ? INTEGRITY[path] : Object.hasOwn(FILES, path) ? FILES[path] : null;
  return hash ? { path, hash, runtime: path.startsWith("runtime/") } : null;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const file = own(url);
  if (!file) return; // not this site's: the network's answer, never kept
  const key = url.origin + url.pathname; // one copy per file, whatever the query
  if (file.runtime) event.respondWith(cacheFirst(request, key, file.hash));
  else if (request.mode === "navigate") event.respondWith(networkFirst(request, key, file.hash));
  else event.respondWith(staleWhileRevalidate(event, request, key, file.hash));
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) event.waitUntil(keep(data.urls));
});

async function keep(urls) {
  for (const href of new Set(urls)) { // in order: the page comes last
    let url;
    try {
      url = new URL(String(href), SCOPE);
    } catch {
      continue;
    }
    const file = own(url);
    if (!file) continue;
    const key = url.origin + url.pathname;
    try {
      if (file.runtime) await cacheFirst(new Request(key), key, file.hash);
      else if (!(await checkedHit(PAGES, key, file.hash))) await fetchAndKeep(new Request(key), PAGES, key, file.hash);
    } catch {
      // not kept now: the next visit under the service worker keeps it
    }
  }
}

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  let text = "";
  for (const byte of digest) text += String.fromCharCode(byte);
  return `sha256-${btoa(text)}`;
}

/** The copy of `key` in the cache `name` when its body has the SHA-256 `hash`, else null (a copy
 * that does not is deleted: something other than this service worker put it there). */
async function checkedHit(name, key, hash) {
  const cache = await caches.open(name);
  const hit = await cache.match(key);
  if (!hit) return null;
  const body = await hit.arrayBuffer();
  if ((await sha256(body)) === hash) return new Response(body, hit);
  await cache.delete(key);
  return null;
}

/** Whether a response may be kept: `Cache-Control: no-store` or `private` says it may not. */
function storable(response) {
  const control = (response.headers.get("Cache-Control") || "").toLowerCase();
  return !/(^|[\s,])(no-store|private)([\s,=]|$)/.test(control);
}

/** Fetch `request`; a good answer whose body has `hash` is kept in the cache `name` under `key`. A
 * body without it is a network error for a runtime file (passed on otherwise, never kept: a page of
 * a newer build than this service worker knows). */
async function fetchAndKeep(request, name, key, hash, strict = false) {
  const response = await fetch(request);
  if (!response.ok || response.type === "opaqueredirect" || response.redirected) return response;
  const body = await response.clone().arrayBuffer();
  if ((await sha256(body)) !== hash) {
    if (strict) return Response.error();
    newerBuildSeen();
    return response;
  }
  if (storable(response)) await (await caches.open(name)).put(key, new Response(body, response));
  return response;
}

async function cacheFirst(request, key, hash) {
  const hit = await checkedHit(RUNTIME, key, hash);
  if (hit) return hit;
  return fetchAndKeep(request, RUNTIME, key, hash, true);
}

async function staleWhileRevalidate(event, request, key, hash) {
  if (newerBuild) return networkFirst(request, key, hash);
  const hit = await checkedHit(PAGES, key, hash);
  const refresh = fetchAndKeep(request, PAGES, key, hash);
  if (hit) {
    event.waitUntil(refresh.catch(() => {}));
    return hit;
  }
  return refresh;
}

async function networkFirst(request, key, hash) {
  try {
    return await fetchAndKeep(request, PAGES, key, hash);
  } catch (error) {
    const hit = await checkedHit(PAGES, key, hash);
    if (hit) return hit;
    throw error;
  }
}
