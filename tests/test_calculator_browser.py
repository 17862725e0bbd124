"""policy_explorer.calculator.browser: what the page's worker calls. Expected amounts are worked out from the
texts."""

from __future__ import annotations

import json

import pytest

from policy_explorer.calculator import estimate
from policy_explorer.calculator.browser import answer, handle

ON = "2025-06-01"
# Longgang start-up, CNY 500万 of compute: Shenzhen 训力券 60% (start-up) = 300万 (cap 1,000万) and
# Longgang 算力 30% = 150万 (cap 600万); the same expense, so the conservative total keeps 300万.
LONGGANG = {"jurisdiction": "shenzhen-longgang", "startup": True, "facts": {"compute_spend": 5_000_000}}


def engine(profile: dict, on: str) -> dict:
    """The engine's result as the page gets it: with why each clause gives nothing, without the trace."""
    result = estimate(profile, on=on, explained=True)
    del result["trace"]
    return result


def test_the_answer_is_the_engine_result_with_its_wording():
    got = answer({"profile": LONGGANG, "on": ON})
    assert got["ok"] and got["result"] == engine(LONGGANG, ON)
    assert got["result"]["total_max_cny"] == 4_500_000
    assert got["result"]["total_conservative_cny"] == 3_000_000
    assert got["labels"]["zh"]["total_max"] == "450万元"
    assert got["labels"]["en"]["total_conservative"] == "CNY 3,000,000"
    assert sorted(got["labels"]["zh"]["items"]) == ["150万元", "300万元"]
    assert {i["policy"] for i in got["result"]["items"]} == {
        "shenzhen-ai-pioneer-measures-2024",
        "shenzhen-longgang-ai-2025",
    }
    # A title for every policy the page names: the items' and those of the clauses that give nothing.
    named = {i["policy"] for i in got["result"]["items"]} | {w["policy"] for w in got["result"]["why_not"]}
    assert set(got["policies"]) == named


def test_digit_strings_are_whole_yuan():
    as_text = {**LONGGANG, "facts": {"compute_spend": "5000000"}}
    assert answer({"profile": as_text, "on": ON})["result"] == engine(LONGGANG, ON)


def test_needs_carry_titles_and_fact_labels():
    needs = answer({"profile": LONGGANG, "on": ON})["needs"]
    corpus = next(
        n for n in needs if n["policy"] == "shenzhen-ai-pioneer-measures-2024" and n["clause"] == "3"
    )
    assert corpus["title"]["zh"] == "发放“语料券”"
    assert {"zh": "语料采购支出", "en": "Corpus purchases"} in corpus["fact_labels"]


def test_compare_runs_the_same_facts_everywhere_largest_first():
    rows = answer({"profile": LONGGANG, "on": ON, "compare": True})["compare"]
    by_place = {r["jurisdiction"]: r for r in rows}
    assert by_place["shenzhen-longgang"]["total_max_cny"] == 4_500_000
    for place, row in by_place.items():
        assert row["total_max_cny"] == estimate({**LONGGANG, "jurisdiction": place}, on=ON)["total_max_cny"]
    totals = [r["total_max_cny"] for r in rows]
    assert totals == sorted(totals, reverse=True)
    # Every city or district some policy covers (its own or one above it), and no other: worked out
    # from the data, so adding a city-level policy over a district changes what is expected, not this test.
    from policy_explorer.calculator.data import load_data

    data = load_data()
    parent = {j["id"]: j.get("parent") for j in data["jurisdictions"]}
    own = {p["jurisdiction"] for p in data["policies"]}

    def covered(place: str | None) -> bool:
        while place is not None:
            if place in own:
                return True
            place = parent[place]
        return False

    places = [j["id"] for j in data["jurisdictions"] if j["level"] in ("city", "district")]
    assert set(by_place) == {p for p in places if covered(p)}


def test_each_compared_place_gives_both_totals_the_vouchers_and_its_largest_items(data):
    """Issue 29: one row per place, named with its city (a district is "city · district"), both totals,
    the vouchers apart, and its largest items (by counted maximum), each as the engine gives them."""
    rows = answer({"profile": LONGGANG, "on": ON, "compare": True})["compare"]
    names = {j["id"]: j for j in data["jurisdictions"]}
    for row in rows:
        result = estimate({**LONGGANG, "jurisdiction": row["jurisdiction"]}, on=ON)
        assert row["vouchers_max_cny"] == result["vouchers_max_cny"]
        assert row["vouchers_conservative_cny"] == result["vouchers_conservative_cny"]
        place = names[row["jurisdiction"]]
        if place["level"] == "district":
            city = names[place["parent"]]
            assert row["place"]["zh"] == f"{city['name']['zh']} · {place['name']['zh']}"
            assert row["place"]["en"] == f"{place['name']['en']}, {city['name']['en']}"
        else:
            assert row["place"] == place["name"]
        counted = sorted(
            (i for i in result["items"] if i["counted_max_cny"]), key=lambda i: -i["counted_max_cny"]
        )[:3]
        assert [(t["policy"], t["clause"]) for t in row["top"]] == [
            (i["policy"], i["clause"]) for i in counted
        ]
        for top, item in zip(row["top"], counted, strict=True):
            assert top["title"] == item["title"] and top["page"] == item["page"]
    # The site covers only these places; a district not among them is told to choose its city.
    cities = {
        names[r["jurisdiction"]]["parent"] for r in rows if names[r["jurisdiction"]]["level"] == "district"
    }
    note = answer({"profile": LONGGANG, "on": ON, "compare": True})["compare_note"]
    for city in cities & set(names):
        assert names[city]["name"]["zh"] in note["zh"] and names[city]["name"]["en"] in note["en"]


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        ("not json", "request"),
        ([], "request"),
        ({"profile": LONGGANG, "extra": 1}, "extra"),
        ({"profile": LONGGANG, "on": 20250601}, "on"),
        ({"profile": {**LONGGANG, "jurisdiction": "atlantis"}}, "jurisdiction"),
        ({"profile": {**LONGGANG, "facts": {"compute_spend": "-5"}}}, "facts.compute_spend"),
        ({"profile": {**LONGGANG, "facts": {"compute_spend": "5e6"}}}, "facts.compute_spend"),
    ],
)
def test_bad_requests_get_one_message_naming_the_field(request_, field):
    text = request_ if isinstance(request_, str) else json.dumps(request_)
    out = json.loads(handle(text))
    assert out["ok"] is False and out["field"] == field and out["message"]


