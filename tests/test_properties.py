"""Property tests: random profiles against invariants any reading of the texts must keep."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from conftest import POLICIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_explorer import calculator
from policy_explorer.calculator.money import parse_literal
from policy_explorer.compile import compile_policies

DATA = compile_policies(POLICIES)
FACTS = [f for f in DATA["facts"] if f["id"] != "startup"]
JURISDICTIONS = [j["id"] for j in DATA["jurisdictions"]]
CLAUSES = {(p["id"], c["id"]): c for p in DATA["policies"] for c in p["clauses"]}
# Money the company spends. Not national funding: rules (三) "政府总资助额不超过项目总投入的50%" counts it
# against the same cap, so more of it rightly lowers the city's share (project 2, national 1 → city 0).
SPENDS = [
    f["id"]
    for f in FACTS
    if f["unit"] == "CNY"
    and not f["id"].endswith("_prev")
    and "within" not in f
    and f["id"] != "national_funding"
]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _value(fact: dict) -> st.SearchStrategy:
    unit = fact["unit"]
    if unit == "boolean":
        return st.booleans()
    if unit == "level":
        return st.sampled_from([0] + [c["value"] for c in fact["choices"]])
    top = {"CNY": 5 * 10**9, "count": 30, "months": 12, "m2": 50_000}[unit]
    return st.integers(min_value=0, max_value=min(top, fact.get("max", top)))


@st.composite
def profiles(draw):
    chosen = draw(st.lists(st.sampled_from(FACTS), max_size=14, unique_by=lambda f: f["id"]))
    facts = {f["id"]: draw(_value(f)) for f in chosen}
    if "compute_spend_domestic" in facts:
        facts["compute_spend_domestic"] = min(facts["compute_spend_domestic"], facts.get("compute_spend", 0))
        facts.setdefault("compute_spend", facts["compute_spend_domestic"])
    profile = {
        "jurisdiction": draw(st.sampled_from(JURISDICTIONS)),
        "startup": draw(st.booleans()),
        "facts": facts,
    }
    on = draw(st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2029, 12, 31)))
    return profile, on


def static_bound(node) -> Decimal | None:
    """The most an expression can ever give, from the caps the text states (None if unbounded)."""
    if isinstance(node, (int, str)):
        return parse_literal(node)[0]
    op = next(iter(node))
    if op == "cap":
        caps = [static_bound(c["max"]) for c in node["cap"]]
        known = [c for c in [*caps, static_bound(node["of"])] if c is not None]
        return min(known) if known else None
    if op in ("up_to",):
        return static_bound(node["up_to"])
    if op in ("grades", "max", "sum"):
        parts = [static_bound(n) for n in node[op]]
        if any(p is None for p in parts):
            return None
        return sum(parts) if op == "sum" else max(parts)
    if op == "min":
        known = [b for b in (static_bound(n) for n in node["min"]) if b is not None]
        return min(known) if known else None
    if op == "if":
        a, b = static_bound(node["then"]), static_bound(node.get("else", 0))
        return None if a is None or b is None else max(a, b)
    if op == "tiers":
        parts = [static_bound(lv["value"]) for lv in node["levels"]]
        return None if any(p is None for p in parts) else max(parts)
    if op == "ladder":
        return max(parse_literal(lv["amount"])[0] for lv in node["levels"])
    return None


def clause_bound(clause: dict) -> Decimal | None:
    benefit = clause["benefit"]
    parts = benefit.get("parts") or [{"amount": benefit.get("amount", 0)}]
    bounds = [static_bound(p["amount"]) for p in parts]
    return None if any(b is None for b in bounds) else sum(bounds)


@SETTINGS
@given(profiles())
def test_amounts_are_sane_and_totals_add_up(case):
    profile, on = case
    result = calculator.estimate(profile, on=on, data=DATA)
    for item in result["items"]:
        assert item["max_cny"] >= 0
        assert item["min_cny"] is None or 0 <= item["min_cny"] <= item["max_cny"]
        bound = clause_bound(CLAUSES[(item["policy"], item["clause"])])
        assert bound is None or item["max_cny"] <= bound, (item["policy"], item["clause"], bound)
        if item["counted"]:
            assert item["status"] in ("in_force", "start_unknown")
    assert result["total_max_cny"] == sum(i["counted_max_cny"] for i in result["items"])
    assert all(i["counted_max_cny"] <= i["max_cny"] for i in result["items"])
    assert 0 <= result["total_conservative_cny"] <= result["total_max_cny"]
    chain = set(result["jurisdictions"])
    assert all(i["jurisdiction"] in chain for i in result["items"])


def _values(result) -> dict:
    out = {(i["policy"], i["clause"]): i["max_cny"] for i in result["items"]}
    out.update({(e["policy"], e["clause"]): 0 for e in result["ineligible"]})
    return out


@SETTINGS
@given(profiles(), st.sampled_from(SPENDS), st.integers(min_value=1, max_value=10**9))
def test_more_spending_never_lowers_a_claim(case, fact, extra):
    profile, on = case
    before = _values(calculator.estimate(profile, on=on, data=DATA))
    richer = {**profile, "facts": {**profile["facts"], fact: profile["facts"].get(fact, 0) + extra}}
    after = _values(calculator.estimate(richer, on=on, data=DATA))
    for key, value in before.items():
        if key in after:
            assert after[key] >= value, (key, fact, value, after[key])


BOOLEANS = [f["id"] for f in FACTS if f["unit"] == "boolean"]
MODEL = calculator.load_model(DATA)


@SETTINGS
@given(profiles())
def test_conservative_counts_each_expense_once(case):
    """Conservative ≤ max, and in it no expense is paid by two claims (rewards may add up)."""
    profile, on = case
    result = calculator.estimate(profile, on=on, data=DATA)
    assert result["total_conservative_cny"] <= result["total_max_cny"]
    payers: dict[str, set] = {}
    total = 0
    for item in result["items"]:
        for part in item["parts"]:
            if part["conservative"]:
                assert (
                    not part["assumed"]
                    and not part[
                        "conservative_alternative" if "conservative_alternative" in part else "alternative"
                    ]
                )
                assert item["status"] in ("in_force", "start_unknown")
                total += part["max_cny"] if part["min_cny"] is None else part["min_cny"]
                if part["expense"] != "reward":
                    payers.setdefault(part["expense"], set()).add((item["policy"], item["clause"]))
    assert total == result["total_conservative_cny"]
    assert all(len(items) == 1 for items in payers.values()), payers


@SETTINGS
@given(profiles())
def test_an_implemented_measure_never_exceeds_its_rule(case):
    """Where the operating rule computes, the measure it implements pays no more than the rule gives.

    AUTHORING.md: "An operating rule with no amount that `implements` a measure leaves the measure's
    own amount standing", so a rule that states no amount bounds nothing.
    """
    profile, on = case
    result = calculator.estimate(profile, on=on, data=DATA)
    items = {(i["policy"], i["clause"]): i for i in result["items"]}
    for key, rule in items.items():
        if rule.get("no_amount"):
            continue
        for policy, clause, part in MODEL.clauses[key].implements:
            measure = items.get((policy, clause))
            if measure is None or "in_force" not in (measure["status"], rule["status"]):
                continue
            if measure["status"] != "in_force" or rule["status"] != "in_force":
                continue
            paid = [p for p in measure["parts"] if part in (None, p["name"]) and not p["alternative"]]
            assert all(p["max_cny"] <= rule["max_cny"] for p in paid), (
                key,
                measure["parts"],
                rule["max_cny"],
            )
            assert not rule["counted"]


@SETTINGS
@given(profiles(), st.sampled_from(BOOLEANS))
def test_saying_yes_to_an_unknown_condition_never_removes_an_item(case, fact):
    profile, on = case
    if fact in profile["facts"]:
        return
    before = calculator.estimate(profile, on=on, data=DATA)
    after = calculator.estimate({**profile, "facts": {**profile["facts"], fact: True}}, on=on, data=DATA)
    keys = {(i["policy"], i["clause"]) for i in after["items"]}
    assert {(i["policy"], i["clause"]) for i in before["items"]} <= keys, fact
    everything = " ".join(" ".join(i["explain"]["en"]) for i in before["items"])
    everything += " ".join(" ".join(e["why"]["en"]) for e in before["ineligible"])
    label = next(f["label"]["en"] for f in FACTS if f["id"] == fact)
    assert f"{label}: no ✗" not in everything  # a fact not given is never shown as "no"


# Issue 28: the conservative total is what a cautious company budgets with. It counts only what the
# profile confirms, so learning more can only confirm more; the maximum and both totals never fall
# when the reader enters one more of something the texts pay per unit.
def _totals(profile: dict, on: dt.date) -> tuple[int, int]:
    result = calculator.estimate(profile, on=on, data=DATA)
    return result["total_max_cny"], result["total_conservative_cny"]


def _with(profile: dict, fact: str, value) -> dict:
    return {**profile, "facts": {**profile["facts"], fact: value}}


@SETTINGS
@given(profiles(), st.sampled_from(BOOLEANS))
def test_an_unanswered_condition_never_adds_to_the_conservative_total(case, fact):
    """Answered either way, a condition left blank confirms at least as much: yes never lowers the
    conservative total, and an assumed condition never added to it."""
    profile, on = case
    if fact in profile["facts"]:
        profile = {**profile, "facts": {k: v for k, v in profile["facts"].items() if k != fact}}
    _, blank = _totals(profile, on)
    for value in (True, False):
        _, answered = _totals(_with(profile, fact, value), on)
        assert answered >= blank, (fact, value, blank, answered)


COUNTS = [f["id"] for f in FACTS if f["unit"] == "count"]


@SETTINGS
@given(profiles(), st.sampled_from(COUNTS))
def test_one_more_count_never_lowers_either_total(case, fact):
    profile, on = case
    now = profile["facts"].get(fact, 0)
    cap = next(f for f in FACTS if f["id"] == fact).get("max", 30)
    if now >= cap:
        return
    before = _totals(_with(profile, fact, now), on)
    after = _totals(_with(profile, fact, now + 1), on)
    assert after[0] >= before[0] and after[1] >= before[1], (fact, now, before, after)


@SETTINGS
@given(profiles(), st.sampled_from(COUNTS))
def test_a_count_entered_never_lowers_the_conservative_total(case, fact):
    """A count left blank in a sum is a floor of 0: entering it (any value) confirms no less."""
    profile, on = case
    if fact in profile["facts"]:
        profile = {**profile, "facts": {k: v for k, v in profile["facts"].items() if k != fact}}
    _, blank = _totals(profile, on)
    for value in (0, 1, 3):
        _, entered = _totals(_with(profile, fact, value), on)
        assert entered >= blank, (fact, value, blank, entered)


SCHEMA = POLICIES / "schema" / "estimate.schema.json"


@given(profiles())
@SETTINGS
def test_why_not_covers_every_clause_that_gives_nothing_and_keeps_its_schema(case):
    import json

    import jsonschema

    profile, on = case
    result = calculator.estimate(profile, on=on, data=DATA, explained=True)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(
        json.loads(json.dumps(result))
    )
    listed = {(w["policy"], w["clause"]): w for w in result["why_not"]}
    items = {(i["policy"], i["clause"]) for i in result["items"]}
    for entry in result["needs"] + result["ineligible"]:
        key = (entry["policy"], entry["clause"])
        assert key in items or key in listed, key
    for key, w in listed.items():
        if w["outcome"] == "failed":
            assert any(r["state"] == "failed" for r in w["reasons"]), w
        if w["outcome"] == "unknown":  # asks only for facts not given
            asked = {f["fact"] for r in w["reasons"] if r["state"] == "unknown" for f in r["facts"]}
            assert asked - set(profile["facts"]) - {"startup"}, w
        assert key not in items or w["outcome"] == "not_in_force"
