"""The engine against figures worked out from the policy texts (not from the engine's output)."""

from __future__ import annotations

import pytest

from calculator import CalculatorError, estimate


def run(data, jurisdiction, on="2025-06-01", startup=False, **facts):
    return estimate({"jurisdiction": jurisdiction, "startup": startup, "facts": facts}, on=on, data=data)


def item(result, policy, clause):
    found = [i for i in result["items"] if i["policy"] == policy and i["clause"] == clause]
    assert found, (policy, clause, [(i["policy"], i["clause"]) for i in result["items"]])
    return found[0]


def test_output_contract(data):
    result = run(data, "shenzhen-longgang", compute_spend=10_000_000)
    assert set(result) >= {"on", "jurisdiction", "items", "total_max_cny", "total_conservative_cny", "needs"}
    assert result["on"] == "2025-06-01" and result["jurisdiction"] == "shenzhen-longgang"
    for it in result["items"]:
        assert set(it) >= {"policy", "clause", "max_cny", "min_cny", "status", "explain", "verify", "page"}
        assert isinstance(it["max_cny"], int)
        assert it["explain"]["zh"] and it["explain"]["en"]
    assert all(isinstance(n["facts"], list) and n["facts"] for n in result["needs"])


def test_longgang_gets_city_and_district_compute_vouchers(data):
    # City (二): 50% × 1000万 = 500万 ≤ 1000万. Longgang (二): 30% × 1000万 = 300万 ≤ 600万.
    result = run(data, "shenzhen-longgang", compute_spend=10_000_000)
    assert item(result, "shenzhen-ai-pioneer-measures-2024", "2")["max_cny"] == 5_000_000
    assert item(result, "shenzhen-longgang-ai-2025", "2")["max_cny"] == 3_000_000
    assert {i["jurisdiction"] for i in result["items"]} <= {"shenzhen", "shenzhen-longgang"}
    assert result["total_max_cny"] == 8_000_000  # both can be claimed: no non-duplication rule applies
    assert result["total_conservative_cny"] == 5_000_000  # one claim per expense: the larger
    zh = " ".join(item(result, "shenzhen-longgang-ai-2025", "2")["explain"]["zh"])
    assert "30% × 1,000万元 = 300万元" in zh


def test_start_up_rate_and_cap(data):
    # 60% for start-ups: 60% × 1000万 = 600万; 60% × 2000万 = 1200万 → capped at 1000万.
    assert (
        item(
            run(data, "shenzhen", startup=True, compute_spend=10_000_000),
            "shenzhen-ai-pioneer-measures-2024",
            "2",
        )["max_cny"]
        == 6_000_000
    )
    capped = item(
        run(data, "shenzhen", startup=True, compute_spend=20_000_000),
        "shenzhen-ai-pioneer-measures-2024",
        "2",
    )
    assert capped["max_cny"] == 10_000_000
    assert "上限 1,000万元" in " ".join(capped["explain"]["zh"])


def test_never_another_districts_clauses(data):
    result = run(data, "shenzhen-futian", compute_spend=10_000_000)
    assert {i["policy"] for i in result["items"]} == {
        "shenzhen-ai-pioneer-measures-2024",
        "shenzhen-futian-ai-2024",
    }
    assert item(result, "shenzhen-futian-ai-2024", "2")["max_cny"] == 3_000_000  # 30% × 1000万 ≤ 500万


def test_statuses_follow_the_date(data):
    # The city measures end on 2026-12-17 (2 years from 2024-12-18); Longgang runs to 2028-01-09.
    last_day = run(data, "shenzhen-longgang", on="2026-12-17", compute_spend=10_000_000)
    assert item(last_day, "shenzhen-ai-pioneer-measures-2024", "2")["status"] == "in_force"
    after = run(data, "shenzhen-longgang", on="2026-12-18", compute_spend=10_000_000)
    city = item(after, "shenzhen-ai-pioneer-measures-2024", "2")
    assert city["status"] == "expired" and city["counted"] is False
    assert after["total_max_cny"] == 3_000_000
    before = run(data, "shenzhen-longgang", on="2025-01-09", compute_spend=10_000_000)
    assert item(before, "shenzhen-longgang-ai-2025", "2")["status"] == "not_yet_in_force"
    assert before["total_max_cny"] == 5_000_000


def test_drafts_are_listed_but_not_totalled(data):
    # Binjiang (六): 30% × (1000万 − 400万) + 60% × 400万 = 180万 + 240万 = 420万 ≤ 2000万.
    result = run(data, "hangzhou-binjiang", compute_spend=10_000_000, compute_spend_domestic=4_000_000)
    compute = item(result, "hangzhou-binjiang-ai-draft", "6")
    assert compute["max_cny"] == 4_200_000 and compute["status"] == "draft"
    assert result["total_max_cny"] == 0


