"""Issue 27 (medium findings), as an attacker tries them, in headless Chromium: what Cache Storage
holds, what the service worker handles and keeps, what code the calculator's workers run, and what a
reader sees after one bad response.

The attacker is a script of another application on the site's origin (GitHub Pages project sites
share one): a page at ``/other-app/`` (answered by the test, as that application's server would),
which can open, read and write every cache of the origin.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from browser import Visit, serve, until

from policy_explorer.sitegen.render import load_strings

READY = "#pe-calc-status[data-state=ready]"
FAILED = "#pe-calc-status[data-state=failed]"
TOTALS = "#pe-calc-output .pe-calc-totals"
# Longgang start-up, 500万 of compute: Shenzhen 训力券 60% for a start-up ("对初创企业提高资助比例至60%")
# = 300万 and Longgang 算力 30% = 150万: "450万元" at most (test_calculator_browser works these out).
SCENARIO = "#j=shenzhen-longgang&on=2025-06-01&s=1&f.compute_spend=5000000"
MAX_CNY = 4_500_000

OTHER_APP = "<!doctype html><html><head><title>Another application</title></head><body>other</body></html>"

CACHED = """async () => {
  const found = {};
  for (const name of await caches.keys()) {
    found[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
  }
  return found;
}"""

# The cache names of the runtime at `root`, as this site's code writes them (runtime-files.mjs).
NAMES = """async ([root, config]) => {
  const packages = new URL(config.packages, root);
  const version = packages.pathname.split('/').filter(Boolean).pop();
  const scope = new URL('../../', packages).href;
  return {version, scope, snapshot: new URL(config.snapshot, root).href,
          local: new URL('local-snapshot.bin.gz', packages).href,
          runtime: `pe-runtime-${version}@${scope}`, ownSnapshot: `pe-snapshot-${version}@${scope}`,
          oldRuntime: `pe-runtime-${version}`, oldSnapshot: `pe-snapshot-${version}`};
}"""

# The bytes go in as base64: a list of integers (a JSON number per byte of a multi-megabyte snapshot)
# took minutes to hand over on a busy machine.
PLANT = """async ([cacheName, url, b64, type]) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const cache = await caches.open(cacheName);
  await cache.put(url, new Response(bytes, {headers: {'Content-Type': type}}));
}"""


def _runtime_config(built_site: Path) -> dict:
    """The runtime's configuration as the calculator page carries it (#pe-runtime)."""
    html = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    start = html.index('id="pe-runtime">') + len('id="pe-runtime">')
    return json.loads(html[start : html.index("</script>", start)])


def _other_app(context, base_url: str) -> None:
    """Another application's page on the same origin, outside the site's files."""
    context.route(
        f"{base_url}other-app/",
        lambda route: route.fulfill(status=200, content_type="text/html", body=OTHER_APP),
    )


def _attacker(context, base_url: str):
    _other_app(context, base_url)
    page = context.new_page()
    page.goto(base_url + "other-app/")
    return page


def _names(page, base_url: str, config: dict) -> dict:
    return page.evaluate(NAMES, [base_url, config])


def _calculator(context, base_url: str) -> Visit:
    visit = Visit(context, base_url + "calculator/" + SCENARIO)
    visit.page.wait_for_selector(f"{READY}, {FAILED}", timeout=90_000)
    return visit


def _shown_max(page) -> int:
    page.wait_for_selector(TOTALS, timeout=30_000)
    return int(page.get_attribute("[data-total=max]", "data-cny"))


def _controlled(context, base_url: str, before=None):
    """A page of the site under its service worker (registered as client.mjs does: scope = the
    site's root); `before(page)` runs first, before the service worker activates."""
    page = context.new_page()
    page.goto(base_url + "about/")
    if before:
        before(page)
    page.evaluate(
        "root => navigator.serviceWorker.register(new URL('sw.js', root), {scope: new URL(root).pathname})"
        ".then(() => navigator.serviceWorker.ready).then(() => true)",
        base_url,
    )
    page.reload()
    until(page, "navigator.serviceWorker.controller !== null")
    return page


# --- Cache Storage is trusted without a check ---------------------------------------------------


