"""The diff model: what moved between two versions of the policy documents, worked out by hand."""

from __future__ import annotations

import copy

from history_demo import NEW_CLAUSE, OTHER, demo, load_text_doc, raised

from policy_explorer.history.diff import ClauseChange, PolicyChange, diff_documents


def test_rate_cap_validity_and_new_clause_worked_out_by_hand():
    old = demo()
    [change] = diff_documents({"demo-2024": old}, {"demo-2024": raised(old)})
    assert (change.policy, change.kind, change.jurisdiction) == ("demo-2024", "changed", "shenzhen")
    assert change.details == [
        {
            "zh": "有效期 2024-12-18–2026-12-17 → 2024-12-18–2027-12-17",
            "en": "validity 2024-12-18–2026-12-17 → 2024-12-18–2027-12-17",
        }
    ]
    assert change.clauses == [
        ClauseChange(
            "1",
            "changed",
            {"zh": "算力补贴", "en": "Compute subsidy"},
            [
                {"zh": "比例 30% → 40%", "en": "rate 30% → 40%"},
                {"zh": "上限 200万元 → 300万元", "en": "cap CNY 2,000,000 → CNY 3,000,000"},
            ],
        ),
        ClauseChange("2", "added", NEW_CLAUSE["title"], [NEW_CLAUSE["benefit"]["summary"]]),
    ]


def test_texts_category_responsible_and_amounts():
    old = demo()
    new = copy.deepcopy(old)
    clause = new["clauses"][0]
    clause["text"]["zh"] += "另行规定。"
    clause["category"] = "compute_subsidy"
    clause["responsible"] = [{"zh": "市科技创新局", "en": "Science Bureau"}]
    clause["benefit"]["amount"] = {"sum": [clause["benefit"]["amount"], {"per": "5万", "units": 2}]}
    [change] = diff_documents({"d": old}, {"d": new})
    assert [d["en"] for d in change.clauses[0].details] == [
        "category compute_voucher → compute_subsidy",
        "original text changed",
        "responsible none → Science Bureau",
        "amount none → CNY 50,000",
    ]
    assert change.clauses[0].details[0]["zh"] == "类别 compute_voucher → compute_subsidy"


def test_other_fields_are_named_in_readers_words():
    """The changes page and the feed are for readers: no internal field names such as `provenance`."""
    old = demo()
    new = copy.deepcopy(old)
    new["provenance"] = [{"zh": "来源已核对", "en": "source checked"}]
    new["clauses"][0]["benefit"]["verify"] = [{"zh": "待核实", "en": "to verify"}]
    new["unheard_of"] = 1
    [change] = diff_documents({"d": old}, {"d": new})
    assert change.details == [
        {"zh": "已修改：来源说明、unheard_of", "en": "changed: notes on the source, unheard_of"}
    ]
    assert change.clauses[0].details == [{"zh": "已修改：待核实事项", "en": "changed: points to verify"}]


def test_same_figures_in_another_spelling_are_no_change_but_other_formulas_are():
    old = demo()
    new = copy.deepcopy(old)
    new["clauses"][0]["benefit"]["amount"]["cap"][0]["max"] = 2_000_000  # "200万" written as yuan
    assert diff_documents({"d": old}, {"d": new}) == []
    new["clauses"][0]["benefit"]["amount"]["of"]["of"] = {"fact": "rent_spend"}
    [change] = diff_documents({"d": old}, {"d": new})
    assert change.clauses[0].details == [
        {
            "zh": "计算公式 30% × compute_spend，上限 200万元（每家企业）"
            " → 30% × rent_spend，上限 200万元（每家企业）",
            "en": "formula 30% × compute_spend, capped at CNY 2,000,000 (per company)"
            " → 30% × rent_spend, capped at CNY 2,000,000 (per company)",
        }
    ]


def test_a_changed_formula_reads_old_to_new_in_the_facts_words():
    """Issue 29: "a changed formula shown old → new". The demo's "按合同金额30%资助，最高200万元" paid
    on compute spending becomes the same share of rent paid: both formulas in words."""
    old = demo()
    new = copy.deepcopy(old)
    new["clauses"][0]["benefit"]["amount"]["of"]["of"] = {"fact": "rent_spend"}
    facts = {
        "compute_spend": {"label": {"zh": "算力服务支出", "en": "Compute spending"}},
        "rent_spend": {"label": {"zh": "实付租金", "en": "Rent paid"}},
    }
    [change] = diff_documents({"d": old}, {"d": new}, facts)
    [detail] = change.clauses[0].details
    assert (
        detail["zh"]
        == "计算公式 30% × 算力服务支出，上限 200万元（每家企业） → 30% × 实付租金，上限 200万元（每家企业）"
    )
    assert detail["en"].startswith("formula 30% × Compute spending, capped at CNY 2,000,000")
    assert detail["en"].endswith("→ 30% × Rent paid, capped at CNY 2,000,000 (per company)")


