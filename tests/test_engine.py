"""The engine against figures worked out from the policy texts (not from the engine's output)."""

from __future__ import annotations

import pytest
from conftest import has_policy

from policy_explorer.calculator import CalculatorError, estimate


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


# --- Issue 16: totals people can budget with --------------------------------------------------
# Each expected amount is worked out from the Chinese text quoted beside it.

MEASURES, RULES = "shenzhen-ai-pioneer-measures-2024", "shenzhen-ai-pioneer-rules-2025"


def _text(entry) -> str:
    return " ".join(entry["explain"]["zh"] + entry["explain"]["en"]) if "explain" in entry else str(entry)


def test_an_operating_rule_pays_the_measure_it_implements(data):
    # Rules (二): "对符合条件的项目按照经核定项目建设主体实际投入的30%予以资助,其中示范应用项目最高200万元、
    # 具有引领作用的标杆应用项目最高1000万元" → 30% × 100万 = 30万 (both grades); the measure's "最高1000万元"
    # is only its ceiling. Before: total_max 10,000,000.
    result = run(data, "shenzhen", application_investment=1_000_000, sz_application_project_level=1)  # 示范
    measure, rule = item(result, MEASURES, "5"), item(result, RULES, "2")
    assert (measure["max_cny"], measure["min_cny"]) == (300_000, 300_000)
    assert measure["counted"] and not rule["counted"]
    assert result["total_max_cny"] == result["total_conservative_cny"] == 300_000
    assert "is paid as" in _text(measure) and "how " in rule["note"]["en"]


def test_robot_sales_are_paid_as_the_rules_say(data):
    # Rules (七): "按照经核定申报产品年度实际销售金额的5%予以单家企业最高不超过300万元奖励":
    # 5% × 2000万 = 100万,
    # within measures (七)'s "给予企业最高300万元奖励". Before: 3,000,000.
    result = run(data, "shenzhen", robot_sales=20_000_000, ai_hit_product=True)
    assert item(result, MEASURES, "7")["max_cny"] == 1_000_000
    assert result["total_max_cny"] == 1_000_000


def test_national_jiebang_matching_pays_the_major_project_part(data):
    # Rules (三): "国家有资金支持的,按1:1予以最高1000万元配套支持,且政府总资助额不超过项目总投入的50%":
    # 1:1 → 800万; 800万 + 800万 ≤ 50% × 4000万. Measures (九)'s 50% × 4000万 = 2000万 is only its ceiling.
    result = run(
        data,
        "shenzhen",
        national_funding=8_000_000,
        project_investment=40_000_000,
        sz_major_project_undertaken=True,
    )
    measure = item(result, MEASURES, "9")
    assert measure["max_cny"] == 8_000_000 and result["total_max_cny"] == 8_000_000  # before: 20,000,000
    assert [p["name"] for p in measure["parts"]] == ["major_project"]


def test_an_unanswered_rating_is_assumed_never_no(data):
    # Qianhai (九): "对前海管理局评定的前海合作区人工智能应用示范项目,对项目建设主体按照项目实际投资额的10%
    # 予以最高200万元资金支持": 10% × 1000万 = 100万, on the assumption of the rating (not asked yet).
    result = run(data, "shenzhen-qianhai", application_investment=10_000_000)
    qianhai = item(result, "shenzhen-qianhai-ai-2024", "9")
    assert qianhai["max_cny"] == 1_000_000 and not qianhai["confirmed"]
    assert [a["en"] for a in qianhai["assumed"]] == [
        "assumed (not given): Project rated an AI application demonstration project"
        " by the Qianhai Authority: yes"
    ]
    assert not [e for e in result["ineligible"] if e["clause"] == "9" and "qianhai" in e["policy"]]
    everything = " ".join(_text(i) for i in result["items"]) + str(result["ineligible"])
    assert "no ✗" not in everything and "否 ✗" not in everything and "counted as no" not in everything
    # Counted in the maximum, not in the conservative total (nothing the reader said confirms a rating).
    assert qianhai["counted_max_cny"] == 1_000_000 and qianhai["counted_conservative_cny"] == 0
    assert result["total_conservative_cny"] == 0
    # Answered "yes", the same item is confirmed and counts in both totals.
    confirmed = run(data, "shenzhen-qianhai", application_investment=10_000_000, ai_demo_project=True)
    assert item(confirmed, "shenzhen-qianhai-ai-2024", "9")["confirmed"]