def test_a_clause_that_states_only_a_maximum_is_worded_up_to():
    # Binjiang (二): "给予单个开源主体最高500万元的一次性分档奖励" — only a maximum, graded on review.
    profile = {"jurisdiction": "hangzhou-binjiang", "facts": {"open_source_project": True}}
    got = answer({"profile": profile, "on": ON})
    item = next(i for i in got["result"]["items"] if i["clause"] == "2")
    assert item["min_cny"] is None and item["max_cny"] == 5_000_000
    index = got["result"]["items"].index(item)
    assert got["labels"]["zh"]["items"][index] == "≤ 500万元"
    assert got["labels"]["en"]["items"][index] == "≤ CNY 5,000,000"


def test_an_unexpected_failure_is_an_answer_not_an_exception(monkeypatch):
    import policy_explorer.calculator.browser as browser

    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(browser, "estimate", broken)
    out = json.loads(handle(json.dumps({"profile": LONGGANG, "on": ON})))
    assert out == {
        "ok": False,
        "field": "calculator",
        "message": "the calculator failed on this scenario (ZeroDivisionError); "
        "please report it with the page's address",
    }


def test_typed_amounts_are_read_in_python_and_given_back_exactly():
    # Longgang start-up, 500万 typed as a reader would (full-width, with 万): the same answer as 5,000,000.
    profile = {**LONGGANG, "facts": {}}
    for text, unit in (("５００", "wan"), ("500万", "cny"), ("5,000,000", "cny"), ("0.05亿", "wan")):
        got = answer({"profile": profile, "on": ON, "typed": {"compute_spend": text}, "unit": unit})
        assert got["result"] == engine(LONGGANG, ON), text
        assert got["read"] == {"compute_spend": "5000000"}
        assert got["echo"]["compute_spend"] == {"zh": "5,000,000 元", "en": "CNY 5,000,000"}


def test_a_typed_field_that_is_not_a_number_is_marked_as_typed():
    bad = answer({"profile": {**LONGGANG, "facts": {}}, "on": ON, "typed": {"compute_spend": "5百x"}})
    assert bad["ok"] is False and bad["field"] == "facts.compute_spend" and bad["typed"] is True
    # The engine's own checks (beyond any plausible value) are not typing slips: its message stands.
    huge = answer({"profile": {**LONGGANG, "facts": {}}, "on": ON, "typed": {"compute_spend": "2万亿"}})
    assert huge["ok"] is False and huge["typed"] is False and "plausible" in huge["message"]


def test_a_draft_says_why_its_total_is_zero():
    # Binjiang's measures are a 征求意见稿 (draft for comment): (二)
    # "给予单个开源主体最高500万元的一次性分档奖励" is listed but not totalled,
    # and the answer says so in words; so does its bar in the chart.
    profile = {"jurisdiction": "hangzhou-binjiang", "facts": {"open_source_project": True}}
    got = answer({"profile": profile, "on": ON, "compare": True})
    assert got["result"]["total_max_cny"] == 0 and got["result"]["items"]
    assert "draft for comment: nothing can be claimed yet" in got["summary"]["en"]
    assert "征求意见稿" in got["summary"]["zh"]
    row = next(r for r in got["compare"] if r["jurisdiction"] == "hangzhou-binjiang")
    assert row["why"]["short_en"] == "draft"
    assert answer({"profile": LONGGANG, "on": ON})["summary"] is None  # Longgang pays: nothing to explain


def test_why_not_and_the_trace_on_request():
    # Xiamen 3 "对年度购买总额达到30万元以上的…给予补助": 20万 fails it; the page lists it with the
    # policy's title, and the trace (clause → parts → steps) comes only when asked.
    profile = {"jurisdiction": "xiamen", "facts": {"compute_spend": 200_000}}
    got = answer({"profile": profile, "on": ON})
    (entry,) = [w for w in got["result"]["why_not"] if (w["policy"], w["clause"]) == ("xiamen-ai-2023", "3")]
    assert entry["outcome"] == "failed" and entry["fix"]["en"].startswith("applies only if")
    assert "xiamen-ai-2023" in got["policies"] and "trace" not in got["result"]
    traced = answer({"profile": profile, "on": ON, "trace": True})["result"]["trace"]
    assert [n["outcome"] for n in traced if n["clause"] == "3" and n["policy"] == "xiamen-ai-2023"] == [
        "failed"
    ]
