"""How items add up: implemented measures, claims per expense, non-duplication, both totals.

Amounts are worked out from the texts quoted beside them.
"""

from __future__ import annotations

import copy

from policy_explorer.calculator import estimate, load_model
from policy_explorer.calculator.stacking import stack

MEASURES, RULES = "shenzhen-ai-pioneer-measures-2024", "shenzhen-ai-pioneer-rules-2025"


def run(data, jurisdiction, on="2025-06-01", **facts):
    return estimate({"jurisdiction": jurisdiction, "facts": facts}, on=on, data=data)


def item(result, policy, clause):
    return next(i for i in result["items"] if (i["policy"], i["clause"]) == (policy, clause))


def test_a_silent_rule_leaves_the_measure(data):
    # Rules (三) need the standing (入围/优胜) when the state gives nothing: silent, so measures (九)
    # "按不超过项目投资额的50%,给予最高3000万元资助" stands: 50% × 1000万 = 500万, and the measure says why.
    result = run(
        data, "shenzhen", project_investment=10_000_000, sz_major_project_undertaken=True, national_funding=0
    )
    measure = item(result, MEASURES, "9")
    assert measure["max_cny"] == 5_000_000 and measure["counted"]
    assert any(
        "says how this is paid, but it needs facts not given" in line for line in measure["explain"]["en"]
    )


def test_a_rule_stating_no_amount_leaves_the_measure_and_says_so(data):
    # Rules (八) fund first-version software "按照…首版次软件推广应用项目进行认定和资助" and state no amount;
    # measures (八) "给予软件开发商最高1000万元资助" stands: up to 1000万, counted under the measure.
    result = run(data, "shenzhen", first_version_software=True)
    measure, rule = item(result, MEASURES, "8"), item(result, RULES, "8")
    assert measure["max_cny"] == 10_000_000 and measure["counted"]
    assert rule["max_cny"] == 0 and not rule["counted"]
    assert any("states no amount: that clause's amount counts" in line for line in rule["explain"]["en"])
    assert not any("not in force" in line for line in rule["explain"]["en"])


def test_before_the_rules_are_in_force_the_measure_stands(data):
    # The rules take effect on 2025-03-18 ("《规程》自2025年3月18日起施行"); on 2025-01-15 only the measures
    # apply: measures (五) "对具有引领作用的标杆应用项目,可提高资助标准,给予最高1000万元资助" for a project of
    # 100万 rated 标杆 (the rules' 30% would give 30万): up to 1000万.
    result = run(
        data, "shenzhen", on="2025-01-15", application_investment=1_000_000, sz_application_project_level=2
    )
    measure = item(result, MEASURES, "5")
    assert (measure["min_cny"], measure["max_cny"]) == (None, 10_000_000)
    assert result["total_max_cny"] == 10_000_000


def test_parts_of_one_clause_are_one_claim(data):
    # Xiamen (六): "每200万元补助10万元" 5 × 10万 = 50万; growth 31.25% > 20% "奖励30万元"; "再补助5%" 2.5万.
    # Its three parts are paid together: Xiamen's 就高不重复 does not set one against another.
    result = run(data, "xiamen", rd_spend=10_500_000, rd_spend_prev=8_000_000)
    xiamen = item(result, "xiamen-ai-2023", "6")
    assert xiamen["counted_max_cny"] == xiamen["counted_conservative_cny"] == 825_000
    assert result["total_max_cny"] == result["total_conservative_cny"] == 825_000


def test_a_non_duplication_rule_keeps_the_largest_claim_in_its_scope(data):
    """Two Xiamen claims on the same expense: 就高不重复 keeps the larger one in both totals."""
    model = load_model(data)
    result = run(data, "xiamen", rd_spend=10_500_000, rd_spend_prev=8_000_000, compute_spend=400_000)
    items = copy.deepcopy(result["items"])
    compute = next(i for i in items if i["clause"] == "3")
    for part in compute["parts"]:
        part["expense"] = "rd"  # as if the compute voucher paid for the same R&D spending
    for i in items:
        i.update(counted=False, counted_max_cny=0, counted_conservative_cny=0, note=None)
    totals = stack(items, model, {"xiamen-ai-2023": "in_force"})
    assert totals["total_max_cny"] == totals["total_conservative_cny"] == 825_000
    assert not compute["counted"] and "only" in compute["note"]["en"]


def test_alternatives_and_money_paid_elsewhere_are_not_claims(data):
    # Measures (十二): new 50% × 3000万 = 1500万 or existing 30% × 1000万 = 300万 → 1500万 only.
    # Rules (四) "资助资金拨付至创新中心": 30% × 200万 = 60万 shown, not totalled.
    result = run(
        data,
        "shenzhen",
        public_platform_builder=True,
        platform_investment=30_000_000,
        platform_operating_cost=10_000_000,
        adaptation_spend=2_000_000,
    )
    assert result["total_max_cny"] == result["total_conservative_cny"] == 15_000_000
    assert item(result, MEASURES, "10")["counted_max_cny"] == 0
