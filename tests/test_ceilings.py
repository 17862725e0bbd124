"""Ceilings over several claims (policy_explorer/calculator/ceilings.py), on the Example City fixture
documents.

Every amount is worked out from the fixture's texts (tests/fixtures/new_policy/sources/), quoted.
"""

from __future__ import annotations

import copy

import pytest
from fixture_policies import policies_with_fixture

from policy_explorer.calculator import estimate
from policy_explorer.compile import compile_policies

CITY, ZONE = "example-city-ai-2026", "example-city-demo-zone-ai-2026"
ON = "2026-06-01"


@pytest.fixture(scope="module")
def fixture_data(tmp_path_factory) -> dict:
    return compile_policies(policies_with_fixture(tmp_path_factory.mktemp("ceilings") / "policies"))


def _run(data: dict, jurisdiction: str, on: str = ON, **facts) -> dict:
    return estimate({"jurisdiction": jurisdiction, "facts": facts}, on=on, data=data)


def _item(result: dict, policy: str, clause: str) -> dict:
    return next(i for i in result["items"] if (i["policy"], i["clause"]) == (policy, clause))


def _part(item: dict, name: str) -> dict:
    return next(p for p in item["parts"] if p["name"] == name)


def test_a_cap_shared_by_two_parts_of_one_item(fixture_data):
    # City 三: 算力券 "按算力服务合同金额的40%…每份合同最高300万元": 40% × 800万 = 320万 → 300万;
    # 模型券 "按模型服务合同金额的30%…每个项目最高200万元": 30% × 1000万 = 300万 → 200万;
    # "单家企业每年申领算力券和模型券合计不超过400万元": 500万 → 400万;
    # the last-listed part (模型券) is cut to 100万.
    result = _run(fixture_data, "example-city", compute_spend=8_000_000, model_spend=10_000_000)
    item = _item(result, CITY, "3")
    assert item["max_cny"] == 4_000_000
    assert (_part(item, "compute")["max_cny"], _part(item, "model")["max_cny"]) == (3_000_000, 1_000_000)
    assert any("合计不超过400万元" in line for line in item["explain"]["zh"])
    assert any("per company per year" in line for line in result["totals_explain"]["en"])


def test_a_missing_fact_for_one_part_does_not_block_the_other(fixture_data):
    # Only the compute fee is given: 算力券 40% × 800万 → 300万 stands; 模型券 waits for its fee.
    result = _run(fixture_data, "example-city", compute_spend=8_000_000)
    item = _item(result, CITY, "3")
    assert [p["name"] for p in item["parts"]] == ["compute"] and item["max_cny"] == 3_000_000
    assert item["needs"] == ["model_spend"]


def test_city_and_district_together_up_to_a_share_of_the_rent(fixture_data):
    # Zone 一 "按实际租金的50%…市区协同给予入驻企业最高100%的租金补贴"; city 四 "按实际租金的60%":
    # 60万 + 50万 = 110万 > 100% × 100万: the district, listed last, pays the 40万 left.
    result = _run(fixture_data, "example-city-demo-zone", rent_paid=1_000_000)
    assert _item(result, CITY, "4")["max_cny"] == 600_000
    zone = _item(result, ZONE, "1")
    assert zone["max_cny"] == 400_000
    assert any("100%" in line and "→" in line for line in zone["explain"]["en"])


def test_a_combined_rate_ceiling_over_two_vouchers(fixture_data):
    # Zone 二 "按算力服务合同金额的30%…与市级算力券可叠加补贴比例至60%": 150万 + city 算力券 200万 = 350万
    # > 60% × 500万 = 300万 → the zone pays 100万.
    result = _run(fixture_data, "example-city-demo-zone", compute_spend=5_000_000)
    assert _part(_item(result, CITY, "3"), "compute")["max_cny"] == 2_000_000
    assert _item(result, ZONE, "2")["max_cny"] == 1_000_000


def test_government_money_in_total_at_most_half_of_the_project(fixture_data):
    # City 六 "按项目总投入的30%给予最高500万元资助": 300万; zone 六 "区级按项目总投入的30%给予配套资助，
    # 政府总资助额不超过项目总投入的50%": 300万 + 300万 = 600万 > 500万 → the zone pays 200万.
    result = _run(fixture_data, "example-city-demo-zone", application_investment=10_000_000)
    city, zone = _item(result, CITY, "6"), _item(result, ZONE, "6")
    assert (city["max_cny"], zone["max_cny"]) == (3_000_000, 2_000_000)
    assert result["total_max_cny"] == 5_000_000
    assert any("limit on total government funding" in line for line in result["totals_explain"]["en"])


def test_higher_level_money_counts_into_the_district_total(fixture_data):
    # Zone "市级以上（含）补助资金纳入本办法补助总额" (model services): 50% × 400万 = 200万, less the city's
    # 模型券 30% × 400万 = 120万 → 80万.
    result = _run(fixture_data, "example-city-demo-zone", model_spend=4_000_000)
    zone = _item(result, ZONE, "3")
    assert zone["max_cny"] == 800_000
    assert any("higher-level money" in line for line in zone["explain"]["en"])


def test_higher_level_money_is_counted_once_against_the_district(fixture_data):
    # The city's 模型券 120万 counts into the zone's total once: with a second zone clause paying for the
    # same model services (a copy of 三, 50% × 400万 = 200万), 三 gives 200万 − 120万 = 80万, the copy 200万.
    data = copy.deepcopy(fixture_data)
    zone = next(p for p in data["policies"] if p["id"] == ZONE)
    zone["clauses"].append({**copy.deepcopy(next(c for c in zone["clauses"] if c["id"] == "3")), "id": "7"})
    result = _run(data, "example-city-demo-zone", model_spend=4_000_000)
    assert (_item(result, ZONE, "3")["max_cny"], _item(result, ZONE, "7")["max_cny"]) == (800_000, 2_000_000)


def test_a_cumulative_cap_across_clauses(fixture_data):
    # "同一企业依据本办法第四条、第五条累计奖励不超过50万元": 30万 + 30万 → 50万; 第五条 pays 20万.
    result = _run(fixture_data, "example-city-demo-zone", models_filed=1, first_version_software=True)
    assert (_item(result, ZONE, "4")["max_cny"], _item(result, ZONE, "5")["max_cny"]) == (300_000, 200_000)


def test_ceilings_wait_for_their_policy_to_be_in_force(fixture_data):
    # The zone's measures start on 2026-03-01 ("自2026年3月1日起施行"): before, its 60% ceiling is not applied
    # and the city's 算力券 stands alone (40% × 500万 = 200万).
    result = _run(fixture_data, "example-city-demo-zone", on="2026-02-01", compute_spend=5_000_000)
    assert _part(_item(result, CITY, "3"), "compute")["max_cny"] == 2_000_000
    assert not any("60%" in line for line in result["totals_explain"]["en"])


def test_a_ceiling_reading_a_missing_fact_leaves_the_claims_and_says_so(fixture_data):
    data = copy.deepcopy(fixture_data)
    zone = next(p for p in data["policies"] if p["id"] == ZONE)
    share = next(r for r in zone["general_rules"] if r.get("per") == "share")
    share["max"] = {"rate": "100%", "of": {"fact": "office_area_m2"}}  # a fact the profile leaves out
    result = _run(data, "example-city-demo-zone", rent_paid=1_000_000)
    assert _item(result, ZONE, "1")["max_cny"] == 500_000  # 50% × 100万, not cut
    assert any("cannot be checked" in line for line in result["totals_explain"]["en"])
