"""What if I spend more (policy_explorer.calculator.whatif): the claim against one expense, and where it
bends.

Each expected figure is worked out by hand from the quoted sentence of the policy, not copied from
the code's output.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pytest
from conftest import ROOT, has_policy

from policy_explorer.calculator import CalculatorError, estimate
from policy_explorer.calculator.browser import answer
from policy_explorer.calculator.whatif import parse_up_to, render_what_if, what_if

ON = "2025-06-01"  # the Xiamen (2023), Xihu (2025) and Shenzhen (2024-12-18) texts are all in force

XIAMEN = "xiamen-ai-2023"
XIHU = "hangzhou-xihu-ai-2025"
SHENZHEN = "shenzhen-ai-pioneer-measures-2024"


def needs(data, policy):
    if not has_policy(data, policy):
        pytest.skip(f"the corpus no longer holds {policy}")


def series(data, jurisdiction, fact="compute_spend", up_to=4, startup=False, **facts):
    profile = {"jurisdiction": jurisdiction, "startup": startup, "facts": facts}
    return what_if(profile, fact, up_to=up_to, on=ON, data=data)


def points(result):
    return {p["spend_cny"]: p for p in result["points"]}


def marks(result, policy):
    return [(b["at_cny"], b["clause"], b["kind"]) for b in result["breakpoints"] if b["policy"] == policy]


def test_xiamen_threshold_and_cap(data):
    # 厦门 §3: "在政策有效期内,对年度购买总额达到30万元以上的,每年均按实际支出费用最高50%给予补助,
    # 每家企业每年最高不超过50万元。" Entered 80万, so the range is 0–320万.
    # Threshold: at 30万 the claim jumps from 0 to 50% × 30万 = 15万; one yuan below it gives 0.
    # Cap: 50% × spend reaches 50万 at spend = 50万 ÷ 50% = 100万; from there it stays 50万.
    needs(data, XIAMEN)
    result = series(data, "xiamen", compute_spend=800_000)
    assert (result["entered_cny"], result["up_to"]) == (800_000, "4")
    assert marks(result, XIAMEN) == [(300_000, "3", "threshold"), (1_000_000, "3", "cap")]
    threshold, cap = (b for b in result["breakpoints"] if b["policy"] == XIAMEN)
    assert threshold["before"]["total_max_cny"] == 0 and threshold["after"]["total_max_cny"] == 150_000
    assert threshold["label"] == {"zh": "门槛30万元达到", "en": "threshold CNY 300,000 met"}
    # 50% × 999,999 = 499,999.5, rounded down to the yuan
    assert cap["before"]["total_max_cny"] == 499_999 and cap["after"]["total_max_cny"] == 500_000
    assert cap["label"]["zh"] == "达到上限50万元（每家企业每年）"
    assert cap["label"]["en"] == "cap CNY 500,000 reached (per company per year)"
    at = points(result)
    assert at[800_000]["total_max_cny"] == 400_000  # 50% × 80万, as the estimate says
    assert at[3_200_000]["total_max_cny"] == 500_000 == at[3_200_000]["total_conservative_cny"]
    assert all(b["found"] == "data" for b in result["breakpoints"])


def test_xiamen_rd_steps_and_growth(data):
    # 厦门 §6: "对企业年度自主研发费用高于200万元且较上年实现增长的,年度自主研发费用每满200万元给予10万元
    # 补助,每家企业最高不超过500万元。企业年度自主研发费用高于500万元且自主研发费用增长率超过20%的,给予
    # 奖励30万元;增长率超过40%的,给予奖励50万元。对年度自主研发费用超过1000万元的企业,按其可获得的研发
    # 费用补助额,再给予5%补助。" Last year 800万; this year 1050万 entered, so 0–4200万.
    # Growth above 0% first at 800万 + 1 yuan: 4 full 200万 → 40万.
    # Growth above 20% at 960万 + 1: + 30万 = 70万.
    # 1000万: a 5th full 200万 → 80万. Above 1000万: + 5% × 50万 = 2.5万 → 82.5万. Growth above 40% at
    # 1120万 + 1: the reward becomes 50万 → 102.5万. 1200万: 60万 + 50万 + 3万 = 113万.
    needs(data, XIAMEN)
    result = series(data, "xiamen", "rd_spend", rd_spend=10_500_000, rd_spend_prev=8_000_000)
    got = {
        b["at_cny"]: (b["kind"], b["before"]["total_max_cny"], b["after"]["total_max_cny"])
        for b in result["breakpoints"]
    }
    assert got[8_000_001] == ("threshold", 0, 400_000)
    assert got[9_600_001] == ("threshold", 400_000, 700_000)
    assert got[10_000_000] == ("step", 700_000, 800_000)
    assert got[10_000_001] == ("threshold", 800_000, 825_000)
    assert got[11_200_001] == ("threshold", 825_000, 1_025_000)
    assert got[12_000_000] == ("step", 1_025_000, 1_130_000)
    assert 8_000_000 not in got  # the 4th 200万 is full, but growth is not yet above 0%: nothing changes
    assert (
        got[10_000_000]
        and next(b for b in result["breakpoints"] if b["at_cny"] == 10_000_000)["label"]["zh"]
        == "每满200万元加10万元（第5级）"
    )
    assert all(b["found"] == "data" for b in result["breakpoints"])


def test_what_the_data_does_not_give_is_found_by_sampling_and_marked(data, monkeypatch):
    # With the steps not read from the data, the same 每满200万元 jumps are found by halving between sampled
    # points, at the very yuan (each full 200万: 1200万, 1400万, …), and marked as sampled.
    needs(data, XIAMEN)
    import policy_explorer.calculator.whatif as whatif

    monkeypatch.setattr(whatif, "MAX_STEPS", 0)
    result = series(data, "xiamen", "rd_spend", rd_spend=10_500_000, rd_spend_prev=8_000_000)
    sampled = {b["at_cny"] for b in result["breakpoints"] if b["found"] == "sampled"}
    assert {12_000_000, 14_000_000, 20_000_000, 40_000_000} <= sampled
    assert all(at % 2_000_000 == 0 for at in sampled)
    assert all(b["clause"] == "6" for b in result["breakpoints"] if b["found"] == "sampled")


RULES = "shenzhen-ai-pioneer-rules-2025"


def test_shenzhen_model_vouchers_ordinary_and_highest_cap(data, monkeypatch):
    # 深圳实施细则 §1: "单家企业每年申领“模型券”额度原则上不超过100万元,最高不超过200万元;…以“模型券”抵扣
    # 不超过模型购买费用的30%". 30% reaches 100万 at 100万 ÷ 30% = 3,333,333.33 → first yuan 3,333,334 (the
    # conservative total stops there) and 200万 at 6,666,666.67 → 6,666,667 (the maximum stops there).
    needs(data, RULES)
    result = series(data, "shenzhen", "model_spend", model_spend=3_000_000)
    assert (3_333_334, "1", "cap") in marks(result, RULES) and (6_666_667, "1", "cap") in marks(result, RULES)
    at = points(result)
    assert (
        at[6_666_667]["total_max_cny"] == 2_000_000 and at[6_666_667]["total_conservative_cny"] == 1_000_000
    )
    # The same two points, with nothing read from the data: the sampled bends are placed to the yuan.
    import policy_explorer.calculator.whatif as whatif

    monkeypatch.setattr(whatif, "_candidates", lambda *args: [])
    blind = series(data, "shenzhen", "model_spend", model_spend=3_000_000)
    assert {b["at_cny"] for b in blind["breakpoints"]} == {3_333_334, 6_666_667}
    assert {b["found"] for b in blind["breakpoints"]} == {"sampled"}


def test_every_point_is_the_estimate_itself(data):
    needs(data, XIAMEN)
    result = series(data, "xiamen", compute_spend=800_000)
    for p in result["points"][::4]:
        alone = estimate(
            {"jurisdiction": "xiamen", "facts": {"compute_spend": p["spend_cny"]}}, on=ON, data=data
        )
        assert alone["total_max_cny"] == p["total_max_cny"]
        assert alone["total_conservative_cny"] == p["total_conservative_cny"]


def test_xihu_graded_cap_bites_twice_and_vouchers_are_apart(data):
    # 西湖区 §2: "…经评审分档择优,分别给予智算服务金额50%、35%、20%的补助,单个主体年度补贴金额不超过100万元。"
    # Best grade 50% reaches 100万 at 200万 of compute (the maximum stops growing there); the lowest grade
    # 20% at 100万 ÷ 20% = 500万 (the conservative total stops there). Paid as 算力券: vouchers.
    needs(data, XIHU)
    result = series(data, "hangzhou-xihu", compute_spend=1_500_000, xihu_compute_subsidy_selected=True)
    assert marks(result, XIHU) == [(2_000_000, "2", "cap"), (5_000_000, "2", "cap")]
    low = next(b for b in result["breakpoints"] if b["at_cny"] == 5_000_000)
    assert low["label"]["en"] == "cap CNY 1,000,000 reached (per company per year; at the lowest grade)"
    assert low["after"]["total_conservative_cny"] == 1_000_000
    assert low["before"]["total_conservative_cny"] == 999_999  # 20% × 4,999,999 = 999,999.8
    assert result["vouchers"] is True
    at = points(result)
    assert at[1_500_000]["total_max_cny"] == 750_000 and at[1_500_000]["total_conservative_cny"] == 300_000
    assert at[1_500_000]["vouchers_max_cny"] == 750_000


def test_shenzhen_start_up_rate_moves_the_cap_point(data):
    # 深圳 §2: "按不超过服务合同金额的50%,给予最高1000万元资助,对初创企业提高资助比例至60%。"
    # A start-up reaches 1000万 at 1000万 ÷ 60% = 16,666,666.67: the first whole yuan is 16,666,667.
    needs(data, SHENZHEN)
    result = series(data, "shenzhen", startup=True, compute_spend=5_000_000)
    assert (16_666_667, "2", "cap") in marks(result, SHENZHEN)
    other = series(data, "shenzhen", startup=False, compute_spend=6_000_000)
    assert (20_000_000, "2", "cap") in marks(other, SHENZHEN)  # 1000万 ÷ 50%


@pytest.mark.parametrize(
    ("place", "policy", "facts"),
    [
        ("xiamen", XIAMEN, {"compute_spend": 800_000}),
        ("hangzhou-xihu", XIHU, {"compute_spend": 1_500_000, "xihu_compute_subsidy_selected": True}),
        ("shenzhen", SHENZHEN, {"compute_spend": 6_000_000}),
    ],
)
def test_amounts_only_grow_and_bend_only_at_breakpoints(data, place, policy, facts):
    # Each of these texts pays a share of what is spent (at most a cap), so more spending never gives
    # less: the series is monotone. Between two breakpoints it is one straight line (within the yuan
    # the amounts are rounded down to), and at each breakpoint the slope changes or the amount jumps.
    needs(data, policy)
    result = series(data, place, **facts)
    keys = ("total_max_cny", "total_conservative_cny", "vouchers_max_cny", "vouchers_conservative_cny")
    pts = result["points"]
    for a, b in itertools.pairwise(pts):
        assert a["spend_cny"] < b["spend_cny"]
        assert all(a[k] <= b[k] for k in keys), (a, b)
    cuts = sorted({0, *(b["at_cny"] for b in result["breakpoints"]), pts[-1]["spend_cny"] + 1})
    for lo, hi in itertools.pairwise(cuts):
        run = [p for p in pts if lo <= p["spend_cny"] < hi]
        for a, m, b in zip(run, run[1:], run[2:], strict=False):
            for k in keys:  # m on the line through a and b, cross-multiplied to stay in integers
                span, off = b["spend_cny"] - a["spend_cny"], m["spend_cny"] - a["spend_cny"]
                assert abs((m[k] - a[k]) * span - (b[k] - a[k]) * off) <= 2 * span, (k, a, m, b)
    for bp in result["breakpoints"]:  # the last yuan before it against the slope after it
        k = "total_conservative_cny" if "lowest" in bp["label"]["en"] else "total_max_cny"
        right = min((p for p in pts if p["spend_cny"] > bp["at_cny"]), key=lambda p: p["spend_cny"])
        last_yuan = bp["after"][k] - bp["before"][k]
        slope_after = (right[k] - bp["after"][k]) / (right["spend_cny"] - bp["at_cny"])
        assert last_yuan > 2 or abs(last_yuan - slope_after) >= 0.5, bp


def test_a_part_within_the_expense_is_kept_within_it(data):
    # compute_spend_domestic is "of which" compute_spend: below it, it is lowered with it (no error).
    result = series(data, "shenzhen", compute_spend=1_000_000, compute_spend_domestic=800_000)
    assert result["points"][0]["spend_cny"] == 0


@pytest.mark.parametrize(
    ("fact", "words"),
    [
        ("compute_spnd", "`compute_spnd` is not a fact of the calculator"),
        ("xihu_compute_subsidy_selected", "is not an amount in yuan"),
        ("corpus_spend", "is not in the profile: enter it first"),
    ],
)
def test_a_bad_fact_is_one_clear_message(data, fact, words):
    profile = {"jurisdiction": "hangzhou-xihu", "facts": {"compute_spend": 1_000_000}}
    with pytest.raises(CalculatorError) as caught:
        what_if(profile, fact, on=ON, data=data)
    assert caught.value.field == "what_if" and words in caught.value.message
    assert "compute_spend" in caught.value.message  # what the profile does give


def test_up_to_is_read_and_checked():
    assert parse_up_to("4x") == 4 and parse_up_to("2.5×") == parse_up_to("2.5")
    for bad in ("0", "-1x", "abc", "1000"):
        with pytest.raises(CalculatorError):
            parse_up_to(bad)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policy_explorer.calculator", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_cli_json_and_table(data, tmp_path):
    needs(data, XIAMEN)
    path = tmp_path / "p.json"
    path.write_text('{"jurisdiction": "xiamen", "facts": {"compute_spend": 800000}}', encoding="utf-8")
    run = cli("estimate", str(path), "--on", ON, "--what-if", "compute_spend", "--up-to", "2x")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["points"][-1]["spend_cny"] == 1_600_000 and out["points"][-1]["total_max_cny"] == 500_000
    table = cli("estimate", str(path), "--on", ON, "--what-if", "compute_spend", "--format", "table")
    assert table.returncode == 0 and "◆ 门槛30万元达到" in table.stdout
    en = cli(
        "estimate", str(path), "--on", ON, "--what-if", "compute_spend", "--format", "table", "--lang", "en"
    )
    assert "◆ cap CNY 500,000 reached" in en.stdout
    assert render_what_if(what_if(json.loads(path.read_text()), "compute_spend", on=ON, data=data), "en")


def test_cli_bad_fact_exits_2_without_a_traceback(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"jurisdiction": "xiamen", "facts": {"compute_spend": 800000}}', encoding="utf-8")
    run = cli("estimate", str(path), "--what-if", "compute_spnd")
    assert run.returncode == 2 and run.stdout == ""
    message = "error: what_if: `compute_spnd` is not a fact of the calculator; the profile's amounts are "
    assert run.stderr.strip().splitlines() == [message + "compute_spend"]


def test_worker_request_key(data):
    needs(data, XIAMEN)
    profile = {"jurisdiction": "xiamen", "facts": {"compute_spend": "800000"}}
    reply = answer({"profile": profile, "on": ON, "what_if": "compute_spend", "up_to": "4x"})
    assert reply["ok"] and [b["at_cny"] for b in reply["what_if"]["breakpoints"]] == [300_000, 1_000_000]
    bad = answer({"profile": profile, "on": ON, "what_if": "nope"})
    assert bad["ok"] is False and bad["field"] == "what_if"


SCHEMA = ROOT / "policies" / "schema" / "whatif.schema.json"


@pytest.mark.parametrize(
    ("jurisdiction", "facts", "up_to"),
    [
        ("xiamen", {"compute_spend": 800_000}, "4x"),  # a threshold and a cap (厦门 §3, above)
        ("hangzhou-xihu", {"compute_spend": 2_000_000}, "10x"),
        ("shenzhen-longgang", {"compute_spend": 10_000_000, "corpus_spend": 2_000_000}, "2x"),
        ("shenzhen-nanshan", {"compute_spend": 3_000_000, "model_spend": 500_000}, "4x"),
    ],
)
def test_output_matches_the_published_schema(data, jurisdiction, facts, up_to):
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    result = what_if(
        {"jurisdiction": jurisdiction, "facts": facts}, "compute_spend", up_to=up_to, on=ON, data=data
    )
    jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(result)))
    spends = [p["spend_cny"] for p in result["points"]]
    assert spends == sorted(spends) and len(set(spends)) == len(spends)


def test_the_schema_refuses_what_it_does_not_describe(data):
    import jsonschema

    needs(data, XIAMEN)
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    result = json.loads(json.dumps(series(data, "xiamen", compute_spend=800_000)))
    result["breakpoints"][0]["kind"] = "ceiling"  # not a kind the engine gives
    result["points"][0]["total_max_cny"] = 1.5  # money is whole yuan
    assert len(list(validator.iter_errors(result))) == 2


def test_the_page_gets_every_amount_in_words(data):
    # The page formats no money: each point and breakpoint comes worded, in both languages. Xiamen §3's
    # cap (above): 50% × 999,999 = 499,999 → 500,000 at 100万 of spend.
    needs(data, XIAMEN)
    result = series(data, "xiamen", compute_spend=800_000)
    from policy_explorer.calculator import load_model
    from policy_explorer.calculator.whatif import labels

    words = labels(result, load_model(data))
    assert len(words["en"]["points"]) == len(result["points"]) == len(words["zh"]["points"])
    pairs = zip(words["en"]["breakpoints"], result["breakpoints"], strict=True)
    cap = next(w for w, b in pairs if b["kind"] == "cap")
    assert cap["at"] == "CNY 1,000,000" and cap["total_max_cny"] == "CNY 499,999 → CNY 500,000"
    assert cap["where"].endswith("· clause 3") and cap["label"].startswith("cap CNY 500,000 reached")
    assert words["zh"]["entered"] == "80万元" and words["en"]["top"] == "CNY 3,200,000"


def test_the_worker_answer_carries_the_words(data):
    needs(data, XIAMEN)
    profile = {"jurisdiction": "xiamen", "facts": {"compute_spend": "800000"}}
    reply = answer({"profile": profile, "on": ON, "what_if": "compute_spend"})
    assert reply["what_if_labels"]["zh"]["breakpoints"][0]["at"] == "30万元"
