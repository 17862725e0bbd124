"""Why a clause gives nothing, and the explanation as a tree: profiles worked out from the texts."""

from __future__ import annotations

import pytest
from conftest import has_policy

from policy_explorer.calculator import estimate, load_model

LONGHUA = "shenzhen-longhua-ai-robotics-2025"
XIAMEN = "xiamen-ai-2023"


def needs(data, *policies):
    """A test quoting a real policy runs where the corpus has it (a maintainer may remove one)."""
    for policy in policies:
        if not has_policy(data, policy):
            pytest.skip(f"{policy} is not in this corpus")


def run(data, jurisdiction, on="2025-06-01", **facts):
    return estimate({"jurisdiction": jurisdiction, "facts": facts}, on=on, data=data, explained=True)


def why(result, policy, clause):
    found = [w for w in result["why_not"] if (w["policy"], w["clause"]) == (policy, clause)]
    assert len(found) == 1, [(w["policy"], w["clause"]) for w in result["why_not"]]
    return found[0]


def label(data, fact):
    return load_model(data).facts[fact]["label"]


def test_unknown_gate_asks_for_the_fact(data):
    # Longhua 5: "支持营收5000万元以上且正增长的企业,给予一次性10万元的奖励". Revenue 6000万 meets the first
    # condition; the growth is unknown without last year's revenue: fill it in, never "no".
    needs(data, LONGHUA)
    entry = why(run(data, "shenzhen-longhua", revenue=60_000_000), LONGHUA, "5")
    assert entry["outcome"] == "unknown"
    assert [r["state"] for r in entry["reasons"]] == ["unknown"]
    reason = entry["reasons"][0]
    assert "revenue_prev" in [f["fact"] for f in reason["facts"]]
    assert all(f["answer"] is None for f in reason["facts"] if f["fact"] == "revenue_prev")
    prev = label(data, "revenue_prev")
    assert prev["zh"] in entry["fix"]["zh"] and prev["en"] in entry["fix"]["en"]
    assert entry["fix"]["en"].startswith("fill in")
    # The growth condition reads the revenue given: shown, without a mark (it is not failed).
    assert entry["said"]["zh"] == [reason["condition"]["zh"]] and "> 0%" in entry["said"]["en"][0]
    assert "✗" not in entry["fix"]["zh"] + reason["condition"]["zh"]
    assert entry["conditions"] and all(c["zh"] and c["en"] for c in entry["conditions"])


def test_failed_gate_gives_the_answer_and_the_threshold(data):
    # Xiamen 3: "对年度购买总额达到30万元以上的…给予补助". 20万 of compute fails it.
    needs(data, XIAMEN)
    entry = why(run(data, "xiamen", compute_spend=200_000), XIAMEN, "3")
    assert entry["outcome"] == "failed"
    (reason,) = entry["reasons"]
    assert reason["state"] == "failed"
    (fact,) = reason["facts"]
    assert fact["fact"] == "compute_spend"
    assert fact["answer"] == {"zh": "20万元", "en": "CNY 200,000"}
    assert reason["condition"]["zh"].endswith("≥ 30万元")
    assert "30万元" in entry["fix"]["zh"] and "CNY 300,000" in entry["fix"]["en"]
    assert entry["fix"]["en"].startswith("applies only if")


def test_expired_policy_says_when(data):
    # Xiamen: "本措施自2023年10月10日起施行,有效期至2025年12月31日". On 2026-01-01 its compute voucher pays
    # nothing even for 40万 spent.
    needs(data, XIAMEN)
    result = run(data, "xiamen", on="2026-01-01", compute_spend=400_000)
    entry = why(result, XIAMEN, "3")
    assert entry["outcome"] == "not_in_force" and entry["status"] == "expired"
    assert entry["fix"] == {"zh": "已于2025-12-31失效", "en": "expired on 2025-12-31"}
    assert entry["reasons"] == []  # its conditions hold: only the date stands in the way


