"""The calculator and the widget as readers and consultancies use them (issue 20), in Chromium:
both editions, at 1366 and 360 px wide. Amounts are worked out from the policy texts (quoted)."""

from __future__ import annotations

import io
import json
from urllib.parse import urlsplit

import pytest
from browser import Visit, serve, until
from conftest import BUILD_DATE
from pypdf import PdfReader

from policy_explorer.calculator import estimate

TOTALS = "#pe-calc-output .pe-calc-totals"
WIDTHS = {"wide": {"width": 1366, "height": 800}, "phone": {"width": 360, "height": 740}}
ON = "2025-06-01"
# Longgang start-up renting 2千万 of compute. Shenzhen (二) "对初创企业按照不超过合同金额的60%予以支持"
# with "单个企业年度支持总额最高1000万元": 60% × 2000万 = 1200万 → capped at 1000万; Longgang (二)
# 30% × 2000万 = 600万 (its cap, 600万). Maximum 1,600万; conservative (one claim on compute) 1,000万.
LONGGANG = f"#j=shenzhen-longgang&s=1&on={ON}&u=wan"
MAX_CNY = 16_000_000


def root(base_url: str, lang: str) -> str:
    return base_url + ("en/" if lang == "en" else "")


def no_sideways_scroll(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways: {width}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", ["wide", "phone"])
def test_totals_stay_in_view_while_typing_full_width_and_wan(browser, base_url, lang, width, data):
    context = browser.new_context(viewport=WIDTHS[width])
    watch = Visit(context, root(base_url, lang) + "calculator/" + LONGGANG)
    page = watch.page
    page.wait_for_selector(TOTALS, timeout=90_000)
    first = page.locator("#pe-calc .pe-field:not([hidden]) input").first
    first.fill("２千万")  # full-width digits and 千万, as a Chinese input method types them
    page.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=30_000)
    assert first.get_attribute("name") == "compute_spend"  # the first field: compute (the example's)
    assert "f.compute_spend=20000000" in page.url
    assert "20,000,000" in page.inner_text("#pe-o-compute_spend")
    # The totals are on screen while the reader is at the first field: beside it, or the summary below.
    totals = "#pe-calc-output .pe-calc-totals" if width == "wide" else "#pe-calc-summary"
    box = page.locator(totals).bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= WIDTHS[width]["height"], box
    first.fill("1.5亿")
    until(page, "location.hash.includes('f.compute_spend=150000000')")
    no_sideways_scroll(page)
    assert not watch.errors, watch.errors
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_entry_marks_the_old_totals_out_of_date(browser, base_url, lang):
    context = browser.new_context(viewport=WIDTHS["phone"])
    watch = Visit(context, root(base_url, lang) + "calculator/" + LONGGANG + "&f.compute_spend=20000000")
    page = watch.page
    page.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=90_000)
    page.fill("#pe-f-compute_spend", "2千x")
    page.wait_for_selector("#pe-calc-output[data-stale=error]", timeout=30_000)
    assert page.is_visible("#pe-calc-stale") and page.inner_text("#pe-calc-stale")
    assert page.get_attribute("#pe-f-compute_spend", "aria-invalid") == "true"
    assert "1.5亿" in page.inner_text("#pe-e-compute_spend")  # says what to type
    page.fill("#pe-f-compute_spend", "2000万")
    page.wait_for_selector("#pe-calc-output:not([data-stale])", timeout=30_000)
    assert not page.is_visible("#pe-calc-stale")
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", ["wide", "phone"])
def test_no_page_scrolls_sideways(browser, base_url, lang, width):
    context = browser.new_context(viewport=WIDTHS[width])
    for path in (
        "",
        "calculator/" + LONGGANG,
        "widget/" + LONGGANG,
        "embed/",
        "policies/",
        "compare/",
        "glossary/",
    ):
        watch = Visit(context, root(base_url, lang) + path)
        if "calculator" in path or "widget" in path:
            watch.page.wait_for_selector(TOTALS, timeout=90_000)
        no_sideways_scroll(watch.page)
        watch.page.close()
    context.close()


