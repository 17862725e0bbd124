"""A document's own facts: full ids in the compiled data, short names where they are unambiguous."""

from __future__ import annotations

import pytest

from policy_explorer.calculator import CalculatorError
from policy_explorer.calculator.factnames import full_names, qualify_document, short_name

DOC = {
    "id": "city-ai-2026",
    "facts": [
        {"id": "sme", "unit": "boolean"},
        {"id": "sme_spend", "unit": "CNY", "within": "compute_spend"},
        {"id": "sme_compute", "unit": "CNY", "within": "sme_spend"},
    ],
    "clauses": [
        {
            "id": "1",
            "benefit": {
                "when": [{"fact": "sme", "is": True}, {"growth": ["sme_spend", "revenue_prev"], "gt": "20%"}],
                "amount": {"rate": "30%", "of": {"fact": "compute_spend"}},
            },
            "examples": [{"facts": {"sme": True, "compute_spend": 10}, "max_cny": 3}],
        }
    ],
}


def test_a_documents_own_facts_and_references_get_full_ids():
    document, facts = qualify_document(DOC)
    assert [f["id"] for f in facts] == [
        "city-ai-2026.sme",
        "city-ai-2026.sme_spend",
        "city-ai-2026.sme_compute",
    ]
    # `within` a shared fact stays; within its own fact is renamed with it.
    assert [f["within"] for f in facts[1:]] == ["compute_spend", "city-ai-2026.sme_spend"]
    benefit = document["clauses"][0]["benefit"]
    assert benefit["when"][0]["fact"] == "city-ai-2026.sme"
    assert benefit["when"][1]["growth"] == ["city-ai-2026.sme_spend", "revenue_prev"]
    assert benefit["amount"]["of"]["fact"] == "compute_spend"  # a shared fact keeps its id
    assert document["clauses"][0]["examples"][0]["facts"] == {"city-ai-2026.sme": True, "compute_spend": 10}
    assert "facts" not in document and DOC["facts"][0]["id"] == "sme"  # the input is left as it was
    assert short_name("city-ai-2026.sme") == "sme"


FACTS = {
    "compute_spend": {},
    "a-ai-2026.sme": {"defined_in": "a-ai-2026"},
    "b-ai-2026.sme": {"defined_in": "b-ai-2026"},
}
HOMES = {"a-ai-2026": "city-a", "b-ai-2026": "city-b"}


def test_a_short_name_means_the_fact_of_a_document_that_applies_there():
    profile = {"jurisdiction": "city-a", "facts": {"sme": True, "compute_spend": 1}}
    named, given = full_names(profile, FACTS, {"city-a", "country"}, HOMES)
    assert named["facts"] == {"a-ai-2026.sme": True, "compute_spend": 1}
    assert given == {"a-ai-2026.sme": "sme"}
    # In a place neither applies to, the name is left for the profile check to refuse.
    assert full_names(profile, FACTS, {"city-c"}, HOMES)[0]["facts"] == profile["facts"]


def test_a_short_name_two_documents_there_declare_is_refused_with_both_full_ids():
    profile = {"jurisdiction": "x", "facts": {"sme": True}}
    with pytest.raises(CalculatorError, match=r"write it in full, a-ai-2026\.sme or b-ai-2026\.sme") as err:
        full_names(profile, FACTS, {"city-a", "city-b"}, HOMES)
    assert err.value.field == "facts.sme"


@pytest.mark.parametrize("order", [("sme", "a-ai-2026.sme"), ("a-ai-2026.sme", "sme")])
def test_a_fact_given_by_its_short_and_its_full_name_is_refused_naming_both(order):
    # Both names mean the same fact here: one value would silently win over the other.
    profile = {"jurisdiction": "city-a", "facts": {order[0]: True, order[1]: False}}
    with pytest.raises(CalculatorError) as err:
        full_names(profile, FACTS, {"city-a", "country"}, HOMES)
    assert "`sme`" in err.value.message and "`a-ai-2026.sme`" in err.value.message
    assert err.value.field == f"facts.{order[1]}"
