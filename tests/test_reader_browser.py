"""Issue 21 as a reader checks it, in headless Chromium, both editions, desktop and phone widths:
search reads 算力券 whole, comparison tables give the rate that applies at their reference
spending, policy pages link their sources, phone tables keep dates whole and status in view."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser import Visit, search

from policy_explorer.calculator.money import fmt_cny
from policy_explorer.sitegen.render import load_strings

EDITIONS = {"zh": "", "en": "en/"}
VIEWPORTS = {"1366": {"width": 1366, "height": 800}, "390": {"width": 390, "height": 844}}
SMALL_PHONE = {"width": 360, "height": 740}


def _opened(browser, url: str, viewport: dict):
    context = browser.new_context(viewport=viewport)
    visit = Visit(context, url)
    return visit.page, visit.errors


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", ["1366", "390"])
def test_search_reads_the_chinese_word_whole(browser, base_url, lang, size):
    """Glossary: 算力券 is one term. Searching it lists its comparison table first, highlights 算力券
    (not 算力), shows the table page as its short description (not the table's text) and shows
    titles without the index's zero-width spaces."""
    page, errors = _opened(browser, f"{base_url}{EDITIONS[lang]}", VIEWPORTS[size])
    if size == "390":
        page.locator("label.md-header__button[for=__search]").click()
    search(page, "算力券")
    first = page.locator(".md-search-result__item").first
    href = first.locator("a").first.get_attribute("href")
    assert urlsplit(href).path.endswith("compare/compute_voucher/"), href
    marks = page.eval_on_selector_all(".md-search-result mark", "ms => ms.map(m => m.textContent)")
    assert "算力券" in marks and "算力" not in marks, marks
    shown = page.eval_on_selector_all(".md-search-result__item", "items => items.map(i => i.innerText)")
    assert not [s for s in shown if "\u200b" in s], "zero-width spaces in the results"
    assert len(shown[0]) < 400, shown[0]  # the table's description, not a wall of table text
    assert not errors
    page.context.close()


def _row(page, policy: str, clause: str):
    return page.locator(f".pe-compare tbody tr:has(a[href*='policies/{policy}/#clause-{clause}'])")


def _cell(row, label: str) -> str:
    cell = row.locator(f"td:has(.pe-cell-label:text-is('{label}'))")
    return " ".join(cell.inner_text().split())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", ["1366", "390"])
def test_comparison_rate_is_the_one_that_applies_at_the_spend(browser, base_url, lang, size):
    """Shenzhen measures (2): "按不超过服务合同金额的50%,给予最高1000万元资助,对初创企业提高资助比例至60%":
    the tables' company is not a start-up, so the amounts are 50% at both reference amounts (50万, 500万);
    the rate column never assumes the start-up gate is met: 60% is shown only with its condition named
    (issue 30: "show each alternative with its condition"), next to the 50% that applies otherwise.
    Binjiang (6): "30%（非国产人工智能算力）或60%（国产人工智能算力）…最高2000万元": it reads two amounts and
    keeps its columns, compute spending taking the reference amount, domestic compute 0: 30% →
    100万 × 30% = 30万, 1000万 × 30% = 300万; the Base column says so."""
    strings = load_strings()
    t = {k: v[lang] for k, v in strings.items()}
    page, errors = _opened(browser, f"{base_url}{EDITIONS[lang]}compare/compute_voucher/", VIEWPORTS[size])
    shenzhen = _row(page, "shenzhen-ai-pioneer-measures-2024", "2")
    at_1m = t["example_spend"].replace("{amount}", fmt_cny(1_000_000, lang))
    at_10m = t["example_spend"].replace("{amount}", fmt_cny(10_000_000, lang))
    assert _cell(shenzhen, at_1m).endswith(fmt_cny(500_000, lang))
    assert _cell(shenzhen, at_10m).endswith(fmt_cny(5_000_000, lang))
    rate = _cell(shenzhen, t["rate"])
    assert "50%" in rate and re.search(r"60% ?[（(][^）)]+[：:] ?" + re.escape(t["yes"]), rate), rate
    binjiang = _row(page, "hangzhou-binjiang-ai-draft", "6")
    assert _cell(binjiang, at_1m).endswith(fmt_cny(300_000, lang))
    assert _cell(binjiang, at_10m).endswith(fmt_cny(3_000_000, lang))
    assert "30%" in _cell(binjiang, t["rate"]) and "60%" not in _cell(binjiang, t["rate"])
    assert "0" in _cell(binjiang, t["base"])  # "…taken as 0" / "按0计"
    assert not errors
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_comparison_rows_are_compact_at_1366(browser, base_url, data, lang):
    """Rows were 200–390 px tall in English: text columns now get room. No row of any table is
    taller than 260 px (about ten lines of table text), and half are at most 140 px (the median was
    168 px on the compute-voucher table before)."""
    page, errors = _opened(browser, base_url, VIEWPORTS["1366"])
    heights = []
    for category in data["categories"]:
        page.goto(f"{base_url}{EDITIONS[lang]}compare/{category['id']}/")
        heights += page.eval_on_selector_all(
            ".pe-compare tbody tr", "rs => rs.map(r => r.getBoundingClientRect().height)"
        )
    heights.sort()
    assert heights and heights[-1] <= 260, heights[-5:]
    assert heights[len(heights) // 2] <= 140, heights[len(heights) // 2]
    assert not errors
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", ["1366", "390"])
def test_policy_page_links_its_sources(browser, base_url, data, lang, size):
    """Each policy page links the official text where the data has its address (else says none is
    known), the source text its clauses are quoted from (a page holding each clause's Chinese
    text) and its YAML; its notes on the source speak to readers (no "seed", no repository paths)."""
    strings = load_strings()
    for policy in data["policies"]:
        url = f"{base_url}{EDITIONS[lang]}policies/{policy['id']}/"
        page, errors = _opened(browser, url, VIEWPORTS[size])
        official = page.locator("a.pe-official")
        if policy["source"].get("url"):
            assert official.get_attribute("href") == policy["source"]["url"]
        else:
            assert official.count() == 0
            assert strings["official_unknown"][lang] in page.inner_text("article")
        yaml_href = page.locator("a.pe-data-file").get_attribute("href")
        response = page.request.get(page.url + yaml_href)
        assert response.ok and f"id: {policy['id']}" in response.text()
        notes = page.inner_text("article")
        assert "seed" not in notes.lower() and "种子" not in notes and "policies/sources" not in notes
        page.locator("a.pe-source-text").click()
        page.wait_for_load_state()
        source = page.inner_text("pre.pe-source-text")
        first = policy["clauses"][0]["text"]["zh"]
        assert first[:12] in source, (policy["id"], first[:12])
        assert page.locator(f"a[href$='policies/{policy['id']}/']").count() == 1  # lists its policies
        assert not errors
        page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["", "policies/"])
def test_phone_tables_at_360_keep_dates_whole_and_status_in_view(browser, base_url, data, lang, path):
    """The home page's jurisdiction tree and the policy list on a 360 px phone: every date on one
    line, every status badge inside the screen, no sideways scroll."""
    page, errors = _opened(browser, f"{base_url}{EDITIONS[lang]}{path}", SMALL_PHONE)
    dates = page.eval_on_selector_all(
        ".pe-date", "ds => ds.map(d => [d.textContent, d.getClientRects().length])"
    )
    assert all(lines == 1 for _, lines in dates), [d for d in dates if d[1] != 1]
    statuses = page.eval_on_selector_all(
        "table .pe-status",
        "ss => ss.map(s => { const r = s.getBoundingClientRect(); return [r.left, r.right]; })",
    )
    if path:
        assert len(statuses) == len(data["policies"]) and len(dates) >= 2
    assert all(left >= 0 and right <= SMALL_PHONE["width"] for left, right in statuses), statuses
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    assert not errors
    page.context.close()