def test_binjiang_benchmark_project_is_assumed_too(data):
    # Binjiang (十): "每年评选不超过10个标杆型示范项目,按照不超过项目投资额的30%,给予单个项目最高250万元支持":
    # 30% × 1000万 = 300万 → 250万; the selection is assumed, not "no".
    result = run(data, "hangzhou-binjiang", application_investment=10_000_000)
    binjiang = item(result, "hangzhou-binjiang-ai-draft", "10")
    assert binjiang["max_cny"] == 2_500_000 and binjiang["assumed"]
    assert "no ✗" not in _text(binjiang)


def test_a_fixed_part_whose_only_input_is_a_status_is_asked(data):
    # Xiamen (八): "对首次认定的国家级专精特新“小巨人”企业给予50万元奖励":
    # a fixed 50万 that only the status decides.
    result = run(data, "xiamen", revenue=120_000_000, revenue_prev=60_000_000)
    xiamen = item(result, "xiamen-ai-2023", "8")
    assert "little_giant" not in [p["name"] for p in xiamen["parts"]]
    assert any(
        n["clause"] == "8" and "xiamen-ai-2023.little_giant_new" in n["facts"] for n in result["needs"]
    )
    # "按营业收入增量最高0.6%给予奖励": 0.6% × 6000万 = 36万; 晋级补差: 20万 − 10万 = 10万.
    assert xiamen["max_cny"] == 460_000


def test_the_major_project_part_is_gated(data):
    # Measures (九): "对科技重大专项和人工智能“揭榜挂帅”项目,按不超过项目投资额的50%,给予最高3000万元资助".
    # Any project investment used to get 50%; now only as an assumption (max), never confirmed.
    result = run(data, "shenzhen", project_investment=10_000_000)
    measure = item(result, MEASURES, "9")
    assert measure["max_cny"] == 5_000_000 and measure["assumed"]
    assert result["total_conservative_cny"] == 0
    # No to the city's projects leaves a national one open (rules (三) pays it through this part): "no" to
    # all three is a decline.
    declined = run(
        data,
        "shenzhen",
        project_investment=10_000_000,
        sz_major_project_undertaken=False,
        national_funding=0,
        jiebang_result=0,
    )
    assert not [i for i in declined["items"] if (i["policy"], i["clause"]) == (MEASURES, "9")]


def test_one_claim_per_expense_and_independent_rewards_kept(data):
    # Measures (十二) "对符合条件的新建平台,按不超过项目审定总投入的50%,给予最高2000万元资助": 500万;
    # Futian 11
    # "依条件给予最高1000万元支持": 1000万, the same platform. Conservative: one claim, 1000万 (before: 15M).
    result = run(data, "shenzhen-futian", public_platform_builder=True, platform_investment=10_000_000)
    assert result["total_max_cny"] == 15_000_000 and result["total_conservative_cny"] == 10_000_000
    # Qianhai (六) "分别予以企业一次性5万元、10万元奖励,同一企业累计奖励不超过50万元": 2 × 5万 + 10万 = 20万,
    # a reward for no spending: kept in the conservative total.
    rewards = run(data, "shenzhen-qianhai", data_typical_cases=2, data_demo_projects=1)
    assert rewards["total_conservative_cny"] == 200_000


def test_either_new_or_existing_platform(data):
    # Measures (十二): new platform 50% × 3000万 = 1500万 (≤
    # 2000万) or existing 30% × 1000万 = 300万 (≤ 500万):
    # one platform gets one of them, the larger; the other is shown as the alternative.
    result = run(
        data,
        "shenzhen",
        public_platform_builder=True,
        platform_investment=30_000_000,
        platform_operating_cost=10_000_000,
    )
    measure = item(result, MEASURES, "12")
    assert measure["max_cny"] == 15_000_000
    alt = [p for p in measure["parts"] if p["alternative"]]
    assert [p["name"] for p in alt] == ["existing_platform"] and alt[0]["max_cny"] == 3_000_000


def test_qianhai_data_platform_is_not_the_citys_public_platform(data):
    # Qianhai (六) "建设数据要素创新公共服务平台……按照实际投资额的10%,予以一次性最高300万元资助":
    # 10% × 2000万 = 200万;
    # the city's public-technology-platform clause (十二) means another thing and is not triggered.
    result = run(data, "shenzhen-qianhai", data_platform_approved=True, data_platform_investment=20_000_000)
    assert item(result, "shenzhen-qianhai-ai-2024", "6")["max_cny"] == 2_000_000
    assert not [i for i in result["items"] if (i["policy"], i["clause"]) == (MEASURES, "12")]