def test_rules_that_implement_a_measure_are_the_same_money(data):
    # Measures (四): 30% × 1000万 = 300万 → cap 200万. Rules (一): same voucher (200万 best, 100万 normal).
    result = run(data, "shenzhen", model_spend=10_000_000)
    measure = item(result, "shenzhen-ai-pioneer-measures-2024", "4")
    rule = item(result, "shenzhen-ai-pioneer-rules-2025", "1")
    assert measure["max_cny"] == 2_000_000
    assert (rule["max_cny"], rule["min_cny"]) == (2_000_000, 1_000_000)
    assert [measure["counted"], rule["counted"]].count(True) == 1
    assert result["total_max_cny"] == 2_000_000


def test_xiamen_compute_voucher_threshold_and_expiry(data):
    # ≥ 30万 a year: 50% × 40万 = 20万 ≤ 50万. 20万 of purchases fails the threshold.
    assert item(run(data, "xiamen", compute_spend=400_000), "xiamen-ai-2023", "3")["max_cny"] == 200_000
    below = run(data, "xiamen", compute_spend=200_000)
    assert not [i for i in below["items"] if i["clause"] == "3"]
    assert any(e["clause"] == "3" for e in below["ineligible"])
    expired = run(data, "xiamen", on="2026-01-01", compute_spend=400_000)
    assert item(expired, "xiamen-ai-2023", "3")["status"] == "expired" and expired["total_max_cny"] == 0


def test_qianhai_rent_per_square_metre_and_month(data):
    # 60 × 200 m² × 12 = 14.4万; half the rent paid is 25万; 300万 a year → 14.4万.
    result = run(data, "shenzhen-qianhai", office_area_m2=200, rent_months=12, rent_paid=500_000)
    assert item(result, "shenzhen-qianhai-ai-2024", "1")["max_cny"] == 144_000
    # 60 × 1000 × 12 = 72万, but half of 100万 rent is 50万.
    result = run(data, "shenzhen-qianhai", office_area_m2=1000, rent_months=12, rent_paid=1_000_000)
    assert item(result, "shenzhen-qianhai-ai-2024", "1")["max_cny"] == 500_000
    small = run(data, "shenzhen-qianhai", office_area_m2=100, rent_months=12, rent_paid=500_000)
    assert any(e["clause"] == "1" and e["policy"] == "shenzhen-qianhai-ai-2024" for e in small["ineligible"])


@pytest.mark.parametrize(
    ("rd", "prev", "expected"),
    [
        (60_000_000, 40_000_000, 1_000_000),  # ≥ 5000万: 5% × 2000万 = 100万 ≤ 200万
        (35_000_000, 20_000_000, 450_000),  # ≥ 3000万: 3% × 1500万 = 45万 ≤ 100万
        (200_000_000, 50_000_000, 5_000_000),  # ≥ 1亿: 5% × 1.5亿 = 750万 → 500万
        (25_000_000, 10_000_000, 0),  # below 3000万: no tier
    ],
)
def test_qianhai_rd_tiers(data, rd, prev, expected):
    result = run(data, "shenzhen-qianhai", rd_spend=rd, rd_spend_prev=prev)
    got = [
        i["max_cny"]
        for i in result["items"]
        if (i["policy"], i["clause"]) == ("shenzhen-qianhai-ai-2024", "3")
    ]
    assert (got[0] if got else 0) == expected


def test_xiamen_rd_steps_and_bonus_from_another_benefit(data):
    # 1050万: 5 full 200万 → 50万; growth 31.25% > 20% with > 500万 → 30万; > 1000万 → 5% × 50万 = 2.5万.
    result = run(data, "xiamen", rd_spend=10_500_000, rd_spend_prev=8_000_000)
    assert item(result, "xiamen-ai-2023", "6")["max_cny"] == 825_000


def test_needs_lists_missing_facts(data):
    result = run(data, "shenzhen", compute_spend=1_000_000)
    entry = [
        n for n in result["needs"] if (n["policy"], n["clause"]) == ("shenzhen-ai-pioneer-measures-2024", "4")
    ]
    assert entry and entry[0]["facts"] == ["model_spend"]


def test_bad_input_raises_one_documented_error(data):
    with pytest.raises(CalculatorError) as err:
        run(data, "shenzhen-luohu")
    assert err.value.field == "jurisdiction" and "shenzhen-futian" in str(err.value)
    with pytest.raises(CalculatorError) as err:
        run(data, "shenzhen", compute_spend=-1)
    assert err.value.field == "facts.compute_spend"
    with pytest.raises(CalculatorError) as err:
        estimate({"jurisdiction": "shenzhen"}, on="2025-13-01", data=data)
    assert err.value.field == "on"