def test_a_snapshot_planted_in_cache_storage_is_not_restored(browser, base_url, built_site):
    """Before: a snapshot put in the local snapshot's cache by another page was restored ("local").
    The build's own snapshot stands in for a forged one: any bytes this browser did not make."""
    config = _runtime_config(built_site)
    context = browser.new_context()
    attacker = _attacker(context, base_url)
    names = _names(attacker, base_url, config)
    planted = base64.b64encode((built_site / config["snapshot"]).read_bytes()).decode()
    for cache in (names["ownSnapshot"], names["oldSnapshot"]):
        attacker.evaluate(PLANT, [cache, names["local"], planted, "application/gzip"])
    visit = _calculator(context, base_url)
    page = visit.page
    assert page.get_attribute("#pe-calc-status", "data-mode") != "local"
    assert _shown_max(page) == MAX_CNY
    assert names["local"] not in page.evaluate(CACHED).get(names["ownSnapshot"], [])  # deleted
    context.close()


def test_the_build_snapshot_is_read_only_from_the_site_s_cache_and_only_when_it_matches(
    browser, base_url, built_site
):
    """Before: the worker took the build's snapshot from any cache of the origin (caches.match),
    unchecked. Now another application's cache is never read, and a copy in the site's own cache
    whose bytes are not the build's is deleted, not restored."""
    config = _runtime_config(built_site)
    context = browser.new_context()
    attacker = _attacker(context, base_url)
    names = _names(attacker, base_url, config)
    genuine = (built_site / config["snapshot"]).read_bytes()
    altered = gzip.compress(gzip.decompress(genuine)[:-1] + b"\x00")  # a valid gzip, other bytes
    attacker.evaluate(
        PLANT, [names["runtime"], names["snapshot"], base64.b64encode(altered).decode(), "application/gzip"]
    )
    attacker.evaluate(
        PLANT, ["other-app", names["snapshot"], base64.b64encode(genuine).decode(), "application/gzip"]
    )
    visit = _calculator(context, base_url)
    page = visit.page
    marks = json.loads(page.get_attribute("#pe-calc-status", "data-marks") or "{}")
    assert marks.get("snapshot_from") != "cache", marks
    assert _shown_max(page) == MAX_CNY
    kept = page.evaluate(CACHED).get(names["runtime"], [])
    if names["snapshot"] in kept:  # the worker downloaded and kept the genuine one meanwhile
        # Its SHA-256 worked out in the page (127.0.0.1 is a secure context), not its bytes handed over.
        got = page.evaluate(
            "async ([c, u]) => { const body = await (await (await caches.open(c)).match(u)).arrayBuffer();"
            " const sum = new Uint8Array(await crypto.subtle.digest('SHA-256', body));"
            " return 'sha256-' + btoa(String.fromCharCode(...sum)); }",
            [names["runtime"], names["snapshot"]],
        )
        assert got == config["integrity"][config["snapshot"]]
    context.close()


def test_the_service_worker_serves_only_cached_copies_that_match_the_build(browser, base_url, built_site):
    """Before: a file altered in the service worker's caches (a runtime module, a page's script) was
    served as it was. Now each hit is checked against the build's SHA-256: an altered copy is
    deleted and the file fetched afresh."""
    context = browser.new_context()
    page = _controlled(context, base_url)
    runtime = next(built_site.glob("runtime/pyodide-*/pyodide.mjs")).relative_to(built_site).as_posix()
    asset = "assets/calculator/" + next(built_site.glob("assets/calculator/embed*.js")).name
    get = "url => fetch(url).then((r) => r.text(), (e) => 'network error')"
    for path in (runtime, asset):
        url = base_url + path
        genuine = (built_site / path).read_text(encoding="utf-8")
        assert page.evaluate(get, url) == genuine  # now kept by the service worker
        found = {}
        deadline = time.monotonic() + 10
        while not found:  # kept in the background for a file served stale-while-revalidate
            found = {name: urls for name, urls in page.evaluate(CACHED).items() if url in urls}
            assert found or time.monotonic() < deadline, f"{path} was not kept"
        forged = base64.b64encode(b"self.__forged = true; // " + path.encode()).decode()
        for name in found:
            page.evaluate(PLANT, [name, url, forged, "text/javascript"])
        assert page.evaluate(get, url) == genuine, path
    context.close()


# --- The service worker caches other applications -----------------------------------------------