def test_futian_rent_for_at_most_500_square_metres(data):
    # Futian 6.1: "最高可按实际支付租金给予支持,支持面积不超过500平方米": 60万 × 500 / 1000 = 30万 (before:
    # 60万).
    result = run(data, "shenzhen-futian", gov_space_tenant=True, office_area_m2=1000, rent_paid=600_000)
    assert item(result, "shenzhen-futian-ai-2024", "6.1")["max_cny"] == 300_000


def test_binjiang_financing_is_not_a_grant(data):
    # Binjiang (十六): "给予最高2000万元创业支持及最高2000万元金融支持": the financing is not a grant:
    # 2000万, not 4000万.
    result = run(data, "hangzhou-binjiang", ai_talent_startup_team=True)
    assert item(result, "hangzhou-binjiang-ai-draft", "16")["max_cny"] == 20_000_000


def test_qianhai_vehicle_cap_is_per_vehicle(data):
    # Qianhai (十): "对企业名下持有的每台获批运营车辆按照购
    # 置成本及智能化改造成本的50%,予以最高20万元一次性补贴":
    # 2 vehicles of 60万: each 50% × 60万 = 30万 → 20万; 2 × 20万 = 40万.
    result = run(data, "shenzhen-qianhai", connected_vehicles_approved=2, connected_vehicle_cost_each=600_000)
    vehicles = item(result, "shenzhen-qianhai-ai-2024", "10")
    assert vehicles["max_cny"] == 400_000 and "per vehicle" in _text(vehicles)


def test_open_source_grades_are_ceilings(data):
    # Rules (五): "一等项目最高资助100万元,二等项目最高资助60万元,三等项目最高资助30万元": 30万 is the third
    # grade's ceiling, not a floor: up to 100万, no minimum.
    result = run(data, "shenzhen", open_source_project=True)
    rule = item(result, RULES, "5")
    assert (rule["max_cny"], rule["min_cny"]) == (1_000_000, None)


def test_innovation_centre_money_is_not_the_companys(data):
    # Rules (四): "给予不超过30%、单家企业最高150万元资助。资助资金拨付至创新中心": 30% × 200万 = 60万,
    # paid to
    # the centre: shown, but in neither total.
    result = run(data, "shenzhen", adaptation_spend=2_000_000)
    assert item(result, RULES, "4")["max_cny"] == 600_000
    assert item(result, MEASURES, "10")["max_cny"] == 600_000
    assert result["total_max_cny"] == result["total_conservative_cny"] == 0
    assert "innovation centre" in item(result, MEASURES, "10")["note"]["en"]


def test_clause_readings(model):
    # Qianhai (十六): "前海管理局可通过签订合作协议约定扶持事项": support agreed case by case, unquantified.
    assert model.clauses[("shenzhen-qianhai-ai-2024", "16")].kind == "unquantified"


def test_xihu_platform_cap_is_per_platform_per_year(data):
    # Xihu 11: "按平台年度服务性收入或合同金额的10%,给予单个平台每年最高100万元补贴": 10% × 2000万 → 100万.
    result = run(
        data,
        "hangzhou-xihu",
        public_platform_builder=True,
        platform_clients=60,
        platform_service_revenue=20_000_000,
    )
    xihu = item(result, "hangzhou-xihu-ai-2025", "11")
    assert xihu["max_cny"] == 1_000_000 and "per platform per year" in _text(xihu)


def test_district_platform_maxima_pay_for_the_same_platform(data):
    # Longgang 12 "对经主管部门评审认定的平台,给予最高不超过400万元的支持……同一企业合计最高不超过500万元":
    # 400万 + 0 milestones; the city's (十二) 50% × 1000万 = 500万 for the same platform: one claim (500万).
    longgang = run(
        data,
        "shenzhen-longgang",
        public_platform_builder=True,
        platform_investment=10_000_000,
        platform_milestones_met=0,
    )
    assert (longgang["total_max_cny"], longgang["total_conservative_cny"]) == (9_000_000, 5_000_000)
    # Longhua 12 "……测试验证等公共服务的创新平台,给予最高2000万元的资助": with the city's 500万, one claim.
    if not has_policy(data, "shenzhen-longhua-ai-robotics-2025"):
        return
    longhua = run(data, "shenzhen-longhua", public_platform_builder=True, platform_investment=10_000_000)
    assert (longhua["total_max_cny"], longhua["total_conservative_cny"]) == (25_000_000, 20_000_000)


# --- shapes of the Example City fixture (tests/fixtures/new_policy/) -------------------------------


