// Service worker: after one visit the calculator works offline. Written at the site's root by the
// build (policy_explorer.sitegen), with the runtime's folder name as the cache version.
//
// - runtime/… (Pyodide, the calculator wheel, the snapshot): versioned paths, so cache-first, kept
//   until the version changes. A response is kept, and served, only when its body has the SHA-256
//   the build recorded (INTEGRITY, or the integrity value the request carries): a broken or altered
//   file is a network error, never cached, so the next visit fetches it afresh;
// - pages: network first, falling back to the copy cached on the last visit;
// - other files on this origin (styles, scripts, data): the cached copy at once, refreshed in the
//   background for the next visit (stale-while-revalidate).
// Requests to other origins are not touched (the site makes none). A new version deletes the caches
// of the old one, the snapshot this browser made for it included.
// The first visit is not under the service worker yet: once its calculator runs, the page sends the
// list of what it loaded ({type: "keep", urls}), and those same-origin files are kept as above.
const VERSION = "__VERSION__";
const INTEGRITY = __INTEGRITY__; // runtime file (path from the site's root) → "sha256-…"
const RUNTIME = `pe-runtime-${VERSION}`;
const PAGES = "pe-pages-v1";
const LOCAL_SNAPSHOT = `pe-snapshot-${VERSION}`; // the start-up snapshot this browser made (snapshot-maker.mjs)

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("pe-") && ![RUNTIME, PAGES, LOCAL_SNAPSHOT].includes(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  if (url.pathname.startsWith(`${scope.pathname}runtime/`)) {
    event.respondWith(cacheFirst(request, url.pathname.slice(scope.pathname.length)));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  } else {
    event.respondWith(staleWhileRevalidate(event, request));
  }
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) event.waitUntil(keep(data.urls));
});

async function keep(urls) {
  const scope = new URL(self.registration.scope);
  const pages = await caches.open(PAGES);
  for (const href of new Set(urls)) { // in order: the page comes last
    const url = new URL(String(href), scope);
    if (url.origin !== self.location.origin || !url.pathname.startsWith(scope.pathname)) continue;
    try {
      if (url.pathname.startsWith(`${scope.pathname}runtime/`)) {
        await cacheFirst(new Request(url.href), url.pathname.slice(scope.pathname.length));
      } else if (!(await pages.match(url.href))) {
        const response = await fetch(url.href);
        if (response.ok) await pages.put(url.href, response);
      }
    } catch (error) {
      // not kept now: the next visit under the service worker keeps it
    }
  }
}

async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(PAGES);
  const hit = await cache.match(request);
  const refresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (hit) {
    event.waitUntil(refresh.catch(() => {}));
    return hit;
  }
  return refresh;
}

async function sha256(response) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await response.arrayBuffer()));
  return `sha256-${btoa(String.fromCharCode(...digest))}`;
}

async function cacheFirst(request, path) {
  const cache = await caches.open(RUNTIME);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const expected = INTEGRITY[path] || request.integrity;
  const response = await fetch(request);
  if (!response.ok || !expected) return response; // nothing to check it against: passed on, not kept
  if ((await sha256(response.clone())) !== expected) return Response.error();
  await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
    if (hit) return hit;
    throw error;
  }
}