def test_switching_language_keeps_the_scenario(browser, base_url):
    context = browser.new_context()
    watch = Visit(context, base_url + "calculator/" + LONGGANG + "&f.compute_spend=20000000")
    page = watch.page
    page.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=90_000)
    page.click(".md-header .md-select button")
    page.click('a.md-select__link[hreflang="en"]')
    page.wait_for_url("**/en/calculator/**")
    page.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=90_000)
    assert page.input_value("#pe-j") == "shenzhen-longgang" and page.is_checked("#pe-startup")
    context.close()


def test_try_in_the_calculator_opens_the_clauses_scenario(browser, base_url, data):
    # Shenzhen measures (二) "发放“训力券”": its first worked example, "初创企业租用算力1000万元",
    # 60% × 1000万 = 600万. The calculator opens in Shenzhen with that start-up and that spending.
    context = browser.new_context()
    page = Visit(context, base_url + "en/policies/shenzhen-ai-pioneer-measures-2024/clause-2/").page
    page.click("a.pe-calc-link")
    page.wait_for_selector(TOTALS, timeout=90_000)
    assert page.input_value("#pe-j") == "shenzhen" and page.is_checked("#pe-startup")
    row = page.locator('tr[data-clause="shenzhen-ai-pioneer-measures-2024/2"]')
    assert row.get_attribute("data-cny-max") == "6000000"
    assert "Clause 2 · " in row.inner_text()
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_print_view_holds_the_totals_and_every_items_clause(browser, base_url, lang):
    context = browser.new_context()
    watch = Visit(context, root(base_url, lang) + "calculator/" + LONGGANG + "&f.compute_spend=20000000")
    page = watch.page
    page.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=90_000)
    assert page.is_visible("#pe-calc-print")
    rows = page.eval_on_selector_all(".pe-calc-items tbody tr", "rs => rs.map(r => r.dataset.clause)")
    assert rows
    page.emulate_media(media="print")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    flat = "".join(text.split())
    assert ("1,600万元" if lang == "zh" else "CNY16,000,000") in flat
    for clause in rows:
        policy, number = clause.split("/")
        assert f"policies/{policy}/clause-{number}/" in flat, clause
    assert ("仅供参考" if lang == "zh" else "forinformationonly") in flat
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_compact_widget_is_short_and_opens_the_full_calculator(browser, base_url, lang):
    context = browser.new_context(
        viewport={"width": 600, "height": 300}
    )  # the document: its content's height
    page = Visit(
        context, root(base_url, lang) + "widget/?compact=1" + LONGGANG + "&f.compute_spend=20000000"
    ).page
    page.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=90_000)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 700, height
    assert page.locator("#pe-calc .pe-field:visible").count() == 1  # only the fact the embed names
    with context.expect_page() as opened:
        page.click("#pe-calc-full")
    full = opened.value
    full.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=90_000)
    assert "/calculator/" in full.url
    context.close()


CSP = "default-src 'none'; frame-src {site}; script-src {site} 'self'; style-src 'self'"