@pytest.fixture(scope="module")
def fixture_data(tmp_path_factory) -> dict:
    from fixture_policies import policies_with_fixture

    from policy_explorer.compile import compile_policies

    return compile_policies(policies_with_fixture(tmp_path_factory.mktemp("engine") / "policies"))


def test_a_clause_with_no_amount_applies_and_says_so(fixture_data):
    # City 五 "对建设人工智能公共服务平台的企业，给予资金支持。": no amount; the profile says it builds one.
    profile = {"jurisdiction": "example-city", "facts": {"public_platform_builder": True}}
    result = estimate(profile, on="2026-06-01", data=fixture_data)
    found = item(result, "example-city-ai-2026", "5")
    assert found["note"]["en"] == "applies; the text states no amount"
    assert found["page"] == "policies/example-city-ai-2026/clause-5/"
    assert (found["max_cny"], found["counted"], result["total_max_cny"]) == (0, False, 0)
    assert not any("more not counted" in line for line in result["totals_explain"]["en"])
    no = {"jurisdiction": "example-city", "facts": {"public_platform_builder": False}}
    assert not any(i["clause"] == "5" for i in estimate(no, on="2026-06-01", data=fixture_data)["items"])


def test_vouchers_are_marked_as_paid_in_vouchers(fixture_data):
    # City 三 "按算力服务合同金额的40%发放算力券": 40% × 100万 = 40万, in vouchers.
    profile = {"jurisdiction": "example-city", "facts": {"compute_spend": 1_000_000}}
    found = item(estimate(profile, on="2026-06-01", data=fixture_data), "example-city-ai-2026", "3")
    assert (found["max_cny"], found["paid_in"]) == (400_000, "vouchers")
    assert "vouchers" in found["note"]["en"]
    assert found["parts"][0]["category"] == "compute_voucher"


def test_a_policy_whose_start_is_unknown_is_assumed_in_force(fixture_data):
    # "本措施自公布之日起30日后施行" with no publication date: 20% × 100万 = 20万, in the maximum on the
    # assumption that it is in force that day, never in the conservative total.
    profile = {"jurisdiction": "example-city", "facts": {"corpus_spend": 1_000_000}}
    result = estimate(profile, on="2026-06-01", data=fixture_data)
    found = item(result, "example-city-data-2026", "1")
    assert (found["status"], found["max_cny"], result["total_max_cny"]) == ("start_unknown", 200_000, 200_000)
    assert result["total_conservative_cny"] == 0
    assert any("in force" in a["en"] for a in found["assumed"])


def test_an_open_ended_policy_is_in_force_years_later(fixture_data):
    # The zone's measures "自2026年3月1日起施行，长期有效": 50% × 10万 of rent on 2040-01-01 still counts.
    profile = {"jurisdiction": "example-city-demo-zone", "facts": {"rent_paid": 100_000}}
    result = estimate(profile, on="2040-01-01", data=fixture_data)
    assert item(result, "example-city-demo-zone-ai-2026", "1")["status"] == "in_force"
    assert result["total_max_cny"] == 50_000  # the city's measures (2026-01-01, three years) have expired


# --- issue 28: what the conservative total may count (Shenzhen city rules and measures, Qianhai) ----
# Clause and fact ids come from the data: a clause is found by the sentence quoted, a gate's fact by
# what the data says of it (a review outcome, a level and its choices' names).

QIANHAI = "shenzhen-qianhai-ai-2024"


def _clause(data, policy: str, sentence: str) -> dict:
    """The one clause of ``policy`` whose Chinese text holds ``sentence``."""
    doc = next(p for p in data["policies"] if p["id"] == policy)
    found = [c for c in doc["clauses"] if sentence in c["text"]["zh"]]
    assert len(found) == 1, (policy, sentence, [c["id"] for c in found])
    return found[0]


def _gate_facts(node) -> list[str]:
    """Every fact a ``when`` list (or one condition) reads, through any/all/not."""
    if isinstance(node, list):
        return [f for n in node for f in _gate_facts(n)]
    if not isinstance(node, dict):
        return []
    if "fact" in node:
        return [node["fact"]]
    return [f for key in ("any", "all", "not") if key in node for f in _gate_facts(node[key])]


def _clause_gates(clause: dict) -> list[str]:
    benefit = clause["benefit"]
    found = _gate_facts(benefit.get("when", []))
    for part in benefit.get("parts", []):
        found += _gate_facts(part.get("when", []))
    return list(dict.fromkeys(found))


def _fact(data, fid: str) -> dict:
    return next(f for f in data["facts"] if f["id"] == fid)


