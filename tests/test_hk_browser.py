"""The zh-Hant edition as a Hong Kong reader sees it in Chromium (issue 29): 「」 quotes, Hong Kong words in
the site's own text, 人民幣 on amounts (pages and the calculator's answer), lang zh-HK, the glossary by
stroke count, and search still finding Chinese words."""

from __future__ import annotations

import re

import pytest
from browser import Visit, search

from policy_explorer.sitegen import glossary, hant

DESKTOP = {"width": 1366, "height": 800}
# The Mainland words issue 29 counted in the zh-Hant edition (OpenCC s2hk's output).
MAINLAND = ("代碼", "默認", "設置", "打印", "博客", "屏幕", "運行", "加載", "鏈接", "搜索")
# The site's own text of a page: without the official texts (the kept originals, the clause text's
# conversion, the source texts), English text, code, scripts and Material's search box.
OWN_TEXT = """() => {
  const copy = document.querySelector('article').cloneNode(true);
  copy.querySelectorAll('.pe-original, .pe-conversion, .pe-source-text, [lang="zh-Hans"], [lang=en], '
    + 'pre, code, script, style, .pe-translation').forEach(e => e.remove());
  return copy.textContent;
}"""
_QUOTED = re.compile(r"「[^「」]*(?:「[^「」]*」[^「」]*)*」")  # a quotation: someone else's words
_AMOUNT = re.compile(r"(?<![\d,.])\d[\d,]*(?:\.\d+)?\s?(?:千萬|萬|億)?元")


def _pages(data) -> list[str]:
    """A page of each kind the generator writes, and the hand-written ones that held Mainland words."""
    policy = data["policies"][0]
    category = data["categories"][0]["id"]
    # A clause with a worked example whose fact is shown with a decimal point (150000000 → 1.5億元,
    # which the Markdown escaping writes 1\.5億元).
    worked = next(
        (p["id"], c["id"])
        for p in data["policies"]
        for c in p["clauses"]
        for e in c.get("examples") or []
        if any(type(v) is int and v > 10**8 and v % 10**8 for v in e["facts"].values())
    )
    return [
        f"policies/{worked[0]}/clause-{worked[1]}/",
        "",
        "calculator/",
        "widget/",
        f"policies/{policy['id']}/",
        f"policies/{policy['id']}/clause-{policy['clauses'][0]['id']}/",
        f"compare/{category}/",
        "glossary/",
        "timeline/",
        "changes/",
        "embed/",
        "about/",
        "methodology/",
    ]


@pytest.fixture(scope="module")
def own_texts(browser, base_url, data) -> dict[str, str]:
    context = browser.new_context(viewport=DESKTOP)
    texts = {}
    for path in _pages(data):
        visit = Visit(context, f"{base_url}zh-Hant/{path}")
        page = visit.page
        assert page.get_attribute("html", "lang") == "zh-HK", path
        texts[path] = page.evaluate(OWN_TEXT)
        page.close()
    context.close()
    return texts


def test_the_edition_is_tagged_for_hong_kong(browser, base_url):
    visit = Visit(browser, f"{base_url}zh-Hant/glossary/")
    page = visit.page
    assert page.get_attribute("html", "lang") == "zh-HK"
    langs = page.eval_on_selector_all("a.md-select__link[hreflang]", "els => els.map(e => e.hreflang)")
    assert sorted(langs) == ["en", "zh-HK", "zh-Hans"]
    # A converted span is tagged as the page is (the glossary's Chinese terms were zh-Hans).
    assert page.locator('td [lang="zh-HK"]').count() > 10
    assert page.locator('td [lang="zh-Hant"]').count() == 0
    assert not visit.errors
    page.close()


def test_the_sites_own_text_quotes_with_corner_brackets(own_texts):
    for path, text in own_texts.items():
        assert "“" not in text and "”" not in text, (path, re.findall(r".{0,15}[“”].{0,15}", text)[:3])
    assert sum(t.count("「") for t in own_texts.values()) > 20  # the notes quote the texts: 「經評審」…


def test_the_sites_own_text_has_no_mainland_ui_words(own_texts):
    for path, text in own_texts.items():
        outside = _QUOTED.sub("", text)  # a quoted word is the text's own, converted by OpenCC only
        found = {w: outside.count(w) for w in MAINLAND if w in outside}
        assert not found, (path, found)
    # The Hong Kong words are there instead: embed.md "复制代码", "默认…系统设置"; the print button.
    assert "複製程式碼" in own_texts["embed/"] and "預設" in own_texts["embed/"]
    assert "設定" in own_texts["embed/"] and "網誌" in own_texts["embed/"]


def test_every_amount_names_the_renminbi(own_texts):
    amounts = 0
    for path, text in own_texts.items():
        outside = _QUOTED.sub("", text)
        for match in _AMOUNT.finditer(outside):
            before = outside[max(0, match.start() - 4) : match.start()]
            assert re.search(r"(人民幣|[–\-~～至到])\s?$", before), (path, before + match[0])
            amounts += 1
    assert amounts > 20


