"""The CLI's table: assumed conditions are shown apart from confirmed ones; how to apply is given."""

from __future__ import annotations

from policy_explorer.calculator import estimate
from policy_explorer.calculator.table import render_table

# Qianhai (九) "对前海管理局评定的……示范项目……按照项目实际投资额的10%予以最高200万元": 10% × 1000万 = 100万,
# assumed (the rating is not answered); Qianhai (一) 60元 × 200 m² × 12 months = 14.4万, confirmed (the
# company says it operates "在前海人工智能集聚区符合集聚条件的办公楼宇").
PROFILE = {
    "jurisdiction": "shenzhen-qianhai",
    "facts": {
        "application_investment": 10_000_000,
        "ai_cluster_building_tenant": True,
        "office_area_m2": 200,
        "rent_months": 12,
        "rent_paid": 500_000,
    },
}


def _row(table: str, policy: str, clause: str) -> str:
    return next(line for line in table.splitlines() if line.startswith(policy) and f"  {clause}  " in line)


def test_assumed_apart_from_confirmed(data):
    result = estimate(PROFILE, on="2025-06-01", data=data)
    en = render_table(result, "en")
    assert _row(en, "shenzhen-qianhai-ai-2024", "9").rstrip().endswith("1 assumed")
    assert _row(en, "shenzhen-qianhai-ai-2024", "1").rstrip().endswith("confirmed")
    block = en.split("Assumed in the maximum total:")[1].split("How to apply:")[0]
    assert (
        "shenzhen-qianhai-ai-2024 9: assumed (not given): Project rated an AI application"
        " demonstration project by the Qianhai Authority: yes" in block
    )
    assert "qianhai-ai-2024 1:" not in block
    assert "CNY 1,000,000" in _row(en, "shenzhen-qianhai-ai-2024", "9")
    zh = render_table(result, "zh")
    assert _row(zh, "shenzhen-qianhai-ai-2024", "1").rstrip().endswith("已确认")
    assert "按假设计入最高合计的条件（未填写）：" in zh and "保守合计 14.4万元" in zh


def test_no_assumption_block_when_everything_is_confirmed(data):
    result = estimate(
        {"jurisdiction": "shenzhen", "facts": {"compute_spend": 1_000_000}}, on="2025-06-01", data=data
    )
    assert "Assumed" not in render_table(result, "en")


def test_how_to_apply_is_given_for_what_is_in_force(data):
    # The Shenzhen rules: "该扶持计划下设十个项目类别,均采用事后奖补类支持方式" (paid after the fact);
    # Qianhai's measures state no way to apply: their lines say so in plain words (issue 29), and
    # give the document's official page, its source.url in the data.
    result = estimate(PROFILE, on="2025-06-01", data=data)
    en = render_table(result, "en").split("How to apply:")[1].split("Maximum total")[0]
    rules = next(line for line in en.splitlines() if line.startswith("  shenzhen-ai-pioneer-rules-2025 2:"))
    assert "Paid after the fact (事后奖补)" in rules
    qianhai = next(p for p in data["policies"] if p["id"] == "shenzhen-qianhai-ai-2024")
    said = next(line for line in en.splitlines() if line.startswith("  shenzhen-qianhai-ai-2024 1:"))
    assert said.endswith(
        "the text gives no application window; Who to ask: the text names no responsible unit"
    )
    assert f"    The document: {qianhai['source']['url']}" in en
    zh = render_table(result, "zh")
    assert "如何申请：" in zh and "均采用事后奖补类支持方式" in zh
    # The rules take effect on 2025-03-18 ("《规程》自2025年3月18日起施行"): before, no line for them.
    before = render_table(estimate(PROFILE, on="2025-01-15", data=data), "en")
    applying = before.split("How to apply:")[1].split("Maximum total")[0]
    assert "shenzhen-ai-pioneer-rules-2025 2:" not in applying
    assert "shenzhen-ai-pioneer-measures-2024 5:" in applying  # the measure itself is in force


def test_why_these_give_nothing(data):
    # Xiamen: "本措施自2023年10月10日起施行,有效期至2025年12月31日"; on 2026-01-01 its compute voucher (40万
    # spent, "年度购买总额达到30万元以上") gives nothing because the measures have expired.
    profile = {"jurisdiction": "xiamen", "facts": {"compute_spend": 400_000}}
    result = estimate(profile, on="2026-01-01", data=data, explained=True)
    zh = render_table(result, "zh").splitlines()
    en = render_table(result, "en").splitlines()
    assert "以下条款不给付，原因：" in zh and "Why these give nothing:" in en
    assert next(x for x in zh if x.startswith("  xiamen-ai-2023 3 ")).endswith(
        "不在有效期内：已于2025-12-31失效"
    )
    assert next(x for x in en if x.startswith("  xiamen-ai-2023 3 ")).endswith(
        "not in force: expired on 2025-12-31"
    )
    assert "Why these give nothing:" not in render_table(estimate(profile, on="2026-01-01", data=data), "en")