def _review_gates(data, clause: dict) -> list[str]:
    """The clause's gates on review outcomes (经评审, 择优, 评定, 经…同意…)."""
    return [f for f in _clause_gates(clause) if _fact(data, f).get("review")]


def _choice(data, fid: str, name: str):
    """The value of the level ``fid`` whose Chinese name holds ``name`` (示范, 标杆, 三等…)."""
    found = [c["value"] for c in _fact(data, fid)["choices"] if name in c["label"]["zh"]]
    assert len(found) == 1, (fid, name)
    return found[0]


def _lines(entry) -> list[str]:
    return entry["explain"]["zh"] + entry["explain"]["en"]


def test_model_voucher_ordinary_ceiling_and_its_maximum(data):
    # Rules (一): "单家企业每年申领“模型券”额度原则上不超过100万元,最高不超过200万元"; "以“模型券”抵扣不超过
    # 模型购买费用的30%". 500万 of model services: 30% = 150万: ordinarily 100万, at most 150万 (≤ 200万).
    rule = _clause(data, RULES, "额度原则上不超过100万元,最高不超过200万元")
    assert "ordinarily" in rule["benefit"]["amount"]
    result = run(data, "shenzhen", model_spend=5_000_000)
    found = item(result, RULES, rule["id"])
    assert (found["min_cny"], found["max_cny"]) == (1_000_000, 1_500_000)
    assert any("原则上不超过" in line for line in found["explain"]["zh"])
    assert not any("评审分档" in line or "graded" in line for line in _lines(found))
    assert result["total_conservative_cny"] == 1_000_000 and result["total_max_cny"] == 1_500_000


def test_demonstration_and_benchmark_are_confirmed_apart(data):
    # Measures (五): "对具有推广价值的示范应用项目,按不超过项目建设主体实际投入的30%,给予最高200万元资助;
    # 对具有引领作用的标杆应用项目,可提高资助标准,给予最高1000万元资助".
    # Rules (二): "其中示范应用项目最高200万元、具有引领作用的标杆应用项目最高1000万元".
    # A project of 5000万: 30% = 1500万.
    measure = _clause(data, MEASURES, "对具有推广价值的示范应用项目")
    rule = _clause(data, RULES, "其中示范应用项目最高200万元")
    (level,) = _review_gates(data, measure)
    assert _review_gates(data, rule) == [level]
    demo, benchmark = _choice(data, level, "示范"), _choice(data, level, "标杆")
    # 示范 confirmed: 1500万 → 200万 in both totals; the 标杆 amount is not this profile's.
    shown = run(data, "shenzhen", application_investment=50_000_000, **{level: demo})
    assert (item(shown, MEASURES, measure["id"])["min_cny"], shown["total_max_cny"]) == (2_000_000, 2_000_000)
    assert shown["total_conservative_cny"] == 2_000_000
    # 标杆 confirmed: 1500万 → 1000万 in both totals.
    top = run(data, "shenzhen", application_investment=50_000_000, **{level: benchmark})
    assert (top["total_max_cny"], top["total_conservative_cny"]) == (10_000_000, 10_000_000)
    # Not answered: 标杆 is the most it could be; nothing is confirmed.
    open_ = run(data, "shenzhen", application_investment=50_000_000)
    assert (open_["total_max_cny"], open_["total_conservative_cny"]) == (10_000_000, 0)
    # Before the rules (2025-03-18), the measure alone: no max() that yields a range.
    before = run(data, "shenzhen", on="2025-01-15", application_investment=5_000_000, **{level: demo})
    alone = item(before, MEASURES, measure["id"])
    assert (alone["min_cny"], alone["max_cny"]) == (1_500_000, 1_500_000)  # 30% × 500万 ≤ 200万
    assert not any("max(" in line for line in _lines(alone))


def test_a_national_jiebang_project_confirms_the_measure_it_implements(data):
    # Rules (三): "国家有资金支持的,按1:1予以最高1000万元配套支持,且政府总资助额不超过项目总投入的50%": 8M
    # national funding, 40M invested → 800万 (800万 + 800万 ≤ 2000万). The facts say the company holds a
    # national 揭榜挂帅 project, so measures (九) "对科技重大专项和人工智能“揭榜挂帅”项目" is confirmed.
    measure = _clause(data, MEASURES, "对科技重大专项和人工智能“揭榜挂帅”项目")
    result = run(data, "shenzhen", national_funding=8_000_000, project_investment=40_000_000)
    found = item(result, MEASURES, measure["id"])
    assert found["max_cny"] == 8_000_000 and not found["assumed"]
    assert result["total_conservative_cny"] == 8_000_000
    # "国家没有资金支持的,入围项目按照不超过经核定项目已投入资金的40%予以最高500万元资助":
    # 40% × 1000万 = 400万.
    rule = _clause(data, RULES, "国家没有资金支持的,入围项目")
    (standing,) = [f for f in _clause_gates(rule) if _fact(data, f)["unit"] == "level"]
    shortlisted = run(
        data,
        "shenzhen",
        national_funding=0,
        project_investment=10_000_000,
        **{standing: _choice(data, standing, "入围")},
    )
    assert shortlisted["total_conservative_cny"] == 4_000_000


