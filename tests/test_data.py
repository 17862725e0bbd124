"""The policy data against its contract: coverage, ids, fidelity, dates and worked examples."""

from __future__ import annotations

import pytest
from conftest import POLICIES

from calculator.examples import cases, check

# Clause ids as numbered in each source (counted from the seeds by hand; see the issue).
EXPECTED_CLAUSES = {
    "shenzhen-ai-pioneer-measures-2024": [str(i) for i in range(1, 19)],
    "shenzhen-ai-pioneer-rules-2025": [str(i) for i in range(1, 11)],
    "shenzhen-futian-ai-2024": [
        "1.1",
        "1.2",
        "2",
        "3.1",
        "3.2",
        "3.3",
        "4.1",
        "4.2",
        "4.3",
        "5.1",
        "5.2",
        "6.1",
        "6.2",
        "7",
        "8",
        "9.1",
        "9.2",
        "10",
        "11",
        "12",
        "13",
    ],
    "shenzhen-longhua-ai-robotics-2025": [str(i) for i in range(4, 15)],
    "shenzhen-longgang-ai-2025": [str(i) for i in range(1, 17)],
    "shenzhen-qianhai-ai-2024": [str(i) for i in range(1, 17)],
    "shenzhen-nanshan-ai-draft": ["1", "2", "3", "4"],
    "shenzhen-baoan-ai-manufacturing-draft": ["1", "2", "3"],
    "hangzhou-binjiang-ai-draft": [str(i) for i in range(1, 23)],
    "xiamen-ai-2023": [str(i) for i in range(1, 20)],
    "hangzhou-xihu-ai-2025": [str(i) for i in range(1, 13)],
}

JURISDICTIONS = [
    "china",
    "guangdong",
    "shenzhen",
    "shenzhen-futian",
    "shenzhen-nanshan",
    "shenzhen-longhua",
    "shenzhen-longgang",
    "shenzhen-baoan",
    "shenzhen-qianhai",
    "zhejiang",
    "hangzhou",
    "hangzhou-xihu",
    "hangzhou-binjiang",
    "fujian",
    "xiamen",
]
CONTRACT_FACTS = [
    "compute_spend",
    "compute_spend_domestic",
    "corpus_spend",
    "model_spend",
    "application_investment",
    "rd_spend",
    "rd_spend_prev",
    "revenue",
    "revenue_prev",
    "office_area_m2",
    "rent_paid",
    "rent_months",
    "event_spend",
    "models_filed",
    "algorithms_filed",
    "financing_round",
    "national_funding",
    "project_investment",
    "startup",
]

# Validity as the texts state it; the last days of terms given in years follow the term rule.
VALIDITY = {
    "shenzhen-ai-pioneer-measures-2024": ("2024-12-18", "2026-12-17"),  # 2 years from 2024-12-18
    "shenzhen-ai-pioneer-rules-2025": ("2025-03-18", "2027-06-30"),
    "shenzhen-futian-ai-2024": ("2024-11-01", "2027-12-31"),
    "shenzhen-longhua-ai-robotics-2025": ("2025-01-01", "2027-12-31"),  # 3 years from 2025-01-01
    "shenzhen-longgang-ai-2025": ("2025-01-10", "2028-01-09"),  # 3 years from 2025-01-10
    "shenzhen-qianhai-ai-2024": ("2024-09-14", "2027-09-13"),  # 3 years from 2024-09-14
    "xiamen-ai-2023": ("2023-10-10", "2025-12-31"),
    "hangzhou-xihu-ai-2025": ("2025-04-13", "2028-04-12"),
}
DRAFTS = {"shenzhen-nanshan-ai-draft", "shenzhen-baoan-ai-manufacturing-draft", "hangzhou-binjiang-ai-draft"}


def test_every_document_has_exactly_its_clauses(data):
    got = {p["id"]: [c["id"] for c in p["clauses"]] for p in data["policies"]}
    assert got == EXPECTED_CLAUSES
    assert sum(len(v) for v in got.values()) == 152


def test_each_document_sits_in_its_file(data):
    for policy in data["policies"]:
        assert policy["file"] == f"policies/documents/{policy['id']}.yaml"


def test_contract_ids_exist(data):
    assert [j["id"] for j in data["jurisdictions"]] == JURISDICTIONS
    facts = {f["id"] for f in data["facts"]}
    assert set(CONTRACT_FACTS) <= facts


def test_clause_text_is_verbatim_in_its_source(data):
    for policy in data["policies"]:
        source = (POLICIES / "sources" / policy["source"]["seed"]).read_text(encoding="utf-8")
        for clause in policy["clauses"]:
            assert clause["text"]["zh"] in source, (policy["id"], clause["id"])


def test_no_pinyin_or_traditional_left_in_normalized_clauses(data):
    for policy in data["policies"]:
        for clause in policy["clauses"]:
            text = clause["text"]["zh"]
            assert "ǎ" not in text and "ì" not in text and "ù" not in text, (policy["id"], clause["id"])
            for traditional in "發產業範圍權條數據這門廣為區":
                assert traditional not in text, (policy["id"], clause["id"], traditional)


def test_validity_dates(data):
    for policy in data["policies"]:
        validity = policy["validity"]
        if policy["id"] in DRAFTS:
            assert validity.get("draft") is True
            assert policy["kind"] == "draft"
        else:
            assert (validity["from"], validity["to"]) == VALIDITY[policy["id"]]


def test_operating_rules_implement_the_measures(data):
    rules = next(p for p in data["policies"] if p["id"] == "shenzhen-ai-pioneer-rules-2025")
    links = {c["id"]: [(i["policy"], i["clause"]) for i in c.get("implements", [])] for c in rules["clauses"]}
    expected = {
        "1": "4",
        "2": "5",
        "3": "9",
        "4": "10",
        "5": "11",
        "6": "18",
        "7": "7",
        "8": "8",
        "9": "12",
        "10": "14",
    }
    assert links == {k: [("shenzhen-ai-pioneer-measures-2024", v)] for k, v in expected.items()}


def test_binjiang_attribution_is_marked_as_inference(data):
    policy = next(p for p in data["policies"] if p["id"] == "hangzhou-binjiang-ai-draft")
    notes = " ".join(n["zh"] + n["en"] for n in policy["provenance"])
    assert "来滨" in notes and "5050" in notes and "infer" in notes.lower()


def test_xihu_restoration_is_recorded(data):
    policy = next(p for p in data["policies"] if p["id"] == "hangzhou-xihu-ai-2025")
    item2 = next(c for c in policy["clauses"] if c["id"] == "2")
    assert item2["text"]["zh"].endswith("“算力券”发放额满截止。")
    assert any("算力券" in n["zh"] for n in policy["provenance"])


def test_every_computable_clause_has_a_worked_example(data):
    for policy in data["policies"]:
        for clause in policy["clauses"]:
            if clause["benefit"]["kind"] in ("formula", "fixed", "up_to"):
                assert clause.get("examples"), (policy["id"], clause["id"])


def _cases():
    from policy_explorer.compile import compile_policies

    return compile_policies(POLICIES), cases(compile_policies(POLICIES))


_DATA, _CASES = _cases()


@pytest.mark.parametrize("case", _CASES, ids=[c.name for c in _CASES])
def test_worked_example(case):
    assert check(case, _DATA) is None
