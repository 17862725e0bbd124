"""policy_explorer/defaults/assets/search-on-demand.js: an ordinary page fetches no search index (nor starts
Material's search worker) until the reader reaches for the search; then the search works as before."""

from __future__ import annotations

import pytest
from browser import Visit, search

EDITIONS = {"zh": "", "en": "en/"}
DESKTOP = {"width": 1366, "height": 800}


def _searchy(url: str) -> bool:
    return "search_index.json" in url or "/workers/search." in url


def _policy_page(base_url: str, data, lang: str) -> str:
    return f"{base_url}{EDITIONS[lang]}policies/{data['policies'][0]['id']}/"


@pytest.mark.parametrize("lang", EDITIONS)
def test_nothing_of_the_search_loads_until_the_reader_opens_it(browser, base_url, data, lang):
    context = browser.new_context(viewport=DESKTOP)
    visit = Visit(context, _policy_page(base_url, data, lang), wait="networkidle")
    visit.page.wait_for_timeout(500)
    assert not [u for u in visit.requests if _searchy(u)], visit.requests
    label = data["categories"][0]["label"][lang]  # any term the index holds
    search(visit.page, label)
    assert any("search_index.json" in u for u in visit.requests)
    assert any("/workers/search." in u for u in visit.requests)
    assert not visit.errors
    context.close()


def test_the_keyboard_shortcut_starts_the_search_too(browser, base_url, data):
    context = browser.new_context(viewport=DESKTOP)
    visit = Visit(context, _policy_page(base_url, data, "en"), wait="networkidle")
    with visit.page.expect_request(lambda r: "search_index.json" in r.url):
        visit.page.keyboard.press("s")  # Material's shortcut: it clicks the search toggle
    assert not visit.errors
    context.close()


def test_a_page_opened_from_a_search_result_highlights_at_once(browser, base_url, data):
    word = max(data["policies"][0]["title"]["en"].split(), key=len)  # a word of the page's own title
    context = browser.new_context(viewport=DESKTOP)
    visit = Visit(context, f"{_policy_page(base_url, data, 'en')}?h={word}")
    visit.page.wait_for_selector("mark[data-md-highlight]", timeout=20_000)
    assert any("search_index.json" in u for u in visit.requests)
    assert not visit.errors
    context.close()