def test_the_innovation_centres_money_is_never_the_companys(data):
    # Measures (十): "对符合条件的创新中心为企业实施模型应用迁移和适配服务所产生的费用中企业所承担的部分,
    # 市、区联合给予不超过50%、单家企业最高300万元资助": support for the centre. On 2025-01-15 (before the
    # rules say "资助资金拨付至创新中心"): 50% × 200万 = 100万, shown, in neither total.
    measure = _clause(data, MEASURES, "对符合条件的创新中心为企业实施模型应用迁移和适配服务")
    result = run(data, "shenzhen", on="2025-01-15", adaptation_spend=2_000_000)
    found = item(result, MEASURES, measure["id"])
    assert found["max_cny"] == 1_000_000
    assert result["total_max_cny"] == result["total_conservative_cny"] == 0
    assert "innovation centre" in found["note"]["en"]


def test_returnee_start_up_grants_are_selected_on_merit(data):
    # Measures (十五): "对注册时间在6—48个月内的企业,择优给予100万元、50万元、30万元的一次性创业资助".
    measure = _clause(data, MEASURES, "择优给予100万元、50万元、30万元")
    (selected,) = _review_gates(data, measure)
    open_ = run(data, "shenzhen", returnee_founder=True, company_age_months=24)
    found = item(open_, MEASURES, measure["id"])
    assert found["max_cny"] == 1_000_000 and found["assumed"]  # the selection is assumed, not confirmed
    assert open_["total_conservative_cny"] == 0
    chosen = run(data, "shenzhen", returnee_founder=True, company_age_months=24, **{selected: True})
    assert (chosen["total_max_cny"], chosen["total_conservative_cny"]) == (1_000_000, 300_000)  # lowest grade
    passed_over = run(data, "shenzhen", returnee_founder=True, company_age_months=24, **{selected: False})
    assert not [i for i in passed_over["items"] if i["clause"] == measure["id"] and i["policy"] == MEASURES]


def test_open_source_grades_and_best_sellers_are_confirmed_by_the_reader(data):
    # Rules (五): "对符合条件的项目分等级进行奖励,一等项目最高资助100万元,二等项目最高资助60万元,
    # 三等项目最高资助30万元": the grade is the review's; unanswered, 100万 at most and nothing confirmed.
    rule = _clause(data, RULES, "一等项目最高资助100万元")
    (grade,) = _review_gates(data, rule)
    open_ = run(data, "shenzhen", open_source_project=True)
    assert (open_["total_max_cny"], open_["total_conservative_cny"]) == (1_000_000, 0)
    third = run(data, "shenzhen", open_source_project=True, **{grade: _choice(data, grade, "三等")})
    assert (third["total_max_cny"], third["total_conservative_cny"]) == (300_000, 300_000)
    # Rules (七): "对销售量达到一定规模的年度爆款产品给予奖励": the same status measures (七) asks
    # ("对销售量达到一定规模的年度爆款产品"). 5% × 2000万 = 100万, confirmed only when the reader says so.
    robots = _clause(data, RULES, "对销售量达到一定规模的年度爆款产品给予奖励")
    hit = _clause(data, MEASURES, "对销售量达到一定规模的年度爆款产品")
    assert set(_clause_gates(hit)) <= set(_clause_gates(robots))
    unsaid = run(data, "shenzhen", robot_sales=20_000_000)
    assert (unsaid["total_max_cny"], unsaid["total_conservative_cny"]) == (1_000_000, 0)