def test_draft_and_items_that_pay_are_not_listed(data):
    # Binjiang's measures are "征求意见稿": a draft, whatever the facts.
    needs(data, XIAMEN, "hangzhou-binjiang-ai-draft")
    result = run(data, "hangzhou-binjiang", loan_interest_paid=100_000)
    drafts = [w for w in result["why_not"] if w["policy"] == "hangzhou-binjiang-ai-draft"]
    assert drafts and all(w["outcome"] == "not_in_force" for w in drafts)
    assert all(w["fix"]["en"] == "a draft for comment: not in force" for w in drafts)
    paying = run(data, "xiamen", compute_spend=400_000)
    assert not [w for w in paying["why_not"] if (w["policy"], w["clause"]) == (XIAMEN, "3")]


def test_trace_is_a_tree_with_values_and_source(data):
    # Xiamen 3 for 40万: 50% × 40万 = 20万 ≤ 50万.
    needs(data, XIAMEN)
    result = run(data, "xiamen", compute_spend=400_000)
    (node,) = [n for n in result["trace"] if (n["policy"], n["clause"]) == (XIAMEN, "3")]
    assert node["outcome"] == "counted" and node["max_cny"] == 200_000
    assert "年度购买总额达到30万元以上" in node["source"]["zh"]
    (part,) = node["parts"]
    assert part["values"] == {"compute_spend": 400_000}
    assert part["steps"] and all(s["zh"] and s["en"] for s in part["steps"])
    failed = run(data, "xiamen", compute_spend=200_000)
    (node,) = [n for n in failed["trace"] if (n["policy"], n["clause"]) == (XIAMEN, "3")]
    assert node["outcome"] == "failed" and node["max_cny"] is None and node["reasons"]


def test_only_when_asked(data):
    # The comparison of places runs an estimate per place: it does not pay for the explanation.
    plain = estimate(
        {"jurisdiction": "xiamen", "facts": {"compute_spend": 200_000}}, on="2025-06-01", data=data
    )
    assert "why_not" not in plain and "trace" not in plain


def test_every_place_every_entry_says_what_would_help(data):
    # Whatever the place: each clause that gives nothing has an outcome and a fix in both languages,
    # an unknown one is never worded as failed, and no fact not given shows an answer.
    for place in load_model(data).places():
        for facts in ({}, {"compute_spend": 200_000, "revenue": 60_000_000}):
            result = run(data, place["id"], **facts)
            for entry in result["why_not"]:
                assert entry["fix"]["zh"] and entry["fix"]["en"], entry
                if entry["outcome"] == "unknown":
                    assert "✗" not in entry["fix"]["zh"] and entry["fix"]["en"].startswith("fill in"), entry
                for reason in entry["reasons"]:
                    for fact in reason["facts"]:
                        assert (fact["answer"] is None) == (
                            fact["fact"] not in facts and fact["fact"] != "startup"
                        )


def test_not_yet_in_force_says_from_when(data):
    # Xiamen: "本措施自2023年10月10日起施行": on 2023-06-01 its compute voucher is not yet in force.
    needs(data, XIAMEN)
    entry = why(run(data, "xiamen", on="2023-06-01", compute_spend=400_000), XIAMEN, "3")
    assert entry["outcome"] == "not_in_force" and entry["status"] == "not_yet_in_force"
    assert entry["fix"] == {"zh": "尚未施行（2023-10-10起施行）", "en": "not yet in force (from 2023-10-10)"}


def test_a_condition_on_the_start_up_status_says_only_for_start_ups(model):
    # No text in the corpus gates a whole clause on 初创企业 alone today; the wording is the engine's.
    from policy_explorer.calculator.formula import Context, compile_cond
    from policy_explorer.calculator.whynot import _reason

    cond = compile_cond({"fact": "startup", "is": True}, model.facts)
    facts = {"startup": False}
    reason = _reason(cond, cond(Context(facts, model.facts)), None, facts, model.facts)
    assert reason["state"] == "failed" and reason["fix"] == {
        "zh": "仅适用于初创企业",
        "en": "only for start-ups",
    }
    assert reason["facts"][0]["answer"] == {"zh": "否", "en": "no"}