def test_the_service_worker_leaves_other_applications_and_private_answers_alone(browser, base_url):
    """Before: another application's `/other-app/api/me.json` (no-store, private) was kept and its
    first answer returned for ever. Now a path that is not the site's is not handled, and no
    answer marked no-store or private is kept, the site's own included."""
    context = browser.new_context()
    served = {"n": 0}

    def me(route):
        served["n"] += 1
        headers = {"Cache-Control": "no-store, private", "Content-Type": "application/json"}
        route.fulfill(status=200, headers=headers, body=json.dumps({"user": served["n"]}))

    def private(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "cache-control": "private, max-age=60"})

    context.route("**/other-app/api/me.json", me)
    context.route("**/calendar.ics", private)
    page = _controlled(context, base_url)
    me_url = base_url + "other-app/api/me.json"
    get = "url => fetch(url).then((r) => r.json()).then((j) => j.user)"
    first = page.evaluate(get, me_url)
    assert page.evaluate(get, me_url) == first + 1
    assert page.evaluate("url => fetch(url).then((r) => r.status)", base_url + "calendar.ics") == 200
    page.wait_for_timeout(500)  # what the service worker would keep, it keeps in the background
    kept = [u for urls in page.evaluate(CACHED).values() for u in urls]
    assert not [u for u in kept if "other-app" in u or u.endswith("calendar.ics")], kept
    context.close()


def test_the_service_worker_deletes_only_this_site_s_old_caches(browser, base_url):
    """Before: activating deleted every `pe-*` cache of the origin: another policy-explorer site's
    too. Now each cache name carries the scope; an old version of this site's caches goes."""
    context = browser.new_context()
    others = ["pe-pages-v1", "pe-runtime-calculator-000000000000@http://127.0.0.1:1/other-site/"]
    mine_old = f"pe-pages-0000000000000000@{base_url}"

    def plant(page):
        for name in (*others, mine_old):
            page.evaluate("name => caches.open(name).then(() => true)", name)

    page = _controlled(context, base_url, before=plant)
    page.evaluate("url => fetch(url).then((r) => r.text())", base_url + "calendar.ics")
    page.wait_for_timeout(500)
    names = page.evaluate("caches.keys()")
    assert set(others) <= set(names), names
    assert mine_old not in names, names
    pages = [n for n in names if n.startswith("pe-pages-") and n.endswith(f"@{base_url}")]
    assert len(pages) == 1 and pages[0] != mine_old, names  # this build's version
    context.close()


# --- The checked bytes are not the bytes that run -----------------------------------------------


def _good_then_altered(name: str, seen: list[str]):
    """A server answering `no-store`, the good file first, then code that is not the file pinned."""

    def answer(route):
        response = route.fetch()
        seen.append(route.request.url)
        body = response.body()
        if len(seen) > 1:
            body = f'throw new Error("altered {name} ran");\n'.encode() + body
        headers = {**response.headers, "cache-control": "no-store"}
        route.fulfill(response=response, headers=headers, body=body)

    return answer


def test_the_workers_run_the_bytes_they_checked(browser, base_url):
    """Before: the worker checked pyodide.mjs, then import() fetched it again and ran the altered
    copy; the snapshot maker imported it with no check at all. Now both run only checked bytes:
    the worker starts, the maker refuses the altered copy and says why."""
    context = browser.new_context()
    seen: list[str] = []
    context.route("**/pyodide.mjs", _good_then_altered("pyodide.mjs", seen))
    context.route("**/snapshot.bin.gz", lambda route: route.fulfill(status=404))  # the wheel: the maker runs
    context.add_init_script(
        "window.__snapshot = null;"
        "document.addEventListener('pe-calc-snapshot', (e) => { window.__snapshot = e.detail; });"
    )
    visit = _calculator(context, base_url)
    page = visit.page
    status = page.inner_text("#pe-calc-status")
    assert page.get_attribute("#pe-calc-status", "data-state") == "ready", status
    assert _shown_max(page) == MAX_CNY
    until(page, "window.__snapshot !== null", timeout=120)
    made = page.evaluate("window.__snapshot")
    assert "altered" not in json.dumps(made), made
    assert made["kept"] is False and "pyodide.mjs" in made["message"], made
    context.close()


# --- One bad response breaks the calculator for a year -------------------------------------------