def test_qianhai_approvals_and_cluster_buildings_gate_alike(data):
    # Qianhai (五): "经前海管理局同意支持建设,项目总投资1亿元以上的,按照上一年度实际投资额的5%予以资助";
    # (六): "事前经前海管理局同意建设的公共服务平台". Both approvals are review outcomes the reader answers.
    compute = _clause(data, QIANHAI, "经前海管理局同意支持建设")
    platform = _clause(data, QIANHAI, "事前经前海管理局同意建设的公共服务平台")
    (agreed,) = _review_gates(data, compute)
    assert _review_gates(data, platform)
    facts = {
        "compute_center_total_investment": 200_000_000,
        "compute_center_investment_last_year": 80_000_000,
    }
    open_ = run(data, "shenzhen-qianhai", **facts)
    assert (open_["total_max_cny"], open_["total_conservative_cny"]) == (4_000_000, 0)  # 5% × 8000万
    confirmed = run(data, "shenzhen-qianhai", **facts, **{agreed: True})
    assert confirmed["total_conservative_cny"] == 4_000_000
    # Qianhai (一): "对在前海人工智能集聚区符合集聚条件的办公楼宇实际经营的人工智能企业" is asked, as Futian's
    # "对入驻福田人工智能集聚区专业楼宇的人工智能企业" is: 60 × 200 × 12 = 14.4万 ≤ 50% × 50万.
    rent = _clause(data, QIANHAI, "在前海人工智能集聚区符合集聚条件的办公楼宇")
    futian = _clause(data, "shenzhen-futian-ai-2024", "对入驻福田人工智能集聚区专业楼宇的人工智能企业")
    (building,) = [f for f in _clause_gates(rent) if _fact(data, f)["unit"] == "boolean"]
    assert building.split(".")[-1] in {f.split(".")[-1] for f in _clause_gates(futian)}
    lease = {"office_area_m2": 200, "rent_months": 12, "rent_paid": 500_000}
    unsaid = run(data, "shenzhen-qianhai", **lease)
    assert (unsaid["total_max_cny"], unsaid["total_conservative_cny"]) == (144_000, 0)
    there = run(data, "shenzhen-qianhai", **lease, **{building: True})
    assert there["total_conservative_cny"] == 144_000


GREEN = "example-city-green-2026"


def _green(fixture_data, **facts) -> dict:
    return estimate({"jurisdiction": "example-city", "facts": facts}, on="2026-06-01", data=fixture_data)


def test_vouchers_are_marked_per_part(fixture_data):
    # 绿色 一 "给予一次性奖励100万元；…按算力服务合同金额的10%发放算力券，最高50万元": the reward is cash,
    # 10% × 200万 = 20万 in vouchers; only the 20万 is counted as vouchers.
    result = _green(fixture_data, green_dc_rated=True, green_compute_spend=2_000_000)
    found = item(result, GREEN, "1")
    parts = {p["name"]: (p["max_cny"], p.get("paid_in")) for p in found["parts"]}
    assert parts == {"green_dc": (1_000_000, None), "vouchers": (200_000, "vouchers")}
    assert found.get("paid_in") is None  # the clause as a whole is not paid in vouchers
    assert result["vouchers_max_cny"] == 200_000
    assert "Green compute vouchers" in found["note"]["en"]


def test_a_budget_pool_whose_period_is_not_stated(fixture_data):
    # 绿色 一 "设立绿色算力券资金2亿元": no period stated, so neither "a year" nor "in total".
    found = item(_green(fixture_data, green_compute_spend=2_000_000), GREEN, "1")
    assert found["budget"] == {"amount": "2亿", "per": "not_stated"}
    line = next(s for s in found["explain"]["en"] if s.startswith("budget pool"))
    assert "period not stated" in line and "in total" not in line and "a year" not in line


def test_an_unquantified_clause_whose_gate_is_not_given_is_in_needs(fixture_data):
    # 绿色 二 "对获评国家绿色数据中心的企业，给予贷款贴息支持": not answered → asked, as computed clauses are.
    result = _green(fixture_data, green_compute_spend=2_000_000)
    asked = [n for n in result["needs"] if (n["policy"], n["clause"]) == (GREEN, "2")]
    assert [n["facts"] for n in asked] == [[f"{GREEN}.green_dc_rated"]]
    answered = _green(fixture_data, green_dc_rated=True)
    assert item(answered, GREEN, "2")["no_amount"] is True
    assert not any((n["policy"], n["clause"]) == (GREEN, "2") for n in answered["needs"])


def test_a_text_that_states_no_start_counts_as_an_assumption(fixture_data):
    # 绿色: the text states no start. 一 "给予一次性奖励100万元" + 算力券 10% × 200万 = 20万: 120万 in the
    # maximum (assumed in force), nothing in the conservative total; never dropped, never given a date.
    result = _green(fixture_data, green_dc_rated=True, green_compute_spend=2_000_000)
    found = item(result, GREEN, "1")
    assert (found["status"], found["counted_max_cny"], found["counted_conservative_cny"]) == (
        "start_unknown",
        1_200_000,
        0,
    )
    assert (result["vouchers_max_cny"], result["vouchers_conservative_cny"]) == (200_000, 0)
    policy = next(p for p in result["policies"] if p["policy"] == GREEN)
    assert (policy["status"], policy["end"]) == ("start_unknown", None)


