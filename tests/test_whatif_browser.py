"""What if I spend more (issue 34), in the reader's browser, in every edition: the chart of the claim
against one expense the reader entered, with the points where a clause's cap bites, and the same data
as tables, reached by keyboard. The amounts are worked out from the texts (quoted at each case);
policy_explorer/calculator/whatif.py computes them in the worker; tests/test_whatif.py checks the
engine itself.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from browser import Visit, until
from conftest import has_policy

EDITIONS = {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}
ON = "2025-06-01"  # the Shenzhen (2024-12-18), its rules (2025) and the Xihu (2025) texts are in force
READY = "#pe-calc-status[data-state=ready]"
SHOWN = ".pe-calc-whatif__out[data-state=shown]"
SHENZHEN = "shenzhen-ai-pioneer-measures-2024"
RULES = "shenzhen-ai-pioneer-rules-2025"
XIHU = "hangzhou-xihu-ai-2025"
# The cap's words in each edition (the engine's zh label, converted in the Traditional edition).
CAP_WORDS = {"zh": "达到上限", "en": "reached", "zh-Hant": "達到上限"}
# 50% and 20% of 150万 in each edition's words.
AT_ENTERED = {"zh": ("75万元", "30万元"), "en": ("CNY 750,000", "CNY 300,000"), "zh-Hant": ("75萬", "30萬")}


def _open(browser, base_url: str, edition: str, place: str, facts: dict) -> Visit:
    params = {"j": place, "on": ON, **{f"f.{k}": json.dumps(v) for k, v in facts.items()}}
    visit = Visit(browser.new_context(), f"{base_url}{EDITIONS[edition]}calculator/#{urlencode(params)}")
    visit.page.wait_for_selector(READY, timeout=120_000)
    visit.page.wait_for_selector("#pe-calc-output .pe-calc-whatif", timeout=60_000)
    return visit


def _rows(page) -> list[tuple[int, str, str, str]]:
    return [
        (
            int(r.get_attribute("data-at")),
            r.get_attribute("data-kind"),
            r.get_attribute("data-policy"),
            r.get_attribute("data-clause"),
        )
        for r in page.locator(".pe-calc-whatif__changes tbody tr").all()
    ]


def _open_by_keyboard(page) -> None:
    """The section opens from the keyboard: its summary takes the focus and Enter opens it."""
    summary = page.locator(".pe-calc-whatif > summary")
    summary.focus()
    assert page.evaluate("document.activeElement.matches('.pe-calc-whatif > summary')")
    page.keyboard.press("Enter")
    page.wait_for_selector(SHOWN, timeout=60_000)


@pytest.mark.parametrize("edition", EDITIONS)
def test_shenzhen_caps_are_marked_with_their_clauses(browser, base_url, data, edition):
    if not (has_policy(data, SHENZHEN) and has_policy(data, RULES)):
        pytest.skip("the corpus no longer holds the Shenzhen measures and their rules")
    # 深圳 §2: "按不超过服务合同金额的50%,给予最高1000万元资助": 1000万 is reached at 1000万 ÷ 50% = 2000万
    # of compute, within 0–4 × 600万 = 2400万.
    visit = _open(
        browser, base_url, edition, "shenzhen", {"compute_spend": 6_000_000, "model_spend": 3_000_000}
    )
    page = visit.page
    _open_by_keyboard(page)
    rows = _rows(page)
    assert (20_000_000, "cap", SHENZHEN, "2") in rows
    cap = page.locator(f".pe-calc-whatif__changes tr[data-at='20000000'][data-policy='{SHENZHEN}']")
    assert CAP_WORDS[edition] in cap.inner_text()
    # Every breakpoint has its mark on the chart, and the chart is named by its caption.
    marks = sorted(
        int(m.get_attribute("data-at")) for m in page.locator(".pe-calc-whatif__svg .pe-mark").all()
    )
    assert marks == sorted(at for at, *_ in rows)
    caption_id = page.get_attribute(".pe-calc-whatif__svg", "aria-labelledby")
    assert page.locator(f"#{caption_id}").inner_text().strip()
    # The other expense, chosen from the keyboard (arrow keys move between the radios): 实施细则 §1,
    # "“模型券”额度原则上不超过100万元,最高不超过200万元 … 不超过模型购买费用的30%": 100万 ÷ 30% is first
    # reached at 3,333,334 (the conservative total stops there) and 200万 ÷ 30% at 6,666,667.
    page.focus("#pe-whatif-compute_spend")
    page.keyboard.press("ArrowRight")
    until(page, "document.querySelector('.pe-calc-whatif__out').dataset.fact === 'model_spend'", timeout=60)
    page.wait_for_selector(SHOWN, timeout=60_000)
    rows = _rows(page)
    assert (3_333_334, "cap", RULES, "1") in rows and (6_666_667, "cap", RULES, "1") in rows
    assert not visit.errors, visit.errors  # no CSP violation, no script error
    page.context.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_hangzhou_graded_cap_bites_twice(browser, base_url, data, edition):
    if not has_policy(data, XIHU):
        pytest.skip("the corpus no longer holds the Xihu measures")
    # 西湖区 §2: "…经评审分档择优,分别给予智算服务金额50%、35%、20%的补助,单个主体年度补贴金额不超过100万元。"
    # The best grade reaches 100万 at 200万 of compute; the lowest (the conservative total) at 500万.
    facts = {
        "compute_spend": 1_500_000,
        f"{XIHU}.xihu_compute_subsidy_selected": True,
    }  # the document's own fact
    visit = _open(browser, base_url, edition, "hangzhou-xihu", facts)
    page = visit.page
    _open_by_keyboard(page)
    rows = [r for r in _rows(page) if r[2] == XIHU]
    assert rows == [(2_000_000, "cap", XIHU, "2"), (5_000_000, "cap", XIHU, "2")]
    # The points table holds the curve: at the 150万 entered, 50% and 20% of it (75万 and 30万).
    entered = page.locator(".pe-calc-whatif__points tr[data-spend='1500000']").text_content()  # folded
    assert all(amount in entered for amount in AT_ENTERED[edition]), entered
    # A new answer (another figure typed) keeps the section open and draws it again for that answer.
    page.fill("#pe-f-compute_spend", "")
    page.fill("#pe-f-compute_spend", "100")  # in 万元: the address named no unit
    until(
        page, "new URLSearchParams(location.hash.slice(1)).get('f.compute_spend') === '1000000'", timeout=60
    )
    page.wait_for_selector(".pe-calc-whatif[open] " + SHOWN, timeout=60_000)
    until(page, "!!document.querySelector(\".pe-calc-whatif__points tr[data-spend='4000000']\")", timeout=60)
    assert not visit.errors, visit.errors
    page.context.close()
