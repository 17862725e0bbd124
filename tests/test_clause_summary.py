"""One summary of a clause (sitegen/terms.py) for every page, comparison row and the open data.

On the Example City fixture documents (tests/fixtures/new_policy/), each value worked out from the
fixture's Chinese sentence, quoted: a rate that depends on a yes/no is shown with its condition and a
row never assumes the condition holds; only caps are caps; a shared cap is in the cap column; parts
are named by their labels; a row narrowed to one part carries only that part.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from fixture_policies import policies_with_fixture

from policy_explorer.compile import compile_policies
from policy_explorer.sitegen import opendata
from policy_explorer.sitegen.reference import reference_amounts
from policy_explorer.sitegen.view import build_view

ON = dt.date(2026, 6, 1)
GREEN, CITY = "example-city-green-2026", "example-city-ai-2026"


@pytest.fixture(scope="module")
def policies(tmp_path_factory) -> Path:
    return policies_with_fixture(tmp_path_factory.mktemp("summary") / "policies")


@pytest.fixture(scope="module")
def view(policies):
    return build_view(compile_policies(policies), ON)


@pytest.fixture(scope="module")
def pages(policies, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("summary-pages")
    args = [
        "--policies",
        str(policies),
        "render",
        "--out",
        str(out),
        "--date",
        ON.isoformat(),
        "--no-runtime",
    ]
    run = subprocess.run(
        [sys.executable, "-m", "policy_explorer", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return out


def _clause(view, policy: str, clause: str):
    return next(c for c in view.clauses if (c.policy.id, c.id) == (policy, clause))


def _row(view, category: str, policy: str, clause: str):
    return next(r for r in view.by_category[category] if (r.policy.id, r.id) == (policy, clause))


def test_a_rate_that_depends_on_a_yes_no_names_its_condition(view):
    # 绿色三 "按设备投资的20%给予补贴；采用国产芯片的，按设备投资的30%给予补贴。每个项目最高500万元。"
    terms = _clause(view, GREEN, "3").terms
    assert terms.rate_label("zh") == "30%（采用国产芯片：是）；否则20%"
    assert terms.rate_label("en") == "30% (Uses domestic chips: yes); otherwise 20%"
    assert terms.cap_label("zh") == "500万元（每个项目）"
    # A comparison table folds the alternatives: Terms hands them as a list (never split back from the label).
    assert terms.rate_labels("zh") == ["30%（采用国产芯片：是）", "否则20%"]
    assert terms.money_labels("zh") == ["上限 500万元（每个项目）"]
    # At 100万 of equipment: 20% = 20万 without domestic chips, 30% = 30万 with; at 1000万: 200万 / 300万.
    # The row never picks one: it shows the range over both answers (it showed "—" before).
    row = _row(view, "compute_infrastructure", GREEN, "3")
    ref = reference_amounts(view.by_category["compute_infrastructure"], view)[row.key]
    assert ref.amounts == [(200_000, 300_000), (2_000_000, 3_000_000)] and ref.conditional


def test_a_gated_top_up_is_not_assumed_and_the_shared_cap_is_a_cap(view):
    # 绿色四 "按训练算力费用的10%给予补贴；对早期、小微企业再按训练算力费用的10%给予补贴。两项补贴合计
    # 每家企业每年最高80万元。"
    terms = _clause(view, GREEN, "4").terms
    assert terms.rate_label("zh") == "算力补贴 10%；补早补小 10%（早期、小微企业：是）"
    assert terms.cap_label("zh") == "80万元（每家企业每年；算力补贴、补早补小合计）"
    # The shared cap's scope holds its own "；" and stays one alternative.
    assert terms.money_labels("zh") == ["上限 80万元（每家企业每年；算力补贴、补早补小合计）"]
    assert terms.cap_label("en") == (
        "CNY 800,000 (per company per year; Compute subsidy and Early-stage and small-firm top-up together)"
    )
    # At 100万: 10万 for any company, 20万 for an early-stage or small firm (not 20万 as if it were one);
    # at 1000万: 100万 alone already exceeds the 80万 the two share → 80万 either way.
    ref = reference_amounts(view.by_category["compute_voucher"], view)[f"{GREEN}/4"]
    assert ref.amounts == [(100_000, 200_000), (800_000, 800_000)]


def test_a_fixed_part_is_in_the_summary_and_is_not_a_cap(view):
    # 绿色一 "对获评国家绿色数据中心的企业，给予一次性奖励100万元；对租用绿色算力的企业，按算力服务合同
    # 金额的10%发放算力券，最高50万元。": the 50万 caps the vouchers; the 100万 is paid outright.
    terms = _clause(view, GREEN, "1").terms
    assert terms.cap_label("zh") == "绿色算力券 50万元（上限范围未说明）"
    assert terms.amount_label("zh") == "国家绿色数据中心奖励 100万元（获评国家绿色数据中心：是）"
    assert terms.money_labels("zh") == [
        "上限 绿色算力券 50万元（上限范围未说明）",
        "金额 国家绿色数据中心奖励 100万元（获评国家绿色数据中心：是）",
    ]
    assert "100万元" in terms.headline("zh") and "上限 国家" not in terms.headline("zh")
    record = next(r for r in opendata.records(view, "en") if (r["policy"], r["clause"]) == (GREEN, "1"))
    assert (record["cap_cny"], record["amount_cny"]) == (500_000, 1_000_000)
    assert (
        record["amount"]
        == "National green data centre reward CNY 1,000,000 (Rated a national green data centre: yes)"
    )


def test_a_row_narrowed_to_one_part_carries_only_that_part(view):
    # 城市三 "对租用智能算力的企业，按算力服务合同金额的40%发放算力券，每份合同最高300万元；对购买模型
    # 服务的企业，按模型服务合同金额的30%发放模型券，每个项目最高200万元。单家企业每年申领算力券和模型券
    # 合计不超过400万元。"
    model = _row(view, "model_voucher", CITY, "3")
    assert [c["zh"] for c in model.all_conditions] == ["购买模型服务"]
    assert model.terms.rate_label("zh") == "30%"
    assert model.terms.cap_label("zh") == "200万元（每个项目）；400万元（每家企业每年；算力券、模型券合计）"
    compute = _row(view, "compute_voucher", CITY, "3")
    assert [c["zh"] for c in compute.all_conditions] == ["租用智能算力"]
    assert "200万元（每个项目）" not in compute.terms.cap_label("zh")


def test_pages_name_parts_by_label_once(pages):
    for lang, want in (
        ("zh", "[条款 3 · 算力券、模型券]"),
        ("en", "[Clause 3 · Compute vouchers, Model vouchers]"),
    ):
        policy = (pages / lang / "policies" / f"{CITY}.md").read_text("utf-8")
        assert want in policy
        assert "· compute" not in policy and "、]" not in policy and "、、" not in policy
        # The combined cap over both parts, on the clause page once (it was repeated once per part).
        clause = (pages / lang / "policies" / CITY / "clause-3.md").read_text("utf-8")
        rule = (
            "(算力券、模型券): 单家企业" if lang == "zh" else "(Compute vouchers, Model vouchers): A single"
        )
        assert clause.count(rule) == 1
    hant = (pages / "zh-Hant" / "policies" / f"{CITY}.md").read_text("utf-8")
    assert "· compute" not in hant and "算力券、模型券]" in hant
    # The policy page's clause summary and the comparison row give the same rate, with its condition.
    page = (pages / "zh" / "policies" / f"{GREEN}.md").read_text("utf-8")
    table = (pages / "zh" / "compare" / "compute_infrastructure.md").read_text("utf-8")
    for text in (page, table):
        assert "30%（采用国产芯片：是）；否则20%" in text
