"""The calculator page and widget in headless Chromium, running the calculator package in Pyodide.

Amounts are compared with the CLI (``python -m policy_explorer.calculator estimate``) for the same profiles;
the Longgang figures are also worked out from the texts (see test_calculator_browser).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from urllib.parse import urlencode, urlsplit

import pytest
from browser import Visit, serve, until
from conftest import BUILD_DATE, ROOT

from policy_explorer.calculator import estimate
from policy_explorer.calculator.money import fmt_cny
from policy_explorer.sitegen import hant

READY = "#pe-calc-status[data-state=ready]"
TOTALS = "#pe-calc-output .pe-calc-totals"

PROFILES = [
    {"jurisdiction": "shenzhen-longgang", "startup": True, "facts": {"compute_spend": 5_000_000}},
    {
        "jurisdiction": "shenzhen-futian",
        "startup": False,
        "facts": {"compute_spend": 30_000_000, "corpus_spend": 2_000_000, "model_spend": 800_000},
    },
    {"jurisdiction": "hangzhou-xihu", "startup": True, "facts": {"compute_spend": 1_234_500}},
    {
        "jurisdiction": "xiamen",
        "startup": False,
        "facts": {"compute_spend": 8_000_000, "rd_spend": 50_000_000},
    },
    # Binjiang (二) states only a maximum (最高500万元): an item with no minimum.
    {"jurisdiction": "hangzhou-binjiang", "startup": False, "facts": {"open_source_project": True}},
]
ON = "2025-06-01"


def cli(profile: dict, on: str) -> dict:
    run = subprocess.run(
        [sys.executable, "-m", "policy_explorer.calculator", "estimate", "-", "--on", on],
        input=json.dumps(profile),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(run.stdout)


def address(profile: dict, on: str, mark: str = "#") -> str:
    """The scenario as the page writes it (``#…``, never sent to a server) or as a preset (``?…``)."""
    params = {"j": profile["jurisdiction"], "on": on}
    if profile.get("startup"):
        params["s"] = "1"
    params.update({f"f.{k}": json.dumps(v) for k, v in profile["facts"].items()})  # true, 5000000
    return mark + urlencode(params)


class Watch(Visit):
    """A calculator page, recorded (see browser.Visit), that can read the result it shows."""

    def shown(self) -> dict:
        """The result on screen: totals and items, in yuan, from the page's data attributes."""
        self.page.wait_for_selector(TOTALS, timeout=90_000)
        page = self.page
        rows = page.eval_on_selector_all(
            ".pe-calc-items tbody tr",
            "rs => rs.map(r => [r.dataset.clause, r.dataset.cnyMin === undefined ? null : +r.dataset.cnyMin,"
            " +r.dataset.cnyMax])",
        )
        return {
            "max": int(page.get_attribute("[data-total=max]", "data-cny")),
            "conservative": int(page.get_attribute("[data-total=conservative]", "data-cny")),
            "items": sorted(map(tuple, rows)),
        }


def expected(result: dict) -> dict:
    return {
        "max": result["total_max_cny"],
        "conservative": result["total_conservative_cny"],
        "items": sorted(
            (f"{i['policy']}/{i['clause']}", i["min_cny"], i["max_cny"]) for i in result["items"]
        ),
    }


# The service worker's cache of the runtime (runtime-files.mjs: runtimeCache): its version and scope.
HOLD = """async (root) => {
  const config = JSON.parse(document.getElementById('pe-runtime').textContent);
  const packages = new URL(config.packages, root);
  const version = packages.pathname.split('/').filter(Boolean).pop();
  const name = `pe-runtime-${version}@${new URL('../../', packages).href}`;
  await (await caches.open(name)).add(new URL(config.snapshot, root));
}"""


def _hold_the_build_snapshot(context, root: str) -> None:
    """Keep the build's snapshot in the context's Cache Storage, as a visit on a fast link leaves it:
    the worker then restores it whatever the link measures while the machine is busy."""
    page = context.new_page()
    page.goto(root + "calculator/")
    page.evaluate(HOLD, root)
    page.close()


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
def test_the_page_gives_the_cli_amounts(browser, base_url, lang):
    context = browser.new_context()
    root = base_url + ("" if lang == "zh" else f"{lang}/")
    _hold_the_build_snapshot(context, root)
    for profile in PROFILES:
        watch = Watch(context, root + "calculator/" + address(profile, ON))
        assert watch.shown() == expected(cli(profile, ON)), profile
        assert watch.page.get_attribute(READY, "data-mode") == "snapshot"
        assert not watch.errors, watch.errors
        host = urlsplit(base_url).netloc
        assert all(urlsplit(u).netloc == host for u in watch.requests if u.startswith("http")), watch.requests
        watch.page.close()
    context.close()


def test_longgang_amounts_from_the_text(browser, base_url):
    watch = Watch(browser.new_context(), base_url + "en/calculator/" + address(PROFILES[0], ON))
    # 60% × 500万 = 300万 (Shenzhen, start-up) and 30% × 500万 = 150万 (Longgang)
    assert watch.shown()["max"] == 4_500_000 and watch.shown()["conservative"] == 3_000_000
    assert "CNY 4,500,000" in watch.page.inner_text(TOTALS)
    watch.page.locator(".pe-calc-compare-slot").scroll_into_view_if_needed()  # drawn when near the screen
    chart = watch.page.locator(".pe-calc-compare tr[data-jurisdiction=shenzhen-longgang]")
    assert "CNY 4,500,000" in chart.text_content()
    watch.page.context.close()


def test_the_address_restores_the_scenario(browser, base_url):
    context = browser.new_context()
    watch = Watch(context, base_url + "calculator/")
    page = watch.page
    page.wait_for_selector(READY, timeout=90_000)
    page.select_option("#pe-j", "shenzhen-nanshan")
    page.check("#pe-startup")
    page.fill("#pe-f-compute_spend", "")
    page.fill("#pe-f-corpus_spend", "")
    page.fill("#pe-f-model_spend", "")
    page.fill("#pe-f-compute_spend", "1234.5")  # 万元
    until(page, "new URLSearchParams(location.hash.slice(1)).get('f.compute_spend') === '12345000'")
    page.wait_for_timeout(800)
    first = watch.shown()
    shared = page.url
    again = Watch(context, shared)
    assert (
        again.shown()
        == first
        == expected(
            cli(
                {"jurisdiction": "shenzhen-nanshan", "startup": True, "facts": {"compute_spend": 12_345_000}},
                BUILD_DATE,
            )
        )
    )
    assert again.page.input_value("#pe-f-compute_spend") == "1234.5"
    assert again.page.is_checked("#pe-startup")
    assert again.page.input_value("#pe-j") == "shenzhen-nanshan"
    context.close()


def test_amounts_in_yuan_and_typos_are_named(browser, base_url):
    query = "?u=cny&j=shenzhen-longgang&s=1&f.compute_spend=5000000&on=" + ON
    watch = Watch(browser.new_context(), base_url + "calculator/" + query)
    page = watch.page
    assert watch.shown()["max"] == 4_500_000
    assert page.input_value("#pe-f-compute_spend") == "5000000"
    page.check("#pe-unit-wan")
    page.wait_for_timeout(300)
    assert page.input_value("#pe-f-compute_spend") == "500"
    page.fill("#pe-f-compute_spend", "5百x")  # not an amount (5百万 is: policy_explorer/calculator/typed.py)
    page.wait_for_selector("#pe-f-compute_spend[aria-invalid=true]", timeout=30_000)
    assert "1250、12.5万" in page.inner_text("#pe-e-compute_spend")  # one message, under the field
    assert "pe-e-compute_spend" in page.get_attribute("#pe-f-compute_spend", "aria-describedby")
    page.fill("#pe-f-compute_spend", "500")
    page.wait_for_selector("#pe-f-compute_spend:not([aria-invalid])", timeout=30_000)
    assert page.locator("#pe-e-compute_spend").count() == 0
    # The engine's own check (an amount beyond any plausible value) comes back named by the label.
    page.fill("#pe-f-compute_spend", "200000000")  # 万元 = CNY 2 trillion
    page.wait_for_selector(".pe-calc-error", timeout=30_000)
    error = page.inner_text(".pe-calc-error")
    assert error.startswith("算力服务支出") and "plausible" in error, error
    assert page.get_attribute("#pe-f-compute_spend", "aria-invalid") == "true"
    page.context.close()


def test_a_clause_that_needs_a_fact_offers_it(browser, base_url):
    profile = {"jurisdiction": "shenzhen-longgang", "startup": False, "facts": {"compute_spend": 1_000_000}}
    watch = Watch(browser.new_context(), base_url + "calculator/" + address(profile, ON))
    watch.shown()
    page = watch.page
    page.click(".pe-calc-needs-box > summary")  # the list is folded
    button = page.locator(".pe-add-fact[data-fact=corpus_spend]").first
    button.click()
    assert page.evaluate("document.activeElement.id") == "pe-f-corpus_spend"
    assert page.is_visible("#pe-f-corpus_spend")
    page.context.close()


def test_a_closed_group_fills_in_as_it_opens(browser, base_url, data):
    """A closed group's fields come from the fields file as it opens, in the unit chosen, and count."""
    watch = Watch(browser.new_context(), base_url + "calculator/")
    watch.shown()
    page = watch.page
    group = 'details[data-category="events"]'
    assert page.locator(f"{group} .pe-field").count() == 0
    page.check("#pe-unit-cny")
    page.click(f"{group} > summary")
    page.wait_for_selector("#pe-f-event_spend", state="visible", timeout=10_000)  # from the fields file
    assert page.inner_text(f"{group} [data-fact=event_spend] .pe-unit-label") == "· 元"
    page.fill("#pe-f-event_spend", "1000000")  # yuan
    facts = {"compute_spend": 10_000_000, "corpus_spend": 2_000_000, "model_spend": 1_000_000}
    profile = {"jurisdiction": "shenzhen-longgang", "startup": False, "facts": facts}  # example_profile.yaml
    before = estimate(profile, on=BUILD_DATE, data=data)["total_max_cny"]
    after = estimate({**profile, "facts": {**facts, "event_spend": 1_000_000}}, on=BUILD_DATE, data=data)
    assert after["total_max_cny"] > before
    page.wait_for_selector(f'[data-total=max][data-cny="{after["total_max_cny"]}"]', timeout=30_000)
    assert "f.event_spend=1000000" in page.url
    page.context.close()


def test_the_calculator_page_fetches_no_search_index(browser, base_url):
    """Search is left out of the calculator page: no search box, so no index download and no worker."""
    watch = Watch(browser.new_context(), base_url + "calculator/" + address(PROFILES[0], ON))
    watch.shown()
    assert watch.page.locator("[data-md-component=search]").count() == 0
    assert not [u for u in watch.requests if "/search/" in u or u.endswith("/null")], watch.requests
    assert [re.sub("-[0-9a-f]{12}", "", w.url.rsplit("/", 1)[-1]) for w in watch.page.workers] == [
        "worker.mjs"
    ]
    watch.page.context.close()


def test_the_example_shows_before_python_and_without_javascript(browser, base_url, data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "calculator/")
    assert page.is_visible("#pe-calc-example")
    example = page.inner_text("#pe-calc-example")
    facts = {"compute_spend": 10_000_000, "corpus_spend": 2_000_000, "model_spend": 1_000_000}
    profile = {"jurisdiction": "shenzhen-longgang", "startup": False, "facts": facts}  # example_profile.yaml
    assert fmt_cny(estimate(profile, on=BUILD_DATE, data=data)["total_max_cny"], "zh") in example
    context.close()


def test_the_page_stays_responsive_while_python_loads(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(
        "window.__long = []; new PerformanceObserver("
        "l => l.getEntries().forEach(e => window.__long.push(e.duration))"
        ").observe({type: 'longtask', buffered: true});"
    )
    page.goto(base_url + "calculator/", wait_until="domcontentloaded")
    page.wait_for_selector("#pe-f-compute_spend")
    assert page.get_attribute("#pe-calc-status", "data-state") is None  # still loading
    assert page.get_attribute("#pe-calc-example", "data-stale") is None  # nothing typed yet
    started = time.perf_counter()
    page.fill("#pe-f-compute_spend", "2500")
    page.wait_for_selector("#pe-calc-example[data-stale=pending]")  # the old figures marked at once
    assert time.perf_counter() - started < 2.0
    page.wait_for_selector(READY, timeout=90_000)
    longest = max(page.evaluate("window.__long") or [0])
    assert longest < 500, f"the main thread was blocked for {longest} ms"
    context.close()


def test_offline_after_one_visit(browser, base_url):
    context = browser.new_context()
    watch = Watch(context, base_url + "calculator/" + address(PROFILES[0], ON))
    watch.shown()
    watch.page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    watch.page.reload()  # now under the service worker, which caches what the page and worker fetch
    watch.shown()
    assert watch.page.evaluate("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    offline = Watch(context, base_url + "calculator/" + address(PROFILES[0], ON))
    assert offline.shown()["max"] == 4_500_000
    context.close()


def test_offline_right_after_the_first_visit(browser, base_url):
    """The first visit is not under the service worker: what it loaded is kept once it is ready."""
    context = browser.new_context()
    url = base_url + "calculator/" + address(PROFILES[0], ON)
    watch = Watch(context, url)
    watch.shown()
    # Kept one after the other, in the background: wait for the calculator's worker and its page (a
    # page of the site may be kept by another route first, so the page alone does not say all is).
    wanted = [r"/worker-[0-9a-f]{12}\.mjs$", r"\.wasm$", r"/calculator/$"]  # the page, not assets/…
    every = f"{json.dumps(wanted)}.every(p => u.some(x => new RegExp(p).test(x)))"
    kept = f"async () => {{ const u = await ({CACHED})(); return {every}; }}"
    # Polled from here: wait_for_function cannot poll under the page's CSP (no string evaluation).
    deadline = time.monotonic() + 60
    while not watch.page.evaluate(kept):
        assert time.monotonic() < deadline, "the first visit's files were not kept"
        watch.page.wait_for_timeout(200)
    context.set_offline(True)
    offline = Watch(context, url)
    assert offline.shown()["max"] == 4_500_000
    context.close()


CSP = "default-src 'none'; frame-src {site}; script-src {site} 'self'; style-src 'self'"
HOST = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>A consultancy blog</title></head><body><h1>What can you claim?</h1>
<iframe src="{site}widget/?{query}&amp;compact=1" data-pe-calc
 title="AI policy calculator" width="600" height="300"></iframe>
<script src="{site}assets/calculator/embed.js" async></script></body></html>"""


def test_the_widget_works_from_another_origin_under_a_strict_csp(browser, base_url, tmp_path):
    query = address(PROFILES[0], ON, "?")[1:].replace("&", "&amp;")
    page = HOST.format(site=base_url, csp=CSP.format(site=base_url), query=query)
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    with serve(tmp_path) as host_url:
        assert urlsplit(host_url).netloc != urlsplit(base_url).netloc
        watch = Watch(browser.new_context(), host_url)
        frame = watch.page.frame_locator("iframe[data-pe-calc]")
        frame.locator(TOTALS).wait_for(timeout=90_000)
        assert "450万元" in frame.locator(TOTALS).inner_text()
        # Sized to its content by embed.js: compact (no chart, no help texts), under 700 px.
        until(watch.page, "document.querySelector('iframe').style.height !== ''")
        until(watch.page, "document.querySelector('iframe').getBoundingClientRect().height < 700")
        watch.page.wait_for_timeout(500)
        height = watch.page.evaluate("document.querySelector('iframe').style.height")
        # A size message from anyone but the widget is ignored.
        watch.page.evaluate("window.postMessage({type: 'pe-calc-size', height: 10000}, '*')")
        watch.page.wait_for_timeout(300)
        assert watch.page.evaluate("document.querySelector('iframe').style.height") == height
        # embed.js says hello by message: it never rewrites the src (which would reload the frame).
        assert "compact" in watch.page.frames[1].url and "origin=" not in watch.page.frames[1].url
        hosts = {urlsplit(u).netloc for u in watch.requests if u.startswith("http")}
        assert hosts <= {urlsplit(host_url).netloc, urlsplit(base_url).netloc}
        errors = [e for e in watch.errors if "favicon" not in e and "404" not in e]
        assert not errors, errors


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_embed_page_shows_a_live_demo(browser, base_url, lang):
    watch = Watch(browser.new_context(), base_url + ("en/" if lang == "en" else "") + "embed/")
    frame = watch.page.frame_locator("iframe[data-pe-calc]")
    frame.locator(TOTALS).wait_for(timeout=90_000)
    until(watch.page, "document.querySelector('iframe[data-pe-calc]').style.height !== ''")  # set by embed.js
    assert (
        watch.page.evaluate("document.querySelector('iframe[data-pe-calc]').getBoundingClientRect().height")
        >= 200  # embed.js's floor: the compact card is under 300 px tall on a wide screen
    )
    assert not watch.errors, watch.errors
    watch.page.context.close()


def test_a_preset_in_the_query_moves_into_the_fragment(browser, base_url):
    watch = Watch(
        browser.new_context(), base_url + "calculator/" + address(PROFILES[0], ON, "?") + "&compact=1"
    )
    assert watch.shown()["max"] == 4_500_000
    url = urlsplit(watch.page.url)
    assert url.query == "compact=1" and "f.compute_spend=5000000" in url.fragment
    watch.page.context.close()


@pytest.mark.parametrize("name", ["constructor", "__proto__", "toString", "hasOwnProperty"])
def test_a_clause_preset_named_like_an_object_property_is_ignored(browser, base_url, name):
    watch = Watch(browser.new_context(), base_url + f"calculator/?clause={name}&f.{name}=1")
    watch.page.wait_for_selector(READY, timeout=90_000)
    watch.page.wait_for_selector(TOTALS, timeout=30_000)
    assert not watch.errors, watch.errors
    watch.page.context.close()


def test_no_request_carries_the_profile(browser, base_url):
    context = browser.new_context()
    bodies: list[str] = []
    context.on("request", lambda r: bodies.append(f"{r.url} {r.post_data or ''}"))
    watch = Watch(context, base_url + "calculator/" + address(PROFILES[0], ON))
    watch.shown()
    watch.page.fill("#pe-f-compute_spend", "765.4321")  # 万元 → 7654321 yuan
    until(watch.page, "location.hash.includes('7654321')")
    watch.page.wait_for_timeout(800)  # the answer and the comparison chart
    watch.page.reload()
    watch.shown()
    leaks = [b for b in bodies if "7654321" in b or "765.4321" in b or "5000000" in b]
    assert not leaks, leaks
    context.close()


def _corrupt(route):
    """Answer with the file's bytes, one of them flipped: a 200 with a broken body."""
    response = route.fetch()
    body = bytearray(response.body())
    body[len(body) // 2] ^= 0xFF
    route.fulfill(response=response, body=bytes(body))


def _altered(route):
    """Answer with working JavaScript that is not the file the build pinned."""
    response = route.fetch()
    route.fulfill(response=response, body=response.body() + b"\nself.__altered = true;\n")


@pytest.mark.parametrize("tampered", ["snapshot.bin.gz", "both", "pyodide.mjs", "pyodide.asm.mjs"])
def test_runtime_files_are_checked_against_their_sha256(browser, base_url, tampered):
    """A snapshot that is not the one built falls back to the wheel; a wrong wheel, or a Pyodide core
    module that still works but is not the one pinned, stops with a message."""
    context = browser.new_context()
    if tampered.endswith(".mjs"):
        context.route(f"**/{tampered}", _altered)
    else:
        context.route("**/snapshot.bin.gz", _corrupt)
    if tampered == "both":
        context.route("**/*.whl", _corrupt)
    watch = Watch(context, base_url + "en/calculator/" + address(PROFILES[0], ON))
    page = watch.page
    if tampered != "snapshot.bin.gz":
        page.wait_for_selector("#pe-calc-status[data-state=failed]", timeout=90_000)
        assert page.is_visible("#pe-calc-example")  # the build-time example stays
    else:
        assert watch.shown()["max"] == 4_500_000
        assert page.get_attribute(READY, "data-mode") == "wheel"
    context.close()


CACHED = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls;
}"""


def test_the_service_worker_keeps_only_runtime_files_that_pass_their_check(browser, base_url):
    """A broken 200 is neither served nor kept: once the server is fixed, the next fetch gets the file."""
    context = browser.new_context()
    watch = Watch(context, base_url + "calculator/" + address(PROFILES[0], ON))
    watch.shown()
    kept = "async () => (await (" + CACHED + ")()).some(u => u.endsWith('/calculator/'))"
    deadline = time.monotonic() + 60  # polled from here, as above: what the first visit loaded is kept
    while not watch.page.evaluate(kept):
        assert time.monotonic() < deadline, "the first visit's files were not kept"
        watch.page.wait_for_timeout(200)
    watch.page.reload()
    watch.shown()
    page = watch.page
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    paths = page.evaluate(
        "Object.keys(JSON.parse(document.getElementById('pe-runtime').textContent).integrity)"
    )
    wheel = base_url + next(p for p in paths if p.endswith(".whl"))
    get = "url => fetch(url).then(r => r.status, e => 'network error')"
    page.wait_for_timeout(1000)  # the second visit's keep request finds everything kept already
    forget = "async url => { for (const n of await caches.keys()) await (await caches.open(n)).delete(url); }"
    page.evaluate(forget, wheel)
    assert not any(u.endswith(".whl") for u in page.evaluate(CACHED))
    context.route("**/*.whl", _corrupt)
    assert page.evaluate(get, wheel) == "network error"
    assert not any(u.endswith(".whl") for u in page.evaluate(CACHED))
    context.unroute("**/*.whl")  # the server is fixed
    assert page.evaluate(get, wheel) == 200
    assert any(u.endswith(".whl") for u in page.evaluate(CACHED))
    context.close()


def test_one_worker_per_page_and_the_widget_options(browser, base_url):
    context = browser.new_context()
    watch = Watch(context, base_url + "en/calculator/" + address(PROFILES[0], ON))
    watch.shown()
    assert [re.sub("-[0-9a-f]{12}", "", w.url.rsplit("/", 1)[-1]) for w in watch.page.workers] == [
        "worker.mjs"
    ]
    widget = Watch(context, base_url + "en/widget/?theme=dark&compact=1" + address(PROFILES[0], ON, "&"))
    assert widget.shown()["max"] == 4_500_000
    assert widget.page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert not widget.page.is_visible(".pe-help")  # compact: no help texts
    assert widget.page.get_attribute("html", "lang") == "en"
    context.close()


def test_assumed_conditions_are_shown_apart_from_confirmed_ones(browser, base_url):
    """Qianhai (九) "对前海管理局评定的……示范项目……按照项目实际投资额的10%予以最高200万元":
    10% × 1000万 = 100万, counted on the assumption of the rating the reader did not give; Qianhai (一)
    is confirmed. The page and the widget show the engine's own assumption text, not their own."""
    profile = {
        "jurisdiction": "shenzhen-qianhai",
        "startup": False,
        "facts": {
            "application_investment": 10_000_000,
            # Futian declares a fact of the same short name: an address names the document's own in full.
            "shenzhen-qianhai-ai-2024.ai_cluster_building_tenant": True,
            "office_area_m2": 200,
            "rent_months": 12,
            "rent_paid": 500_000,
        },
    }
    result = cli(profile, ON)
    wanted = [
        a["en"]
        for i in result["items"]
        if i["clause"] == "9" and "qianhai" in i["policy"]
        for a in i["assumed"]
    ]
    assert wanted == [
        "assumed (not given): Project rated an AI application demonstration project"
        " by the Qianhai Authority: yes"
    ]
    context = browser.new_context()
    for page_path in ("en/calculator/", "en/widget/"):
        watch = Watch(context, base_url + page_path + address(profile, ON))
        assert watch.shown() == expected(result)
        page = watch.page
        assumed = page.locator('tr[data-clause="shenzhen-qianhai-ai-2024/9"]')
        assert assumed.get_attribute("data-confirmed") == "false"
        assert assumed.locator(".pe-calc-assumed li").all_inner_texts() == wanted
        confirmed = page.locator('tr[data-clause="shenzhen-qianhai-ai-2024/1"]')
        assert confirmed.get_attribute("data-confirmed") == "true"
        assert confirmed.locator(".pe-calc-assumed").count() == 0
        assert confirmed.locator(".pe-calc-confirmed").count() == 1
        assert int(page.get_attribute("[data-total=conservative]", "data-cny")) == 144_000
        assert not watch.errors, watch.errors
        page.close()
    context.close()


def test_an_item_says_how_and_when_to_apply(browser, base_url):
    """西湖区第2条 ends "“算力券”发放额满截止。": the item says applications close when the vouchers
    run out, with that sentence, as the engine words it (no date: the text states none)."""
    profile = {"jurisdiction": "hangzhou-xihu", "startup": False, "facts": {"compute_spend": 1_000_000}}
    result = cli(profile, ON)
    item = next(i for i in result["items"] if (i["policy"], i["clause"]) == ("hangzhou-xihu-ai-2025", "2"))
    assert item["application"]["en"][0].startswith("Until the pool is used up")
    context = browser.new_context()
    for lang in ("en", "zh"):
        root = base_url + ("en/" if lang == "en" else "")  # the Chinese edition is the site's root
        watch = Watch(context, root + "calculator/" + address(profile, ON))
        watch.shown()
        row = watch.page.locator('tr[data-clause="hangzhou-xihu-ai-2025/2"]')
        assert row.locator(".pe-calc-apply li").all_text_contents() == item["application"][lang]
        assert not watch.errors, watch.errors
        watch.page.close()
    context.close()


def test_the_traditional_edition_explains_in_traditional_characters(browser, base_url):
    # The engine answers in Simplified (its zh steps); the zh-Hant page shows each step as OpenCC's
    # s2hk conversion of it (then the Hong Kong layer), by the table made at build time: e.g.
    # "初创企业：是 ✓ → 适用 60%"
    # (the Shenzhen measures' start-up rate) is shown "初創企業：是 ✓ → 適用 60%".
    profile = PROFILES[0]
    result = cli(profile, ON)
    watch = Watch(browser.new_context(), base_url + "zh-Hant/calculator/" + address(profile, ON))
    assert watch.shown() == expected(result)
    text = watch.page.text_content("#pe-calc-output")  # the steps are in folded "how" boxes too
    steps = [line for item in result["items"] for line in item["explain"]["zh"]] + result["totals_explain"][
        "zh"
    ]
    for line in steps:  # and the Hong Kong layer after it (sitegen/hk.py): 「」, 人民幣 before amounts
        assert hant.to_site(line) in text, line
        if hant.to_site(line) != line:
            assert line not in text, line
    assert not watch.errors, watch.errors
    watch.page.context.close()


def _throttled(context, page, mbit: float, rtt_ms: float) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    per_second = mbit * 1_000_000 / 8
    conditions = {
        "offline": False,
        "latency": rtt_ms,
        "downloadThroughput": per_second,
        "uploadThroughput": -1,
    }
    cdp.send("Network.emulateNetworkConditions", conditions)


def test_a_slow_link_starts_without_the_build_snapshot_and_the_next_visit_restores_one_made_here(
    browser, base_url
):
    """On 10 Mbit/s the build's 7 MB snapshot would cost more time than it saves: Python starts
    afresh, then this browser makes the snapshot from what it has; the next visit restores it.
    Neither visit downloads the build's snapshot, and the answers are the CLI's."""
    context = browser.new_context()
    page = context.new_page()
    wire: list[str] = []
    page.on("requestfinished", lambda r: wire.append(r.url) if r.sizes()["responseBodySize"] > 0 else None)
    _throttled(context, page, 10, 60)
    page.add_init_script(
        "window.__snapshot = null;"
        "document.addEventListener('pe-calc-snapshot', (e) => { window.__snapshot = e.detail; });"
    )
    url = base_url + "calculator/" + address(PROFILES[1], ON)
    page.goto(url)
    watch = Watch.__new__(Watch)
    watch.page = page
    assert watch.shown() == expected(cli(PROFILES[1], ON))
    assert page.get_attribute(READY, "data-mode") == "wheel"
    until(page, "window.__snapshot !== null", timeout=120)
    assert page.evaluate("window.__snapshot.kept"), page.evaluate("window.__snapshot")
    page.goto("about:blank")
    page.goto(url)
    assert watch.shown() == expected(cli(PROFILES[1], ON))
    assert page.get_attribute(READY, "data-mode") == "local"
    assert not [u for u in wire if u.endswith("snapshot.bin.gz")], wire
    # A snapshot made in a browser cannot be checked against the build: the reader can turn it off,
    # which deletes it, and the next visit does not make or restore one.
    page.check("#pe-calc-local-off")
    until(page, "caches.keys().then(n => !n.some(x => x.startsWith('pe-snapshot-')))")
    page.goto("about:blank")
    page.goto(url)
    assert watch.shown() == expected(cli(PROFILES[1], ON))
    assert page.get_attribute(READY, "data-mode") != "local"
    assert page.is_checked("#pe-calc-local-off")
    context.close()


def test_a_cold_visit_fetches_each_runtime_file_once(browser, base_url):
    """The service worker is registered once the calculator runs: taking control while the runtime
    downloads, it would fetch every file a second time."""
    context = browser.new_context()
    seen: list[str] = []
    context.on("requestfinished", lambda r: seen.append(r.url) if r.sizes()["responseBodySize"] > 0 else None)
    watch = Watch(context, base_url + "calculator/" + address(PROFILES[0], ON))
    watch.shown()
    watch.page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    watch.page.wait_for_timeout(1500)  # the keep request runs in the background
    runtime = [u for u in seen if "/runtime/" in u]
    assert runtime and all(runtime.count(u) == 1 for u in runtime), sorted(runtime)
    context.close()


@pytest.mark.parametrize("edition", ["zh", "en", "zh-Hant"])
@pytest.mark.parametrize("page_path", ["calculator/", "widget/"])
def test_every_item_says_how_to_apply_and_prints_it_open(browser, base_url, data, edition, page_path):
    """Issue 29: every item has the how-to-apply block, as the engine words it: where the text gives
    no window it says so, the units it names (or that it names none), and the document's official page
    where its address (source.url) is known. Printed, the block is open. A Longgang profile: its own
    measures, the city's and, for contrast, the Shenzhen rules (paid after the fact)."""
    profile = {"jurisdiction": "shenzhen-longgang", "startup": False, "facts": {"compute_spend": 1_000_000}}
    result = cli(profile, ON)
    assert result["items"]
    lang = "en" if edition == "en" else "zh"
    root = base_url + {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}[edition]
    context = browser.new_context()
    watch = Watch(context, root + page_path + address(profile, ON, "?" if page_path == "widget/" else "#"))
    watch.shown()
    page = watch.page
    urls = {p["id"]: (p.get("source") or {}).get("url") for p in data["policies"]}
    for item in result["items"]:
        row = page.locator(f'tr[data-clause="{item["policy"]}/{item["clause"]}"]')
        block = row.locator("details.pe-calc-apply")
        assert block.count() == 1, item["clause"]
        expected = item["application"][lang]
        if edition == "zh-Hant":
            expected = [hant.to_hant(line) for line in expected]
        assert block.locator("li").all_text_contents() == expected
        if item["application"]["window"] is None:
            said = {"zh": "原文没有给出申报时间", "en": "the text gives no application window"}[lang]
            assert said in item["application"][lang][0]
        official = block.locator(".pe-calc-apply-page a")
        if urls[item["policy"]]:
            assert official.get_attribute("href") == urls[item["policy"]]
        else:
            assert official.count() == 0
    # On screen the block is folded; printed, its lines show.
    first = page.locator("details.pe-calc-apply li").first
    assert not first.is_visible()
    page.emulate_media(media="print")
    assert first.is_visible()
    assert first.bounding_box()["height"] > 0
    assert not watch.errors, watch.errors
    page.close()
    context.close()


@pytest.mark.parametrize("edition", ["zh", "en", "zh-Hant"])
def test_every_clause_page_says_how_to_apply(browser, base_url, data, edition):
    """Every clause page has the block; a clause whose text says nothing on applying says so, and
    the document's official page is linked where its address is known (the first clause of each
    document, in each edition)."""
    from policy_explorer.sitegen.render import load_strings

    strings = load_strings()
    lang = "en" if edition == "en" else "zh"
    heading = strings["apply"][lang]
    official = strings["apply_page"][lang]
    if edition == "zh-Hant":
        heading, official = hant.to_site(heading), hant.to_site(official)
    root = base_url + {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}[edition]
    context = browser.new_context()
    for policy in data["policies"]:
        clause = policy["clauses"][0]
        page = Visit(context, f"{root}policies/{policy['id']}/clause-{clause['id'].replace('.', '-')}/").page
        section = page.locator("h2#apply")
        assert section.count() == 1 and section.inner_text().strip().startswith(heading), policy["id"]
        text = page.locator("h2#apply + ul").inner_text()
        url = (policy.get("source") or {}).get("url")
        if url:
            assert official in text and page.locator(f'h2#apply + ul a[href="{url}"]').count() == 1
        else:
            assert official not in text
        page.close()
    context.close()


@pytest.mark.parametrize("edition", ["zh", "en", "zh-Hant"])
@pytest.mark.parametrize("width", [360, 1366])
def test_the_same_company_in_each_place(browser, base_url, data, edition, width):
    """Issue 29: one row per place the site covers (city and district named together), both totals
    and the vouchers as the engine computes them for the reader's facts, the largest items, a link
    that opens the calculator for that place, and a plain note on the places not covered."""
    from policy_explorer.calculator import load_model
    from policy_explorer.calculator.browser import compare_note, place_name

    profile = PROFILES[0]
    model = load_model(data)
    lang = "en" if edition == "en" else "zh"
    shown = hant.to_site if edition == "zh-Hant" else (lambda s: s)  # OpenCC, then the Hong Kong layer
    root = base_url + {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}[edition]
    context = browser.new_context(viewport={"width": width, "height": 900})
    watch = Watch(context, root + "calculator/" + address(profile, ON))
    watch.shown()
    page = watch.page
    page.locator(".pe-calc-compare-slot").scroll_into_view_if_needed()
    page.wait_for_selector(".pe-calc-compare-table tbody tr", timeout=60_000)
    rows = page.eval_on_selector_all(
        ".pe-calc-compare-table tbody tr",
        """rs => rs.map(r => [r.dataset.jurisdiction, r.querySelector('th').textContent.trim(),
              [...r.querySelectorAll('td[data-cny]')].map(c => +c.dataset.cny),
              [...r.querySelectorAll('li a')].map(a => a.getAttribute('href')),
              r.querySelector('a.pe-calc-compare-open').href])""",
    )
    places = {j["id"]: j for j in model.places()}
    assert sorted(r[0] for r in rows) == sorted(places)
    for place, name, amounts, tops, _ in rows:
        result = estimate({**profile, "jurisdiction": place}, on=ON, data=data)
        assert name.startswith(shown(place_name(places[place])[lang]))
        assert amounts == [
            result["total_conservative_cny"],
            result["total_max_cny"],
            result["vouchers_conservative_cny"],
        ]
        counted = sorted(
            (i for i in result["items"] if i["counted_max_cny"]),
            key=lambda i: (-i["counted_max_cny"], i["policy"], i["clause"]),
        )
        assert len(tops) == min(3, len(counted))
        assert all(h.rstrip("/").endswith(i["page"].rstrip("/")) for h, i in zip(tops, counted, strict=False))
    note = page.inner_text(".pe-calc-compare-note")
    assert note == shown(compare_note()[lang])
    # No sideways scroll at this width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    # The link opens the calculator for that place with the same facts.
    other = next(r for r in rows if r[0] != profile["jurisdiction"])
    page.goto(other[4])
    until(page, f"document.querySelector('#pe-j').value === {other[0]!r}")
    page.wait_for_selector(f'{TOTALS} [data-total=max][data-cny="{other[2][1]}"]', timeout=60_000)
    assert not watch.errors, watch.errors
    context.close()
