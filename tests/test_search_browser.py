"""Issue 29 in the browser: the search finds a page by the words its documents use and in either
Chinese script; the category and place pages show what they are also called; the changes page reads
for readers (one heading per day, each document once, no field names); the home table keeps a
place's name whole on a phone. Expectations come from the data (categories.yaml, jurisdictions.yaml)."""

from __future__ import annotations

import re

import pytest
from browser import Visit, search

from policy_explorer.sitegen.hant import to_hant

EDITIONS = {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}
DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 360, "height": 740}


def _first_result(page) -> str:
    """The page the search dialog lists first (its address, without the highlight query)."""
    href = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
    return re.sub(r"[?#].*", "", href)


def _scripted_term(data) -> tuple[str, str]:
    """A category search term whose Traditional form differs (训力券 → 訓力券), and its category."""
    for c in data["categories"]:
        for term in c.get("search_terms", {}).get("zh", []):
            if to_hant(term) != term:
                return term, c["id"]
    raise AssertionError("no category search term changes script: add one to categories.yaml")


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
def test_the_other_script_finds_the_same_first_page(browser, base_url, data, lang):
    """ "訓力券 in the Simplified edition and 训力券 in the Traditional one find the same pages"."""
    simplified, _ = _scripted_term(data)
    own, other = (simplified, to_hant(simplified)) if lang == "zh" else (to_hant(simplified), simplified)
    context = browser.new_context(viewport=DESKTOP)
    firsts = []
    for text in (own, other):
        visit = Visit(context, f"{base_url}{EDITIONS[lang]}")
        search(visit.page, text)
        firsts.append(_first_result(visit.page))
        assert not visit.errors
        visit.page.close()
    context.close()
    assert firsts[0] and firsts[0] == firsts[1], (own, other, firsts)


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
def test_a_category_search_term_is_shown_on_its_page_and_finds_it_first(browser, base_url, data, lang):
    """Each category page says what it is also called; a term typed finds that page first."""
    category = next(c for c in data["categories"] if c.get("search_terms"))
    terms = category["search_terms"]["en" if lang == "en" else "zh"]
    shown = [to_hant(t) for t in terms] if lang == "zh-Hant" else terms
    context = browser.new_context(viewport=DESKTOP)
    visit = Visit(context, f"{base_url}{EDITIONS[lang]}compare/{category['id']}/")
    line = visit.page.locator(".pe-also")
    assert line.is_visible()
    for term in shown:
        assert term in line.inner_text()
    search(visit.page, shown[-1])
    assert _first_result(visit.page).rstrip("/").endswith(f"compare/{category['id']}"), shown[-1]
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
def test_the_changes_page_reads_for_readers(browser, base_url, lang):
    """ "one heading per date (ten identical '2026-11-30' headings today), no entry listed twice",
    and no field names ('application', 'benefit.paid_in', 'numbering')."""
    context = browser.new_context(viewport=DESKTOP)
    visit = Visit(context, f"{base_url}{EDITIONS[lang]}changes/")
    article = visit.page.locator("article")
    dates = [h.strip().rstrip("¶").strip() for h in article.locator("h2").all_inner_texts()]
    assert len(dates) == len(set(dates)), dates
    per_day = visit.page.evaluate(
        """() => [...document.querySelectorAll("article h2")].map(h => {
            const titles = [];
            for (let el = h.nextElementSibling; el && el.tagName !== "H2"; el = el.nextElementSibling)
              if (el.tagName === "H3") titles.push(el.textContent.replace("¶", "").trim());
            return titles;
        })"""
    )
    for titles in per_day:
        assert len(titles) == len(set(titles)), titles
    from policy_explorer.history.diff import FIELD_NAMES
    from policy_explorer.schema import document_schema

    doc = document_schema()["properties"]
    clause = doc["clauses"]["items"]["properties"]
    fields = {*doc, *clause, *(f"benefit.{k}" for k in clause["benefit"]["properties"])}
    fields = {f for f in fields if FIELD_NAMES.get(f, {}).get("en") != f}  # "source" is a word too
    named = re.findall(r"(?:changed: |已修改：)([^;；\n]+)", article.inner_text())
    listed = {n.strip() for group in named for n in re.split(r", |、", group)}
    assert not listed & fields, listed & fields
    context.close()


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
def test_the_home_table_keeps_each_place_name_on_one_line_on_a_phone(browser, base_url, lang):
    """ "The home jurisdiction table breaks place names on phones ('福田 / 区')": at 360 px each name
    that fits the column is one line."""
    context = browser.new_context(viewport=PHONE)
    visit = Visit(context, f"{base_url}{EDITIONS[lang]}")
    lines = visit.page.evaluate(
        """() => [...document.querySelectorAll("a.pe-place")].map(a => [a.textContent,
            new Set([...a.getClientRects()].map(r => Math.round(r.top))).size])"""
    )
    assert lines
    # A name breaks only where it has a space or a bracket (滨江区（杭州高新区）), never inside a word.
    assert [name for name, n in lines if n > 1 and not re.search(r"[\s（(]", name)] == []
    width = visit.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    context.close()


def test_the_english_worked_examples_say_why_in_english_and_cny(browser, base_url, data):
    """ "the worked examples' 'Why' column in the English edition in English and CNY": the first
    clause with examples, each row's working is English (no Chinese outside a bracketed term) and
    names its amount in CNY when it pays one."""
    policy, clause = next((p, c) for p in data["policies"] for c in p["clauses"] if c.get("examples"))
    context = browser.new_context(viewport=DESKTOP)
    visit = Visit(context, f"{base_url}en/policies/{policy['id']}/clause-{clause['id']}/")
    rows = visit.page.locator("#examples ~ table tbody tr, #examples ~ div table tbody tr")
    whys = [rows.nth(i).locator("td").last.inner_text() for i in range(rows.count())]
    assert len(whys) == len(clause["examples"])
    for example, why in zip(clause["examples"], whys, strict=True):
        assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"\([^)]*\)", "", why)), why
        if example["max_cny"]:
            assert "CNY" in why, why
    context.close()