def test_the_widget_loads_once_and_starts_python_only_near_the_screen(browser, base_url, tmp_path):
    snippet = (
        f'<iframe src="{base_url}widget/?compact=1{LONGGANG}&amp;f.compute_spend=20000000" data-pe-calc '
        f'title="AI policy calculator" width="600" height="640"></iframe>'
        f'<script src="{base_url}assets/calculator/embed.js" async></script>'
    )
    page_html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP.format(site=base_url)}">'
        "<title>A blog</title></head><body><h1>A post</h1>"
        + "<p>A long post, so the widget is far below the fold.</p>" * 150  # no inline style: the CSP
        + f"{snippet}</body></html>"
    )
    (tmp_path / "index.html").write_text(page_html, encoding="utf-8")
    with serve(tmp_path) as host_url:
        context = browser.new_context()
        watch = Visit(context, host_url)
        page = watch.page
        page.wait_for_timeout(2500)
        widget_loads = [u for u in watch.requests if "/widget/" in u]
        assert len(widget_loads) == 1 and "origin=" not in widget_loads[0]  # never aborted and reloaded
        assert not [
            u for u in watch.requests if ".wasm" in u or "snapshot" in u
        ]  # below the fold: no runtime
        page.locator("iframe").scroll_into_view_if_needed()
        frame = page.frame_locator("iframe[data-pe-calc]")
        frame.locator(f'[data-total=max][data-cny="{MAX_CNY}"]').wait_for(timeout=90_000)
        until(page, "parseInt(document.querySelector('iframe').style.height) < 700")
        hosts = {urlsplit(u).netloc for u in watch.requests if u.startswith("http")}
        assert hosts <= {urlsplit(host_url).netloc, urlsplit(base_url).netloc}
        assert not [e for e in watch.errors if "favicon" not in e and "404" not in e], watch.errors
        context.close()


def test_draft_totals_say_why_they_are_zero(browser, base_url):
    # Binjiang's measures are a 征求意见稿: (二) "给予单个开源主体最高500万元的一次性分档奖励"
    # is listed, not totalled.
    url = base_url + f"en/calculator/#j=hangzhou-binjiang&on={ON}&f.open_source_project=true"
    page = Visit(browser.new_context(), url).page
    page.wait_for_selector(TOTALS, timeout=90_000)
    assert "draft for comment: nothing can be claimed yet" in page.inner_text(".pe-calc-why-zero")
    page.locator(".pe-calc-compare-slot").scroll_into_view_if_needed()
    chart = page.locator(".pe-calc-compare tr[data-jurisdiction=hangzhou-binjiang]")
    chart.wait_for(timeout=30_000)
    assert "(draft)" in chart.text_content()
    page.context.close()


@pytest.mark.parametrize(
    ("lang", "outcome", "found"),
    [
        ("zh", "条件不符", "20万元 < 30万元 ✗"),
        ("en", "A condition is not met", "CNY 200,000 < CNY 300,000 ✗"),
    ],
)
def test_why_these_give_nothing_names_the_failed_condition(browser, base_url, lang, outcome, found):
    # Xiamen (三) "对年度购买总额达到30万元以上的，每年均按实际支出费用最高50%给予补助": 20万 of compute
    # fails it. The folded list says so with the reader's answer; an unanswered clause is "unknown".
    url = root(base_url, lang) + f"calculator/#j=xiamen&on={ON}&u=wan&f.compute_spend=200000"
    page = Visit(browser.new_context(), url).page
    page.wait_for_selector(TOTALS, timeout=90_000)
    box = page.locator(".pe-calc-why-box")
    assert not page.is_visible(".pe-calc-why")  # folded until opened
    box.locator("summary").click()
    row = box.locator('li[data-clause="xiamen-ai-2023/3"]')
    assert row.get_attribute("data-outcome") == "failed"
    text = row.inner_text()
    assert outcome in text and found in text
    assert box.locator('li[data-outcome="unknown"]').count() > 0
    assert "✗" not in " ".join(box.locator('li[data-outcome="unknown"]').all_inner_texts())
    page.context.close()


def test_json_scenario_is_the_engines(data):
    """The scenario the tests above type is the one the comment works out (no browser)."""
    got = estimate(
        {"jurisdiction": "shenzhen-longgang", "startup": True, "facts": {"compute_spend": 20_000_000}},
        on=ON,
        data=data,
    )
    assert (got["total_max_cny"], got["total_conservative_cny"]) == (MAX_CNY, 10_000_000), json.dumps(got)[
        :200
    ]