def test_the_calculators_answer_names_the_renminbi(browser, base_url):
    # The example on the page is the engine's answer for site_templates/example_profile.yaml.
    context = browser.new_context(viewport=DESKTOP)
    visit = Visit(context, f"{base_url}zh-Hant/calculator/")
    page = visit.page
    page.wait_for_selector("[data-total=max]", timeout=90_000)
    page.wait_for_function("() => document.querySelector('#pe-calc').dataset.hant !== undefined")
    total = page.text_content("[data-total=max]").strip()
    assert total.startswith("人民幣") and total.endswith("元"), total
    items = page.eval_on_selector_all(
        ".pe-calc-items tbody tr td:nth-child(3)", "tds => tds.map(td => td.textContent.trim())"
    )
    assert items and all(i.startswith(("人民幣", "≤ 人民幣")) or not re.search(r"\d", i) for i in items), (
        items
    )
    text = page.evaluate(OWN_TEXT)
    assert "“" not in _QUOTED.sub("", text)
    assert not visit.errors, visit.errors
    context.close()


def test_the_glossary_is_in_stroke_order(browser, base_url):
    visit = Visit(browser, f"{base_url}zh-Hant/glossary/")
    page = visit.page
    groups = page.eval_on_selector_all(
        "h2[id^=letter-]",
        """hs => hs.map(h => { let el = h.nextElementSibling;
             while (el && !el.querySelector('table')) el = el.nextElementSibling;
             const rows = [...el.querySelectorAll('tbody tr')];
             return [h.id.slice(7), rows.map(r => r.cells[0].innerText.trim())]; })""",
    )
    strokes = glossary._strokes()  # Unihan kTotalStrokes (test_hk checks the table against Unihan)

    def key(term: str) -> tuple[int, ...]:
        return tuple(strokes.get(c, 0) for c in term)

    terms = [t for _, ts in groups for t in ts]
    assert len(terms) > 40
    # 算力券 (14, 2, 8 strokes): each term in the order of its strokes, character by character.
    assert [key(t) for t in terms] == sorted(key(t) for t in terms)
    for label, ts in groups:
        assert all(str(key(t)[0]) == label for t in ts if key(t)[0]), (label, ts)
    index = page.eval_on_selector_all(".pe-letters a", "as => as.map(a => a.getAttribute('href'))")
    assert index == [f"#letter-{label.lower()}" for label, _ in groups]
    assert "畫" in page.inner_text(".pe-letters")
    assert not visit.errors
    page.close()


@pytest.mark.parametrize("term", ["揭榜挂帅", "算力券"])
def test_search_finds_chinese_words_quoted_with_corner_brackets(browser, base_url, data, term):
    # 揭榜掛帥 is quoted 「揭榜掛帥」 in the notes: the search separator splits on 「」 so it is one word.
    page = Visit(browser, f"{base_url}zh-Hant/").page
    search(page, hant.to_hant(term))
    assert page.locator(".md-search-result__item").count() > 0
    page.close()


# An amount the worked examples' "Why" writes without 元 (25% × 1000万 = 250万), and a count that is
# not money (600万人次: visitors).
_BARE = re.compile(r"(?<![\d,.])\d[\d,]*(?:\.\d+)?\s?(?:千萬|萬|億)")
_COUNT_AFTER = re.compile(r"^[人次個家戶條件項名台張份套平]")
# The "Why" column of the table after the worked examples' heading (Material wraps tables in divs).
WHY_CELLS = """() => {
  const head = document.getElementById('examples');
  const table = [...document.querySelectorAll('article table')].find(
    t => head.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
  return table ? [...table.querySelectorAll('tbody tr')].map(r => r.cells[3].innerText) : [];
}"""


def test_the_worked_examples_why_names_the_renminbi(browser, base_url, data):
    """Issue 29: 「25% × 1000萬 = 250萬，未超過500萬上限」 read as Hong Kong dollars. In every example
    whose "Why" writes an amount without 元, each amount reads as 人民幣; a count (「600萬人次」) is
    left as it is."""
    bare = [
        (p["id"], c["id"], e["why"])
        for p in data["policies"]
        for c in p["clauses"]
        for e in c.get("examples") or []
        if re.search(r"\d[万亿](?!元)", e["why"])
    ]
    assert len(bare) > 50
    counts = [w for *_, w in bare if "万人次" in w]
    assert counts  # 西湖区的示例：“600万人次 ≥ 500万人次”
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    checked = 0
    pages = [*sorted({(p, c) for p, c, _ in bare})[:12], next((p, c) for p, c, w in bare if w == counts[0])]
    for policy, clause in pages:
        page.goto(f"{base_url}zh-Hant/policies/{policy}/clause-{clause}/")
        cells = page.evaluate(WHY_CELLS)
        assert cells, (policy, clause)
        for cell in cells:
            cell = _QUOTED.sub("", cell)  # a quotation of the text is its own words: OpenCC only
            for match in _BARE.finditer(cell):
                after = cell[match.end() :]
                if _COUNT_AFTER.match(after):
                    assert not cell[: match.start()].endswith("人民幣"), cell
                    continue
                assert re.search(
                    r"(人民幣|[–\-~～至到])\s?$", cell[max(0, match.start() - 4) : match.start()]
                ), (
                    policy,
                    clause,
                    cell,
                )
                checked += 1
    assert checked > 30
    context.close()