MODELS = "example-city-models-2026"


def _models(fixture_data, **facts) -> dict:
    return estimate({"jurisdiction": "example-city", "facts": facts}, on="2026-06-01", data=fixture_data)


def test_a_part_with_no_amount_is_listed_never_counted(fixture_data):
    # 大模型措施 一 "按每月算力服务费用的50%给予补贴，最多1年，并推荐申报国家智能券补贴": the recommendation
    # applies but states no amount; 50% × 10万 × 6个月 = 30万 is all that counts.
    result = _models(fixture_data, cloud_monthly_fee=100_000, cloud_months=6)
    found = item(result, MODELS, "1")
    parts = {p["name"]: p for p in found["parts"]}
    assert parts["national_voucher"]["no_amount"] is True
    assert parts["national_voucher"]["conservative"] is False
    assert found["note"]["en"] == (
        "Recommended for the national smart-voucher subsidy: applies; no amount stated, not in the totals"
    )
    counted = (found["max_cny"], found["counted_max_cny"], found["counted_conservative_cny"])
    assert counted == (300_000, 300_000, 300_000)
    assert (result["total_max_cny"], result["total_conservative_cny"]) == (300_000, 300_000)
    for lang, said in (("zh", "原文未规定金额"), ("en", "no amount stated")):
        lines = [s for s in found["explain"][lang] if parts["national_voucher"]["label"][lang] in s]
        assert lines and all(said in s for s in lines)
        assert not any("0元" in s or "CNY 0" in s for s in lines)  # never shown as 0


def test_a_clause_whose_only_answered_part_has_no_amount_says_so(fixture_data):
    # The same item with the months not given: the subsidy needs them, so the clause is asked for,
    # not listed as worth 0.
    result = _models(fixture_data, cloud_monthly_fee=100_000)
    assert not any((i["policy"], i["clause"]) == (MODELS, "1") for i in result["items"])
    asked = [n["facts"] for n in result["needs"] if (n["policy"], n["clause"]) == (MODELS, "1")]
    assert asked == [[f"{MODELS}.cloud_months"]]


def test_a_duration_limit_caps_the_months_of_the_base(fixture_data):
    # 大模型措施 一 "按每月算力服务费用的50%给予补贴，最多1年": 18 months rented, 12 supported:
    # 50% × 10万 × 12 = 60万 (not 90万).
    found = item(_models(fixture_data, cloud_monthly_fee=100_000, cloud_months=18), MODELS, "1")
    assert (found["max_cny"], found["min_cny"]) == (600_000, 600_000)
    assert any("at most 12 months" in s and "18 months given" in s for s in found["explain"]["en"])
    assert any("最多支持12个月" in s for s in found["explain"]["zh"])


def test_a_cap_the_authority_may_relax_counts_and_says_for_whom(fixture_data):
    # 大模型措施 二 "按研发投入的20%给予补助，单家企业最高500万元，
    # 生成式多模态基础大模型企业可以放宽申领上限": 20% × 5000万 = 1000万 → the stated 500万 counts in
    # both totals.
    result = _models(fixture_data, foundation_rd_spend=50_000_000)
    found = item(result, MODELS, "2")
    assert (result["total_max_cny"], result["total_conservative_cny"]) == (5_000_000, 5_000_000)
    assert any("生成式多模态基础大模型企业放宽上限" in s for s in found["explain"]["zh"])
    assert any("may relax it for generative multimodal" in s for s in found["explain"]["en"])


def test_the_share_paid_by_this_level_is_named_and_the_rest_not_stated(fixture_data):
    # 大模型措施 三 "市本级按不超过建设投入的20%给予补助，最高200万元，所在区另行配套":
    # 20% × 500万 = 100万 is the city's share; the district's is not stated and counts nowhere.
    result = _models(fixture_data, poc_investment=5_000_000)
    found = item(result, MODELS, "3")
    assert (found["max_cny"], result["total_max_cny"], result["total_conservative_cny"]) == (1_000_000,) * 3
    assert found["paid_by"]["level"]["zh"] == "市本级"
    assert "所在区承担的部分原文未规定" in found["note"]["zh"]
    assert any("share of the district is not stated" in s for s in found["explain"]["en"])
