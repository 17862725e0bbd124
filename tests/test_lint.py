"""The review/grade/原则上 lint (policy_explorer/lint.py): each shape of issue 28 is found in a clause's
Chinese text, and a clause whose money encodes it passes. The texts are the sources' own sentences."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import POLICIES

from policy_explorer.check import validate
from policy_explorer.lint import lint_document

FACTS = {
    "project_investment": {"unit": "CNY"},
    "compute_spend": {"unit": "CNY"},
    "reviewed": {"unit": "boolean", "review": True},
    "holder": {"unit": "boolean"},
    "award_level": {"unit": "level", "choices": []},
}


def _doc(zh: str, benefit: dict) -> dict:
    return {"id": "d", "clauses": [{"id": "1", "text": {"zh": zh, "en": "x"}, "benefit": benefit}]}


def _findings(zh: str, benefit: dict) -> list[tuple[tuple, str]]:
    found: list[tuple[tuple, str]] = []
    lint_document(_doc(zh, benefit), FACTS, lambda where, message: found.append((where, message)))
    return found


# Longgang (十一): "对经评审符合条件的,按项目总投资的50%,给予最高300万元支持。"
REVIEWED = "支持开展人工智能关键共性技术攻关,对经评审符合条件的,按项目总投资的50%,给予最高300万元支持。"
SHARE = {
    "cap": [{"max": "300万", "per": "project"}],
    "of": {"rate": "50%", "of": {"fact": "project_investment"}},
}


def test_a_review_whose_money_is_not_gated_is_found():
    found = _findings(REVIEWED, {"kind": "formula", "amount": SHARE})
    assert len(found) == 1
    where, message = found[0]
    assert where == ("clauses", 0, "benefit")
    assert "经评审" in message and "review: true" in message


def test_a_review_gated_on_a_review_fact_passes():
    gate = [{"fact": "reviewed", "is": True}]
    assert _findings(REVIEWED, {"kind": "formula", "when": gate, "amount": SHARE}) == []
    part = {"name": "a", "when": [{"any": gate}], "amount": SHARE}  # a part's gate, inside any:
    assert _findings(REVIEWED, {"kind": "formula", "parts": [part]}) == []


def test_a_review_gated_on_a_plain_status_fact_is_still_found():
    """经评审 is decided in this very application: a status the company already holds does not answer it."""
    found = _findings(
        REVIEWED, {"kind": "formula", "when": [{"fact": "holder", "is": True}], "amount": SHARE}
    )
    assert len(found) == 1


def test_a_status_gated_on_a_yes_no_fact_passes():
    # Binjiang 11: "对入选省市人工智能标杆企业的,给予单家企业最高50万元奖励"
    zh = "对入选省市人工智能标杆企业的,给予单家企业最高50万元奖励。"
    benefit = {"kind": "up_to", "amount": {"up_to": "50万"}}
    assert len(_findings(zh, {**benefit, "when": [{"fact": "compute_spend", "gt": 0}]})) == 1
    assert _findings(zh, {**benefit, "when": [{"fact": "holder", "is": True}]}) == []


@pytest.mark.parametrize(
    "zh",
    [
        # not reviews of eligibility: a valuation, a proper name, a registration, a verified amount
        "对符合条件的人工智能企业,可按市场评估价的40%租赁政府产业用房。",
        "企业实验室检测能力首次通过中国合格评定国家认可委员会(CNAS)认可的,给予10万元奖励。",
        "对企业给予不超过认定登记的技术合同金额30%补助。",
        "对符合条件的新建平台,按不超过项目审定总投入的50%,给予最高2000万元资助。",
        "按照经核定项目建设主体实际投入的30%予以资助。",
    ],
)
def test_words_that_are_not_reviews_are_not_found(zh):
    benefit = {"kind": "formula", "amount": {"rate": "30%", "of": {"fact": "compute_spend"}}}
    assert _findings(zh, benefit) == []


# Xihu 2: "经评审分档择优,分别给予智算服务金额50%、35%、20%的补助"
XIHU = (
    "对通过平台使用智算算力开展模型训练、推理的企业,经评审分档择优,分别给予智算服务金额50%、35%、20%的补助。"
)


def test_a_selection_into_grades_needs_grades_lowest_last():
    gate = [{"fact": "reviewed", "is": True}]
    at_top = {"kind": "formula", "when": gate, "amount": {"rate": "50%", "of": {"fact": "compute_spend"}}}
    found = _findings(XIHU, at_top)
    assert len(found) == 1 and "grades" in found[0][1]
    graded = {"rate": {"grades": ["50%", "35%", "20%"]}, "of": {"fact": "compute_spend"}}
    assert _findings(XIHU, {**at_top, "amount": graded}) == []
    upside_down = {"rate": {"grades": ["20%", "35%", "50%"]}, "of": {"fact": "compute_spend"}}
    found = _findings(XIHU, {**at_top, "amount": upside_down})
    assert len(found) == 1 and "lowest" in found[0][1]


def test_an_enumeration_by_kind_needs_each_amount():
    # Longhua 第十一条: "对主导制定国际、国家、行业标准的企业、机构,分别给予60万元、40万元、20万元的奖励"
    zh = "对主导制定国际、国家、行业标准的企业、机构,分别给予60万元、40万元、20万元的奖励。"
    by_level = {
        "tiers": {"fact": "award_level"},
        "levels": [{"from": 1, "value": "20万"}, {"from": 2, "value": "40万"}],
    }
    benefit = {"kind": "formula", "when": [{"fact": "holder", "is": True}], "amount": by_level}
    found = _findings(zh, benefit)
    assert len(found) == 1 and "60万元" in found[0][1]
    by_level["levels"].append({"from": 3, "value": "60万"})
    assert _findings(zh, benefit) == []


def test_a_grade_without_amounts_needs_grades():
    # Binjiang 2: "经评审,给予单个开源主体最高500万元的一次性分档奖励"
    zh = "经评审,给予单个开源主体最高500万元的一次性分档奖励。"
    gate = [{"fact": "reviewed", "is": True}]
    found = _findings(zh, {"kind": "up_to", "when": gate, "amount": {"up_to": "500万"}})
    assert len(found) == 1 and "分档" in found[0][1]
    assert _findings(zh, {"kind": "up_to", "when": gate, "amount": {"up_to": {"grades": ["500万"]}}}) == []


def test_an_ordinary_ceiling_needs_ordinarily():
    # Rules (一): "单家企业每年申领“模型券”额度原则上不超过100万元,最高不超过200万元"
    zh = "单家企业每年申领“模型券”额度原则上不超过100万元,最高不超过200万元。"
    capped = {"cap": [{"max": "200万", "per": "enterprise_year"}], "of": {"fact": "compute_spend"}}
    found = _findings(zh, {"kind": "formula", "amount": capped})
    assert len(found) == 1 and "ordinarily" in found[0][1]
    both = {
        "cap": [{"max": {"ordinarily": "100万", "at_most": "200万"}, "per": "enterprise_year"}],
        "of": capped["of"],
    }
    assert _findings(zh, {"kind": "formula", "amount": both}) == []


def test_clauses_without_money_are_not_linted():
    assert _findings(REVIEWED, {"kind": "unquantified"}) == []


def test_validate_reports_the_lint_with_file_and_line(tmp_path: Path):
    """Removing Longgang (十一)'s review gate is reported by `validate`, at the clause's benefit."""
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    path = policies / "documents" / "shenzhen-longgang-ai-2025.yaml"
    text = path.read_text(encoding="utf-8")
    gate = "          when:\n            - {fact: longgang_key_tech_reviewed, is: true}\n"
    assert gate in text
    path.write_text(text.replace(gate, "", 1), encoding="utf-8")
    messages = [str(p) for p in validate(policies)]
    mine = [m for m in messages if "经评审" in m and "shenzhen-longgang" in m]
    assert len(mine) == 1, messages
    line = int(mine[0].split(":")[1])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert re.match(r"\s+benefit:", lines[line - 1]), lines[line - 1]


# Rules (五), the sentence as the source gives it:
GRADED_BY_LEVEL = (
    "资助标准为对符合条件的项目分等级进行奖励,一等项目最高资助100万元,"
    "二等项目最高资助60万元,三等项目最高资助30万元。"
)


def _grade_part(name: str, level: int, amount: str) -> dict:
    return {"name": name, "when": [{"fact": "award_level", "eq": level}], "amount": {"up_to": amount}}


def test_either_or_parts_one_per_level_are_graded():
    parts = [
        _grade_part("first", 3, "100万"),
        _grade_part("second", 2, "60万"),
        _grade_part("third", 1, "30万"),
    ]
    benefit = {
        "kind": "up_to",
        "when": [{"fact": "holder", "is": True}],
        "either": ["first", "second", "third"],
    }
    assert _findings(GRADED_BY_LEVEL, {**benefit, "parts": parts}) == []
    # The same parts paid together (no either-or) are not one grade each: still found.
    together = {"kind": "up_to", "when": [{"fact": "holder", "is": True}], "parts": parts}
    assert [m for _, m in _findings(GRADED_BY_LEVEL, together) if "分等级" in m]