PROGRESS = """window.__seen = [];
new MutationObserver(() => {
  const s = document.getElementById('pe-calc-status');
  if (s && s.dataset.total) window.__seen.push([s.textContent, +s.dataset.loaded, +s.dataset.total]);
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_loading_says_in_words_how_long_and_how_much(browser, base_url, lang):
    """Issue 29: "正在下载 pyodide.asm.wasm…" meant nothing to a reader. The progress line is in words
    ("正在准备计算器，首次约需 10 秒") with the megabytes that came, and names no file."""
    from policy_explorer.sitegen.templates import load_strings

    words = load_strings()["calc_loading"][lang]
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(PROGRESS)
    page.goto(root(base_url, lang) + "calculator/" + LONGGANG)
    assert page.inner_text("#pe-calc-status").startswith(words)  # in the page before any script runs
    page.wait_for_selector(TOTALS, timeout=90_000)
    seen = page.evaluate("window.__seen")
    assert seen, "no progress shown while the runtime loaded"
    named = [t for t, _, _ in seen if any(x in t for x in (".wasm", ".gz", ".whl", ".zip", ".js", ".tar"))]
    assert not named, named[:3]  # no file names
    assert all(text.startswith(words) for text, _, _ in seen), seen[:3]
    assert all(0 <= loaded <= total and "MB" in text for text, loaded, total in seen)
    assert seen[-1][1] > 1_000_000  # megabytes came in, and the page said so
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_embed_builders_snippet_works_on_another_origin(browser, base_url, lang, tmp_path):
    context = browser.new_context()
    page = Visit(context, root(base_url, lang) + "embed/").page
    preview = page.frame_locator("#pe-eb-preview")
    preview.locator(TOTALS).wait_for(timeout=90_000)
    preview.locator("#pe-f-compute_spend").fill("2000万")  # the scenario, set up in the preview itself
    until(page, "document.getElementById('pe-eb-snippet').value.includes('f.compute_spend=20000000')")
    page.select_option("#pe-eb-theme", "dark")
    until(page, "document.getElementById('pe-eb-snippet').value.includes('theme=dark')")
    snippet = page.input_value("#pe-eb-snippet")
    assert "compact=1" in snippet and "#j=shenzhen-longgang" in snippet and "embed.js" in snippet
    # No date unless the author pins one (issue 28): the widget computes for each reader's today.
    assert "on=" not in snippet
    page.check("#pe-eb-pin")  # pinning starts from today (the browser's clock: BUILD_DATE)
    until(page, f"document.getElementById('pe-eb-snippet').value.includes('on={BUILD_DATE}')")
    page.uncheck("#pe-eb-pin")
    until(page, "!document.getElementById('pe-eb-snippet').value.includes('on=')")
    snippet = page.input_value("#pe-eb-snippet")
    # The reader's today is BUILD_DATE (2026-12-20) here: the Shenzhen measures
    # ("本措施自2024年12月18日起施行,有效期2年") have expired, so only Longgang (二) counts:
    # 30% × 2000万 = 600万 (its cap, 600万).
    longgang_only = 6_000_000
    host = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP.format(site=base_url)}">'
        f"<title>A consultancy</title></head><body><h1>What can you claim?</h1>{snippet}</body></html>"
    )
    (tmp_path / "index.html").write_text(host, encoding="utf-8")
    with serve(tmp_path) as host_url:
        watch = Visit(context, host_url)
        frame = watch.page.frame_locator("iframe[data-pe-calc]")
        frame.locator(f'[data-total=max][data-cny="{longgang_only}"]').wait_for(timeout=90_000)
        assert frame.locator("body").get_attribute("data-md-color-scheme") == "slate"
        # Sized by embed.js to the compact card (under 300 px on a wide screen; its floor is 200 px).
        until(watch.page, "parseInt(document.querySelector('iframe').style.height) >= 200")
        assert not [e for e in watch.errors if "favicon" not in e and "404" not in e], watch.errors
    context.close()


def _next_expiry(data) -> dict:
    """The policy in force on BUILD_DATE that pays for 500万 of compute somewhere the calculator
    offers and ends first after it: its id, last day and place (read from the corpus)."""
    import datetime as dt

    from policy_explorer.calculator import load_model

    found = []
    for place in load_model(data).places():
        profile = {"jurisdiction": place["id"], "facts": {"compute_spend": 5_000_000}}
        result = estimate(profile, on=BUILD_DATE, data=data)
        found += [
            (i["ends"], i["policy"], place["id"])
            for i in result["items"]
            if i["ends"] and i["status"] == "in_force"
        ]
    assert found, "no policy in force on the build date ends later: pick a later build date"
    end, policy, place = min(found)
    return {"id": policy, "end": dt.date.fromisoformat(end), "place": place}


def _clock(browser, day):
    """A context whose clock reads ``day`` (noon UTC, time running): the reader's today."""
    import datetime as dt

    context = browser.new_context()
    context.clock.set_system_time(dt.datetime.fromisoformat(f"{day.isoformat()}T12:00:00+00:00"))
    return context