def test_every_field_of_the_schema_has_reader_words():
    """Issue 29: no "application", "benefit.paid_in", "numbering" on the changes page: each field of
    the document schema is worded by the diff or named in FIELD_NAMES."""
    from policy_explorer.history.diff import BENEFIT_WORDED, CLAUSE_WORDED, DOCUMENT_WORDED, FIELD_NAMES
    from policy_explorer.schema import document_schema

    doc = document_schema()["properties"]
    clause = doc["clauses"]["items"]["properties"]
    benefit = clause["benefit"]["properties"]
    missing = [k for k in doc if k not in DOCUMENT_WORDED | set(FIELD_NAMES)]
    missing += [k for k in clause if k not in CLAUSE_WORDED | set(FIELD_NAMES)]
    missing += [
        f"benefit.{k}" for k in benefit if k not in BENEFIT_WORDED and f"benefit.{k}" not in FIELD_NAMES
    ]
    assert not missing


def test_validity_to_draft_and_explicit_end():
    old = demo()
    new = copy.deepcopy(old)
    new["validity"] = {"draft": True, "years": 3}
    [change] = diff_documents({"d": old}, {"d": new})
    assert change.details == [
        {
            "zh": "有效期 2024-12-18–2026-12-17 → 草案，3年",
            "en": "validity 2024-12-18–2026-12-17 → draft, 3 years",
        }
    ]
    new["validity"] = {"from": "2024-12-18", "to": "2026-12-17"}  # the same term, spelled out
    assert diff_documents({"d": old}, {"d": new}) == []


def test_validity_without_dates_is_worded_never_dated():
    # "本办法自2024年12月18日起施行，长期有效" and "自公布之日起30日后施行" with no publication date.
    old = demo()
    new = copy.deepcopy(old)
    new["validity"] = {"from": "2024-12-18", "until": "open_ended"}
    [change] = diff_documents({"d": old}, {"d": new})
    assert change.details[0]["en"] == "validity 2024-12-18–2026-12-17 → 2024-12-18–until further notice"
    new["validity"] = {"after_publication": {"days": 30}, "until": "not_stated"}
    [change] = diff_documents({"d": old}, {"d": new})
    assert change.details[0]["zh"] == "有效期 2024-12-18–2026-12-17 → 公布后30日–未规定"


def test_added_removed_and_unchanged_documents_sorted_by_id():
    other = load_text_doc(OTHER)
    changes = diff_documents({"b": demo(), "z": other}, {"a": other, "b": demo()})
    assert [(c.policy, c.kind) for c in changes] == [("a", "added"), ("z", "removed")]
    assert changes[0].details == [
        {"zh": "有效期 2023-01-01–2025-12-31", "en": "validity 2023-01-01–2025-12-31"},
        {"zh": "共 0 条条款", "en": "0 clauses"},
    ]
    assert changes[1] == PolicyChange("z", "removed", other["title"], "xiamen", [], [])


def test_removed_clause_keeps_its_place():
    old = raised(demo())
    old["clauses"].append({**NEW_CLAUSE, "id": "3"})
    new = copy.deepcopy(old)
    del new["clauses"][1]
    for clause in new["clauses"]:
        clause["title"] = {"zh": "新标题", "en": clause["title"]["en"]}
    [change] = diff_documents({"d": old}, {"d": new})
    assert [(c.clause, c.kind) for c in change.clauses] == [
        ("1", "changed"),
        ("2", "removed"),
        ("3", "changed"),
    ]
    assert change.clauses[0].details == [{"zh": "标题 算力补贴 → 新标题", "en": "title (Chinese) changed"}]


def test_a_months_limit_is_no_amount():
    """ "最多支持1年" → "最多支持2年": the limit is a number of months, not CNY 12 → CNY 24 (it read
    as an amount before the change feed took its operators from the registry)."""
    old = demo()
    old["clauses"][0]["benefit"]["amount"] = {
        "per_month": "5万",
        "months": {"fact": "months_rented"},
        "at_most_months": 12,
    }
    new = copy.deepcopy(old)
    new["clauses"][0]["benefit"]["amount"]["at_most_months"] = 24
    [change] = diff_documents({"d": old}, {"d": new})
    assert change.clauses[0].details == [{"zh": "计算公式已修改", "en": "formula changed"}]
