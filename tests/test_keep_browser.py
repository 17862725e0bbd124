"""Keeping the scenario on this device (issue 34, item 3), in Chromium, in every edition: off by
default; ticked, a later visit offers to restore it (never on its own) and the restored scenario
gives the same totals; unticking or "forget" deletes the entry; a scenario in the address wins; the
items whose clause changed or is new since the kept data version are marked, and only those.

The scenario: a Longgang start-up renting 2千万 of compute. Shenzhen's 训力券 clause: "按不超过服务
合同金额的50%,给予最高1000万元资助,对初创企业提高资助比例至60%": 60% × 2000万 = 1200万 → 1000万;
Longgang's: "对购买算力的企业,按最高不超过算力服务费用的30%予以支持,最高不超过600万元": 600万.
Up to 1,600万 in all.
"""

from __future__ import annotations

import copy
import json

import pytest
from browser import Visit, until

from policy_explorer.sitegen.kept import clause_versions

KEY = "pe-calc-kept"
SCENARIO = "j=shenzhen-longgang&s=1&on=2025-06-01&u=wan&f.compute_spend=20000000"
MAX_CNY = 16_000_000
MAX = f'#pe-calc-output [data-total=max][data-cny="{MAX_CNY}"]'
OFFER = "#pe-calc-keep-offer"


EDITIONS = ["zh", "en", "zh-Hant"]
# The kept scenario's place, as each edition names it.
PLACE = {"zh": "龙岗", "en": "Longgang", "zh-Hant": "龍崗"}


def root(base_url: str, lang: str) -> str:
    return base_url + {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}[lang]


def kept(page) -> dict | None:
    text = page.evaluate(f"localStorage.getItem('{KEY}')")
    return json.loads(text) if text else None


def clause(data: dict, jurisdiction: str, words: str) -> tuple[str, str]:
    """The (policy, clause) of ``jurisdiction`` whose Chinese text says ``words``."""
    found = [
        (p["id"], c["id"])
        for p in data["policies"]
        if p["jurisdiction"] == jurisdiction
        for c in p["clauses"]
        if words in c["text"]["zh"]
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("lang", EDITIONS)
def test_off_by_default_then_kept_restored_on_request_and_forgotten(browser, base_url, lang):
    context = browser.new_context()
    watch = Visit(context, root(base_url, lang) + "calculator/#" + SCENARIO)
    page = watch.page
    page.wait_for_selector(MAX, timeout=90_000)
    assert page.is_visible("#pe-calc-keep-on") and not page.is_checked("#pe-calc-keep-on")
    page.fill("#pe-f-compute_spend", "2000万")  # answering keeps nothing while the box is unticked
    page.wait_for_selector(MAX, timeout=30_000)
    assert kept(page) is None
    conservative = page.get_attribute("#pe-calc-output [data-total=conservative]", "data-cny")
    page.check("#pe-calc-keep-on")
    entry = kept(page)
    assert entry and "f.compute_spend=20000000" in entry["scenario"], entry
    assert entry["versions"] and entry["data_version"]
    # A later visit without a scenario in the address: offered, not restored on its own.
    later = Visit(context, root(base_url, lang) + "calculator/").page
    later.wait_for_selector(f"{OFFER}:not([hidden])", timeout=30_000)
    assert PLACE[lang] in later.inner_text(OFFER)
    later.wait_for_selector("#pe-calc-output [data-total=max]", timeout=90_000)
    assert "compute_spend=20000000" not in later.url
    later.click("#pe-calc-keep-restore")
    later.wait_for_selector(MAX, timeout=30_000)
    assert later.get_attribute("#pe-calc-output [data-total=conservative]", "data-cny") == conservative
    assert later.is_hidden(OFFER) and later.is_visible(".pe-calc-since")
    assert later.locator(".pe-calc-new").count() == 0  # the same data: nothing new or changed
    later.uncheck("#pe-calc-keep-on")  # one click to forget
    assert kept(later) is None
    assert not watch.errors, watch.errors
    context.close()


@pytest.mark.parametrize("lang", EDITIONS)
def test_forget_in_the_offer_and_the_address_wins(browser, base_url, lang):
    context = browser.new_context()
    page = Visit(context, root(base_url, lang) + "calculator/#" + SCENARIO).page
    page.wait_for_selector(MAX, timeout=90_000)
    page.check("#pe-calc-keep-on")
    assert kept(page)
    # A link with its own scenario: no offer, the link's scenario is shown.
    other = Visit(context, root(base_url, lang) + "calculator/#j=shenzhen&u=wan").page
    other.wait_for_selector("#pe-calc-output [data-total=max]", timeout=90_000)
    assert other.is_hidden(OFFER) and other.is_checked("#pe-calc-keep-on")
    assert other.input_value("#pe-j") == "shenzhen"
    until(other, "JSON.parse(localStorage.getItem('pe-calc-kept')).scenario.startsWith('j=shenzhen&')")
    other.close()  # kept while ticked: the scenario last shown, this one
    plain = Visit(context, root(base_url, lang) + "calculator/").page
    plain.wait_for_selector(f"{OFFER}:not([hidden])", timeout=30_000)
    plain.click("#pe-calc-keep-forget")
    assert kept(plain) is None
    assert plain.is_hidden(OFFER) and not plain.is_checked("#pe-calc-keep-on")
    assert plain.inner_text("#pe-calc-keep-said")
    context.close()


@pytest.mark.parametrize("lang", EDITIONS)
def test_items_whose_clause_changed_or_is_new_since_are_marked(browser, base_url, lang, data):
    shenzhen = clause(data, "shenzhen", "对初创企业提高资助比例至60%")
    longgang = clause(data, "shenzhen-longgang", "按最高不超过算力服务费用的30%予以支持")
    context = browser.new_context()
    page = Visit(context, root(base_url, lang) + "calculator/").page
    config = json.loads(page.inner_text("#pe-calc-config"))
    assert config["versions"] == clause_versions(data)  # the page's versions are the data's
    # The data as it was when the scenario was kept: Shenzhen's clause worded otherwise, Longgang's
    # not yet in it.
    old = copy.deepcopy(data)
    for policy in old["policies"]:
        if policy["id"] == shenzhen[0]:
            for c in policy["clauses"]:
                if c["id"] == shenzhen[1]:
                    c["text"] = {**c["text"], "zh": c["text"]["zh"].replace("60%", "55%")}
        if policy["id"] == longgang[0]:
            policy["clauses"] = [c for c in policy["clauses"] if c["id"] != longgang[1]]
    entry = {
        "scenario": SCENARIO,
        "saved": "2025-01-02",
        "data_version": "0ld0ld0ld0ld",
        "versions": clause_versions(old),
    }
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(entry)])
    page.reload()
    page.wait_for_selector(f"{OFFER}:not([hidden])", timeout=30_000)
    assert "2025-01-02" in page.inner_text(OFFER)
    page.click("#pe-calc-keep-restore")
    page.wait_for_selector(MAX, timeout=90_000)
    until(page, "document.querySelector('.pe-calc-since') !== null")
    marked = page.evaluate(
        "[...document.querySelectorAll('#pe-calc-output tr[data-kept]')]"
        ".map((r) => [r.dataset.clause, r.dataset.kept])"
    )
    assert sorted(marked) == sorted(
        [[f"{shenzhen[0]}/{shenzhen[1]}", "changed"], [f"{longgang[0]}/{longgang[1]}", "new"]]
    )
    note = page.inner_text(".pe-calc-since")
    assert "0ld0ld0ld0ld" in note and "2" in note
    context.close()