def test_a_page_built_before_an_expiry_never_shows_it_in_force_after(browser, base_url, data):
    """Built for BUILD_DATE (before the policy's last day), opened the day after that day: the
    calculator computes for the browser's today, shows that date, and neither shows the policy's
    items as in force nor totals them; the build-time example marks them expired too."""
    import datetime as dt

    from policy_explorer.calculator.summary import ending_label

    policy = _next_expiry(data)
    after = policy["end"] + dt.timedelta(days=1)
    profile = {"jurisdiction": policy["place"], "facts": {"compute_spend": 5_000_000}}
    expected = estimate(profile, on=after.isoformat(), data=data)
    assert expected["total_max_cny"] < estimate(profile, on=BUILD_DATE, data=data)["total_max_cny"]
    context = _clock(browser, after)
    page = Visit(context, base_url + f"calculator/#j={policy['place']}&u=wan&f.compute_spend=5000000").page
    page.wait_for_selector(
        f'{TOTALS} [data-total=max][data-cny="{expected["total_max_cny"]}"]', timeout=90_000
    )
    assert page.get_attribute("#pe-calc-output .pe-calc-date", "data-on") == after.isoformat()
    assert "（今天）" in page.inner_text("#pe-calc-output .pe-calc-date")
    rows = page.locator(f'#pe-calc-output tr[data-clause^="{policy["id"]}/"] .pe-status')
    assert rows.count() > 0
    for i in range(rows.count()):
        assert "pe-status--expired" in rows.nth(i).get_attribute("class")
        assert f"{policy['end'].isoformat()}已到期" in rows.nth(i).inner_text()
    assert "on=" not in page.url  # today is not written into the address: it is today on every visit
    # The build-time example (computed for BUILD_DATE): its rows of that policy are marked expired.
    example = page.locator(f'#pe-calc-example .pe-status[data-ends="{policy["end"].isoformat()}"]')
    for i in range(example.count()):
        assert "pe-status--in_force" not in example.nth(i).get_attribute("class")
    if example.count():
        assert page.locator("#pe-calc-example-totals").get_attribute("hidden") is not None
    context.close()
    # Ten days before its last day, the compact widget says the date and that the policy ends soon.
    before = policy["end"] - dt.timedelta(days=10)
    soon = estimate(profile, on=before.isoformat(), data=data)
    endings = {ending_label(i, "zh") for i in soon["items"] if i["policy"] == policy["id"]}
    assert endings == {f"{policy['end'].isoformat()}到期，还剩10天"}
    context = _clock(browser, before)
    page = Visit(
        context, base_url + f"widget/?compact=1#j={policy['place']}&u=wan&f.compute_spend=5000000"
    ).page
    page.wait_for_selector(f'{TOTALS} [data-total=max][data-cny="{soon["total_max_cny"]}"]', timeout=90_000)
    assert page.locator("#pe-calc-output .pe-calc-date").is_visible()
    assert before.isoformat() in page.inner_text("#pe-calc-output .pe-calc-date")
    status = page.locator(f'#pe-calc-output tr[data-clause^="{policy["id"]}/"] .pe-status').first
    assert status.is_visible() and endings.pop() in status.inner_text()
    # The likely total leads, the maximum beside it.
    totals = page.inner_text(TOTALS)
    assert totals.index("可能获得") < totals.index("最高合计")
    context.close()


