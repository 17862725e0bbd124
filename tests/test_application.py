"""How and when to apply: a document's block under each clause's, worded the same in both languages."""

from __future__ import annotations

from policy_explorer.calculator import estimate
from policy_explorer.calculator.application import describe, lines, resolve

DEPT = {"zh": "示例市工业和信息化局", "en": "Example City Bureau of Industry and Information Technology"}
UNIT = {"zh": "市科技创新局", "en": "Municipal Science, Technology and Innovation Bureau"}


def test_a_clause_block_lies_over_its_documents():
    document = {"department": DEPT, "window": {"kind": "yearly"}}
    clause = {"window": {"kind": "dates", "from": "2026-03-01", "to": "2026-04-30"}}
    merged = resolve(document, clause)
    assert merged == {"department": DEPT, "window": clause["window"]}
    assert lines(merged, "en")[:2] == [
        "Apply from 1 March 2026 to 30 April 2026",
        f"Department: {DEPT['en']}",
    ]
    assert lines(merged, "zh")[0] == "申报时间：2026年3月1日至2026年4月30日"


def test_a_clause_the_text_says_nothing_about_still_says_so_in_plain_words():
    """Issue 29: every item shows what is known; a text silent on applying gets a block that says so,
    with no date and no unit invented."""
    silent = resolve(None, None)
    assert lines(silent, "en") == [
        "When to apply: the text gives no application window",
        "Who to ask: the text names no responsible unit",
    ]
    assert lines(silent, "zh") == ["何时申报：原文没有给出申报时间", "向谁咨询：原文没有列出责任单位"]
    assert describe(silent)["url"] is None
    only_units = resolve(None, None, [UNIT])
    assert lines(only_units, "en") == [
        "When to apply: the text gives no application window",
        f"Responsible units (as the text lists them): {UNIT['en']}",
    ]
    # A named department is where to apply; the responsible units are then not repeated.
    assert "responsible" not in resolve({"department": DEPT}, None, [UNIT])
    assert not any("names no" in line for line in lines(resolve({"department": DEPT}, None), "en"))


def test_the_documents_official_page_is_given_where_its_address_is_known(data):
    """Each calculator item carries its document's official page (source.url) where the data knows
    it, and none where it does not: never an address made up."""
    from policy_explorer.calculator import load_model

    model = load_model(data)
    for policy in data["policies"]:
        url = (policy.get("source") or {}).get("url")
        for clause in policy["clauses"]:
            described = model.clauses[(policy["id"], clause["id"])].application
            assert described is not None, (policy["id"], clause["id"])
            assert described["page"] == url
            assert described["zh"] and described["en"]


def test_a_window_without_dates_states_none():
    for kind in ("rolling", "yearly", "until_exhausted"):
        for lang in ("zh", "en"):
            text = lines({"window": {"kind": kind}}, lang)[0]
            assert not any(ch.isdigit() for ch in text), text


def test_a_deadline_alone_reads_apply_by():
    assert lines({"window": {"kind": "dates", "to": "2026-01-05"}}, "en")[0] == "Apply by 5 January 2026"
    assert lines({"window": {"kind": "dates", "to": "2026-01-05"}}, "zh")[0] == "申报截止：2026年1月5日"


def test_the_calculator_item_carries_what_the_xihu_text_states(data):
    # 西湖区第2条: "“算力券”发放额满截止。" — open until the vouchers run out; no date is stated.
    profile = {"jurisdiction": "hangzhou-xihu", "facts": {"compute_spend": 1_000_000}}
    result = estimate(profile, on="2025-06-01", data=data)
    item = next(i for i in result["items"] if (i["policy"], i["clause"]) == ("hangzhou-xihu-ai-2025", "2"))
    assert item["application"]["window"] == {"kind": "until_exhausted"}
    assert item["application"]["en"][0].startswith("Until the pool is used up")
    assert "原文：“算力券”发放额满截止。" in item["application"]["zh"]


def test_the_shenzhen_rules_are_paid_after_the_fact(data):
    # 操作规程: "该扶持计划下设十个项目类别,均采用事后奖补类支持方式。" — every clause carries it.
    policy = next(p for p in data["policies"] if p["id"] == "shenzhen-ai-pioneer-rules-2025")
    assert policy["application"]["after_the_fact"] is True
    from policy_explorer.calculator import load_model

    model = load_model(data)
    for clause in policy["clauses"]:
        described = model.clauses[(policy["id"], clause["id"])].application
        assert any(line.startswith("Paid after the fact") for line in described["en"])


def test_a_unit_named_only_as_interpreting_the_text_is_shown_as_such(data):
    # 西湖区: "具体由区经信局、区财政局负责解释。" Its clauses list no responsible unit, so the block named
    # none; it now says who interprets the text (not that they take applications).
    profile = {"jurisdiction": "hangzhou-xihu", "facts": {"compute_spend": 1_000_000}}
    result = estimate(profile, on="2025-06-01", data=data)
    item = next(i for i in result["items"] if (i["policy"], i["clause"]) == ("hangzhou-xihu-ai-2025", "2"))
    assert "负责解释（原文所述）：区经信局、区财政局" in item["application"]["zh"]
    assert (
        "Interpreted by (as the text states): District Bureau of Economy and Information Technology; "
        "District Finance Bureau"
    ) in item["application"]["en"]


def test_every_document_whose_text_names_its_interpreter_records_it(data):
    """Each document whose source says who interprets it (负责解释) records those units, and each unit
    it records stands in that sentence: none is left out, none invented."""
    from pathlib import Path

    sources = Path(__file__).resolve().parent.parent / "policies" / "sources"
    saying = 0
    for policy in data["policies"]:
        seed = (policy.get("source") or {}).get("seed")
        text = (sources / seed).read_text(encoding="utf-8") if seed else ""
        lines_ = [line for line in text.splitlines() if "负责解释" in line]
        units = (policy.get("application") or {}).get("interpreted_by") or []
        assert bool(lines_) == bool(units), policy["id"]
        for unit in units:
            assert any(unit["zh"] in line for line in lines_), (policy["id"], unit)
        saying += bool(lines_)
    assert saying >= 3  # 西湖区, 厦门市, 滨江区 (draft)
