"""The built site in headless Chromium: search, sorting and filtering work, and no request leaves the host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser import Visit, search


def _open(browser, url):
    visit = Visit(browser, url)
    return visit.page, visit.requests, visit.errors


def _search(page, query: str) -> set[str]:
    search(page, query)
    # Material shows 10 results, then 4 more each time the list is scrolled back to its bottom: wheel
    # up and down over it until every result it announced ("51 matching documents") is there.
    announced = int(re.sub(r"\D", "", page.inner_text(".md-search-result__meta")))
    items = page.locator(".md-search-result__item")
    box = page.locator(".md-search__scrollwrap").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(announced):
        if items.count() >= announced:
            break
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(150)
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(250)
    assert items.count() == announced
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    # The policy each result belongs to: policies/<policy>/ or its clause page policies/<policy>/clause-<id>/.
    parts = [urlsplit(h).path.strip("/").split("/") for h in hrefs]
    return {p[p.index("policies") + 1] for p in parts if "policies" in p[:-1]}


def _compute_voucher_policies(data) -> set[str]:
    return {
        p["id"] for p in data["policies"] if any(c["category"] == "compute_voucher" for c in p["clauses"])
    }


@pytest.mark.parametrize(("path", "query"), [("", "算力券"), ("en/", "compute voucher")])
def test_search_finds_the_compute_voucher_of_every_jurisdiction(browser, base_url, data, path, query):
    page, requests, errors = _open(browser, base_url + path)
    found = _search(page, query)
    missing = _compute_voucher_policies(data) - found
    assert not missing, f"{query!r} did not find {missing}"
    assert all(urlsplit(u).netloc == urlsplit(base_url).netloc for u in requests if u.startswith("http")), [
        u for u in requests if urlsplit(u).netloc != urlsplit(base_url).netloc
    ]
    assert not errors
    page.close()


def test_comparison_table_sorts_and_filters(browser, base_url):
    page, requests, errors = _open(browser, base_url + "compare/compute_voucher/")
    rows = page.locator(".pe-compare tbody tr")
    total = rows.count()
    assert total == 7
    # A second search landmark beside the site search, told apart by its name.
    assert page.get_attribute(".pe-filters", "role") == "search"
    assert page.get_attribute(".pe-filters", "aria-label") == "筛选表格"
    page.select_option(".pe-filters select >> nth=1", "in_force")
    visible = page.locator(".pe-compare tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert page.locator(".pe-filters output").inner_text().endswith(f"/ {total}")
    page.select_option(".pe-filters select >> nth=1", "")
    cap_header = page.locator(".pe-compare thead th").nth(6)
    cap_header.click()
    caps = page.eval_on_selector_all(
        ".pe-compare tbody tr", "rows => rows.map(r => Number(r.cells[6].getAttribute('data-sort')))"
    )
    assert caps == sorted(caps) or caps == sorted(caps, reverse=True)
    assert len(set(caps)) > 3
    assert not errors
    assert all(urlsplit(u).netloc == urlsplit(base_url).netloc for u in requests if u.startswith("http"))
    page.close()


@pytest.mark.parametrize("path", ["", "en/compare/compute_voucher/", "policies/shenzhen-longgang-ai-2025/"])
def test_pages_run_under_their_content_security_policy(browser, base_url, path):
    """Material's scripts and the site's run without a violation; a script slipped into the page does not."""
    visit = Visit(browser, base_url + path)
    assert visit.page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    visit.page.wait_for_timeout(300)
    assert visit.errors == []
    ran = visit.page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__injected = 1";
                   document.head.append(s); return window.__injected ?? null; }"""
    )
    visit.page.wait_for_timeout(200)
    assert ran is None
    assert len(visit.errors) == 1
    assert visit.errors[0].startswith("Executing inline script violates the following Content Security")
    visit.page.close()


def test_switching_the_colour_scheme_stops_transitions_only_while_it_switches(browser, base_url):
    """site.js marks <body> for the switch (the re-keyed Material rule in the stylesheet), not at load."""
    visit = Visit(browser, base_url + "policies/shenzhen-longgang-ai-2025/")
    page = visit.page
    page.wait_for_function("() => document.querySelector('meta[name=theme-color]')")  # Material's palette ran
    link = "getComputedStyle(document.querySelector('article a[href]')).transitionDuration"
    marked = "document.body.hasAttribute('data-pe-switching')"
    assert page.evaluate(f"() => [{marked}, {link}]") == [False, "0.125s"]
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    before = page.evaluate(f"() => {scheme}")
    # One task: the click, the change event and the restyle, read before any frame ends the switch.
    during = page.evaluate(
        f"""() => {{ document.querySelector('label[for^="__palette_"]:not([hidden])').click();
                    return [{scheme}, {marked}, {link}]; }}"""
    )
    assert during == [{"default": "slate", "slate": "default"}[before], True, "0s"]
    page.wait_for_function(f"() => !{marked}")
    assert page.evaluate(f"() => {link}") == "0.125s"
    assert visit.errors == []
    page.close()