EDITION_ROOTS = {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}  # mkdocs*.yml: `languages`


@pytest.mark.parametrize("page_lang", list(EDITION_ROOTS))
def test_every_embed_builder_offers_every_edition(browser, base_url, page_lang):
    """Issue 29: /zh-Hant/embed/ wrote …/zh-Hant/zh-Hant/widget/ (a 404) and /embed/'s 繁體 a Simplified
    title. Each choice: the preview is the chosen edition's widget, and the snippet copies exactly it."""
    from policy_explorer.sitegen import hant
    from policy_explorer.sitegen.templates import load_strings

    title = load_strings()["widget_frame_title"]
    titles = {"zh": title["zh"], "en": title["en"], "zh-Hant": hant.to_hant(title["zh"])}
    assert titles["zh-Hant"] != titles["zh"]
    langs = {"zh": "zh-Hans", "en": "en", "zh-Hant": "zh-HK"}  # <html lang> of each edition
    context = browser.new_context()
    page = Visit(context, base_url + EDITION_ROOTS[page_lang] + "embed/").page
    # The builder starts on the page's own edition.
    assert page.input_value("#pe-eb-edition") == page_lang
    for chosen, prefix in EDITION_ROOTS.items():
        page.select_option("#pe-eb-edition", chosen)
        until(page, f"document.getElementById('pe-eb-snippet').value.includes('{base_url}{prefix}widget/?')")
        until(
            page,
            "(() => { const f = document.getElementById('pe-eb-preview'); const w = f.contentWindow;"
            " return w.location.href === f.src && w.document.readyState === 'complete'"
            " && !!w.document.getElementById('pe-calc'); })()",
        )
        snippet = page.input_value("#pe-eb-snippet")
        src = snippet.split('<iframe src="')[1].split('"')[0].replace("&amp;", "&")
        preview = page.evaluate("document.getElementById('pe-eb-preview').src")
        assert src == preview, (page_lang, chosen)
        assert src.startswith(f"{base_url}{prefix}widget/?compact=1#j="), (page_lang, chosen, src)
        assert f'title="{titles[chosen]}"' in snippet, (page_lang, chosen, snippet)
        frame_lang = page.evaluate(
            "document.getElementById('pe-eb-preview').contentDocument.documentElement.lang"
        )
        assert frame_lang == langs[chosen], (page_lang, chosen)
        script = snippet.split('<script src="')[1].split('"')[0]
        assert page.request.get(script).ok, script
    context.close()


def test_a_scenario_link_in_an_open_calculator_and_a_real_full_calculator_link(browser, base_url):
    """Issue 29: a scenario link opened in the tab already showing the calculator was ignored (no
    hashchange), and the widget's "open the full calculator" carried the scenario only on click."""
    context = browser.new_context()
    page = Visit(context, base_url + "calculator/" + LONGGANG + "&f.compute_spend=20000000").page
    page.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=90_000)
    # The same scenario in Xiamen: only the city changes (the measures are the page's, not the test's).
    page.evaluate("location.hash = location.hash.replace('j=shenzhen-longgang', 'j=xiamen')")
    until(page, "document.querySelector('#pe-calc [name=jurisdiction]').value === 'xiamen'")
    until(
        page,
        f"document.querySelector('[data-total=max]').dataset.cny !== '{MAX_CNY}'"
        " && !document.querySelector('[data-stale]')",
    )
    context.close()
    address = base_url + "widget/?compact=1" + LONGGANG + "&f.compute_spend=20000000"
    widget = Visit(browser.new_context(), address).page
    widget.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=90_000)
    href = widget.get_attribute("#pe-calc-full", "href")
    assert "j=shenzhen-longgang" in href and "f.compute_spend=20000000" in href, href
    widget.locator("#pe-f-compute_spend").fill("3000万")
    full = "document.getElementById('pe-calc-full').getAttribute('href')"
    until(widget, f"{full}.includes('f.compute_spend=30000000')")
    widget.context.close()