def _bad(times: int, seen: list[str]):
    """Answer the file with one byte flipped the first `times` times (a 200 with a broken body)."""

    def answer(route):
        response = route.fetch()
        seen.append(route.request.url)
        body = bytearray(response.body())
        if len(seen) <= times:
            body[len(body) // 2] ^= 0xFF
        route.fulfill(response=response, body=bytes(body))

    return answer


@pytest.mark.parametrize("name", ["pyodide.asm.mjs", "python_stdlib.zip"])
def test_one_bad_response_is_tried_again(browser, base_url, name):
    """Before: one broken body failed the start (and, kept a year as `immutable`, every later one).
    Now the file is fetched once more past the HTTP cache, and the calculator starts. (The wasm is
    not among them: Pyodide fetches it again itself when its streaming compilation fails.)"""
    context = browser.new_context()
    seen: list[str] = []
    context.route(f"**/{name}", _bad(1, seen))
    context.route("**/snapshot.bin.gz", lambda route: route.fulfill(status=404))
    visit = _calculator(context, base_url)
    status = visit.page.inner_text("#pe-calc-status")
    assert visit.page.get_attribute("#pe-calc-status", "data-state") == "ready", status
    assert _shown_max(visit.page) == MAX_CNY
    assert len(seen) >= 2  # the bad one, then the good one (the snapshot maker fetches it again later)
    context.close()


def test_a_file_bad_twice_is_named_in_words_and_the_status_does_not_freeze(browser, base_url):
    """ "正在下载 pyodide.asm.wasm…" stayed after the failure. Now the status says, in the page's
    language, which file was not the one the site was built with, and stays so."""
    context = browser.new_context()
    seen: list[str] = []
    context.route("**/pyodide.asm.wasm", _bad(99, seen))
    visit = _calculator(context, base_url)
    page = visit.page
    page.wait_for_timeout(1500)  # any file still coming arrives meanwhile
    status = page.inner_text("#pe-calc-status")
    assert page.get_attribute("#pe-calc-status", "data-state") == "failed", status
    words = load_strings()
    assert words["calc_failed_file"]["zh"].replace("{file}", "pyodide.asm.wasm") in status, status
    assert words["calc_loading"]["zh"] not in status, status  # the loading words are gone
    assert len(seen) >= 2, seen  # tried once more past the HTTP cache (Pyodide may try it again itself)
    context.close()


# --- The site's scripts, search index and data one load stale after a deploy ---------------------


def _deploy(path: Path, change) -> None:
    """Replace a file of a hard-linked copy of the site (the built site is left as it is) and drop its
    precompressed copies, as a new build would write it."""
    text = path.read_text(encoding="utf-8")
    path.unlink()
    path.write_text(change(text), encoding="utf-8")
    for suffix in (".br", ".gz"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def test_the_first_visit_after_a_deploy_runs_the_new_build_s_script(browser, built_site, tmp_path):
    """The last review found site.js, the search index and data one load stale after a deploy. A real
    deploy (files replaced on the server, their precompressed copies dropped): the first visit after it
    runs the new page with the new script, although the worker holds the old one in its cache. A guard
    for the reader's first load after each deploy (GitHub Pages' fixed max-age=600 is outside it)."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, copy_function=os.link)
    with serve(site) as url:
        context = browser.new_context()
        page = _controlled(context, url)
        script = page.evaluate(
            "[...document.scripts].map((s) => s.src).find((u) => /\\/site[^/]*\\.js$/.test(u))"
        )
        assert script and script.startswith(url), script
        index = url + "search/search_index.json"
        words = "url => fetch(url).then((r) => r.json()).then((j) => j.docs.length)"
        page.goto(url + "about/")
        before = page.evaluate(words, index)
        page.wait_for_timeout(500)
        kept = [u for urls in page.evaluate(CACHED).values() for u in urls]
        assert script in kept and index in kept, kept  # both kept by the worker
        _deploy(site / "about" / "index.html", lambda t: t.replace("</body>", '<i id="pe-next"></i></body>'))
        _deploy(site / script.removeprefix(url), lambda t: t + "\nwindow.__deployed = 1;\n")
        _deploy(site / "search" / "search_index.json", _one_more_doc)
        page.goto(url + "about/")
        assert page.locator("#pe-next").count() == 1  # the new page
        assert page.evaluate("window.__deployed ?? null") == 1  # its script
        assert page.evaluate(words, index) == before + 1  # and its search index
        context.close()


def _one_more_doc(text: str) -> str:
    index = json.loads(text)
    index["docs"].append({"location": "new/", "title": "new", "text": ""})
    return json.dumps(index)
