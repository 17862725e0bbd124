"""The estimate's declared shape (policy_explorer.calculator.result): every estimate, item and part has
exactly the keys the TypedDicts declare, each required key present, so a key added or renamed by one module
and not declared (or read by its English text) shows here."""

from __future__ import annotations

import typing

import pytest

from policy_explorer.calculator import estimate
from policy_explorer.calculator.result import Estimate, Ineligible, Item, Needs, Pair, Part, PolicyState
from policy_explorer.calculator.stacking import SET_BY_AUTHORITY


def _keys_fit(record: dict, shape: type, what: str) -> None:
    declared = set(typing.get_type_hints(shape))
    assert set(record) <= declared, f"{what}: keys not declared in {shape.__name__}: {set(record) - declared}"
    missing = set(shape.__required_keys__) - set(record)
    assert not missing, f"{what}: required keys of {shape.__name__} missing: {missing}"


def _profile(model, jurisdiction: str) -> dict:
    """Every fact given: yes, the highest level, CNY 5,000,000, or a small count within its bounds."""
    facts = {}
    for fid, fact in model.facts.items():
        if fact["unit"] == "boolean":
            facts[fid] = True
        elif fact["unit"] == "level" and fact.get("choices"):
            facts[fid] = fact["choices"][-1]["value"]
        else:
            facts[fid] = 5_000_000 if fact["unit"] == "CNY" else min(5, fact.get("max", 5))
    return {"jurisdiction": jurisdiction, "facts": facts}


@pytest.mark.parametrize("explained", [False, True])
def test_every_estimate_has_the_declared_shape(data, model, explained):
    seen_items = 0
    for jurisdiction in model.jurisdictions:
        for profile in (_profile(model, jurisdiction), {"jurisdiction": jurisdiction, "facts": {}}):
            result = estimate(profile, "2025-06-01", data=data, explained=explained)
            _keys_fit(result, Estimate, jurisdiction)
            assert ("why_not" in result) is explained
            for entry in result["needs"]:
                _keys_fit(entry, Needs, "needs")
            for entry in result["ineligible"]:
                _keys_fit(entry, Ineligible, "ineligible")
            for entry in result["policies"]:
                _keys_fit(entry, PolicyState, "policies")
            for item in result["items"]:
                seen_items += 1
                where = f"{item['policy']} {item['clause']}"
                _keys_fit(item, Item, where)
                assert "ends" in item and "days_left" in item  # set for every item before it is returned
                for part in item["parts"]:
                    _keys_fit(part, Part, f"{where} part {part['name']}")
                for text in (item["title"], *item["verify"], *item["assumed"]):
                    _keys_fit(text, Pair, where)
    assert seen_items  # the corpus has clauses that apply to a profile giving every fact


def test_the_amount_set_by_the_authority_is_said_once_and_never_for_a_clause_with_no_amount(data, model):
    """ "具体金额由主管部门核定" is added where the text states no lower figure, matched as the whole
    entry (not by its English wording), once per item; a clause with no amount stated drops it."""
    said = {"zh": SET_BY_AUTHORITY[0], "en": SET_BY_AUTHORITY[1]}
    for jurisdiction in model.jurisdictions:
        for item in estimate(_profile(model, jurisdiction), "2025-06-01", data=data)["items"]:
            assert item["verify"].count(said) <= 1
            if item["min_cny"] is None and not item.get("no_amount"):
                assert said in item["verify"]
