"""A clause's benefit, parts and worked examples: their schema fragments and checks."""

from __future__ import annotations

from typing import Any

from policy_explorer.calculator.model import COMPUTABLE

from ..yamlload import Loaded
from .application import application_schema
from .common import _dict, _list, did_you_mean
from .dataset import Dataset
from .facts import _fact_hint
from .fields import AMOUNT, BILINGUAL, CLAUSE_ID, ID, MAX_NUMBER, TEXT
from .formula import _facts_in, _has_up_to, _refs_in


def _check_benefit(ds: Dataset, doc: Loaded, here: tuple, benefit: dict, facts: dict[str, dict]) -> None:
    kind = benefit.get("kind")
    has_amount = "amount" in benefit or "parts" in benefit
    where = (*here, "benefit")
    if "amount" in benefit and "parts" in benefit:
        ds.report(doc, where, "give either `amount` or `parts`, not both")
    if kind in COMPUTABLE and not has_amount:
        ds.report(doc, where, f"a `{kind}` benefit needs an `amount` (or `parts`)")
    if kind in ("unquantified", "non_monetary") and has_amount:
        ds.report(doc, where, f"a `{kind}` benefit has no amount: remove `amount`/`parts` or change `kind`")
    if (
        kind in ("fixed", "up_to")
        and not benefit.get("when")
        and not any(p.get("when") for p in _list(benefit.get("parts")) if isinstance(p, dict))
    ):
        ds.report(
            doc,
            where,
            f"a `{kind}` benefit needs a `when` gate saying when the company qualifies (e.g. a boolean fact)",
        )
    for rel, fact in _facts_in(benefit):
        if fact not in facts:
            ds.report(
                doc,
                (*where, *rel),
                f"unknown fact `{fact}`{_fact_hint(fact, facts)}; "
                "add it to facts.yaml or this file's `facts:`",
            )
    names: list[str] = []
    for i, part in enumerate(_list(benefit.get("parts"))):
        if not isinstance(part, dict):
            continue
        for rel, ref in _refs_in(part):
            if ref not in names:
                ds.report(
                    doc, (*where, "parts", i, *rel), f"`ref: {ref}` must name an earlier part ({names})"
                )
        if part.get("name") in names:
            ds.report(doc, (*where, "parts", i, "name"), f"duplicate part name `{part.get('name')}`")
        names.append(part.get("name"))
    if "amount" in benefit:
        for rel, ref in _refs_in(benefit["amount"]):
            ds.report(doc, (*where, "amount", *rel), f"`ref: {ref}` is only allowed inside `parts`")


# Words that tie an amount to a status someone grants (a project kind, a selection, a rating): such
# a part needs a gate on a fact that says the company has it, or a total would count it for anyone.
STATUS_WORDS = ("入选", "评定", "评选", "遴选", "认定的", "示范项目", "标杆", "揭榜挂帅", "获批", "列入")
STATUS_UNITS = ("boolean", "level", "count")


def _parts_of(benefit: dict) -> list[tuple[tuple, dict]]:
    """(relative path, part) for each part; a single ``amount`` is one part."""
    if "parts" in benefit:
        return [(("parts", i), p) for i, p in enumerate(_list(benefit["parts"])) if isinstance(p, dict)]
    return [((), benefit)] if "amount" in benefit else []


def _part_amount_ok(ds: Dataset, doc: Loaded, at: tuple, part: dict) -> bool:
    """A part states its ``amount``, or says ``no_amount: true`` (listed, never counted); not both.
    False when there is no amount to check further."""
    label = part.get("name") or "part"
    if "amount" in part and part.get("no_amount"):
        ds.report(
            doc,
            (*at, "no_amount"),
            f"part `{label}` has an `amount` and `no_amount: true`: keep `amount` if the text states one, "
            "else remove it",
        )
        return True
    if "amount" not in part:
        if not part.get("no_amount"):
            ds.report(
                doc,
                at,
                f"part `{label}` has no `amount`: write the amount the text states, or `no_amount: true` "
                "where the part applies but the text states none (并推荐申报…)",
            )
        return False
    return True


def _check_parts(
    ds: Dataset, doc: Loaded, here: tuple, clause: dict, facts: dict[str, dict], expenses: set[str]
) -> None:
    """Each monetary part: names its expense, and is gated where it is fixed, "up to" or a status's."""
    benefit = _dict(clause.get("benefit"))
    if benefit.get("kind") not in COMPUTABLE:
        return
    where = (*here, "benefit")
    names = {p.get("name") for _, p in _parts_of(benefit)}
    for name in _list(benefit.get("either")):
        if name not in names:
            ds.report(doc, (*where, "either"), f"`either` names `{name}`, not a part of this benefit")
    conditions = " ".join(_dict(c).get("zh", "") for c in _list(clause.get("conditions")))
    listed = _parts_of(benefit)
    if listed and all(p.get("no_amount") for _, p in listed):
        ds.report(
            doc,
            where,
            "every part says `no_amount: true`: the clause states no amount at all, so write "
            "`kind: unquantified` with its `when` gate instead of parts",
        )
    for rel, part in listed:
        at = (*where, *rel)
        if rel and not _part_amount_ok(ds, doc, at, part):
            continue
        expense = part.get("expense") or benefit.get("expense")
        if expense is None:
            ds.report(
                doc,
                at,
                "name the expense this money pays for (`expense: <id>`, e.g. "
                f"{', '.join(sorted(expenses)[:4])}…) or `expense: reward` if it pays for no spending",
            )
        elif expense != "reward" and expense not in expenses:
            ds.report(
                doc,
                (*at, "expense") if "expense" in part else (*where, "expense"),
                f"unknown expense `{expense}`{did_you_mean(expense, {'reward', *expenses})}; "
                f"known: reward, {', '.join(sorted(expenses))}",
            )
        gates = _list(benefit.get("when")) + _list(part.get("when"))
        amount = part.get("amount")
        gate_units = {_dict(facts.get(f)).get("unit") for _, f in _facts_in(gates)}
        label = part.get("name") or "amount"
        if (not list(_facts_in(amount)) or _has_up_to(amount)) and not gates:
            ds.report(
                doc,
                at,
                f"`{label}` is a fixed or 'up to' amount that no condition gates: add a `when` with the fact "
                "saying the company qualifies",
            )
        text = _dict(part.get("label")).get("zh", "") if rel else conditions
        word = next((w for w in STATUS_WORDS if w in text), None)
        if word is not None and not gate_units.intersection(STATUS_UNITS):
            ds.report(
                doc,
                at,
                f"`{label}`: the text ties it to a status ({word}) but no gate asks for it: add a `when` "
                "with a yes/no (or level) fact for that status",
            )


def _check_examples(ds: Dataset, doc: Loaded, here: tuple, clause: dict, facts: dict[str, dict]) -> None:
    kind = _dict(clause.get("benefit")).get("kind")
    examples = _list(clause.get("examples"))
    if kind in COMPUTABLE and not examples:
        ds.report(
            doc, here, f"clause {clause.get('id')}: a `{kind}` clause needs at least one worked example"
        )
    for j, example in enumerate(examples):
        if not isinstance(example, dict):
            continue
        left_out = _yes_no_left_out(_dict(clause.get("benefit")), set(_dict(example.get("facts"))), facts)
        for name in left_out:
            ds.report(
                doc,
                (*here, "examples", j, "facts"),
                f"clause {clause.get('id')}, example {j + 1} leaves out `{name}`, a yes/no the clause reads: "
                f"state it ({name}: true or false); a fact left out is unknown, not “no”",
            )
        for name, value in _dict(example.get("facts")).items():
            where = (*here, "examples", j, "facts", name)
            fact = facts.get(name)
            if fact is None:
                ds.report(doc, where, f"unknown fact `{name}` in example{_fact_hint(name, facts)}")
            elif (fact.get("unit") == "boolean") != isinstance(value, bool):
                want = "true/false" if fact.get("unit") == "boolean" else "a whole number"
                ds.report(doc, where, f"fact `{name}` takes {want}, got `{value}`")


def _yes_no_left_out(benefit: dict, given: set[str], facts: dict[str, dict]) -> list[str]:
    """The yes/no facts gating a part the example computes (it gives the part's amount facts) that the
    example leaves out. A review outcome (``review: true``) may be left out: it is then assumed."""
    out: set[str] = set()
    top = {f for _, f in _facts_in(_list(benefit.get("when")))}
    for _, part in _parts_of(benefit):
        amount = {f for _, f in _facts_in(part.get("amount"))} - {"startup"}
        if not amount or not amount <= given:
            continue
        gates = top | ({f for _, f in _facts_in(_list(part.get("when")))} if part is not benefit else set())
        out |= {
            f
            for f in gates - given
            if _dict(facts.get(f)).get("unit") == "boolean" and not _dict(facts.get(f)).get("review")
        }
    return sorted(out)


# "市本级按不超过…20%": the amount is this level's share; the other levels' share is not stated.
PAID_BY = {
    "description": "The level whose share the amount is (市本级) and the levels whose share the text "
    "does not state (区、县（市）)",
    "type": "object",
    "required": ["level", "others"],
    "properties": {"level": BILINGUAL, "others": BILINGUAL},
    "additionalProperties": False,
}


def clause_schema() -> dict[str, Any]:
    """A clause: its text, conditions, benefit (its parts), worked examples and application."""
    cond = {"$ref": "#/$defs/condition"}
    expr = {"$ref": "#/$defs/expression"}
    condition_text = {
        "type": "object",
        "required": ["zh", "en"],
        "properties": {"zh": TEXT, "en": TEXT, "verify": {"type": "boolean"}},
        "additionalProperties": False,
    }
    part = {
        "type": "object",
        "required": ["name", "label"],
        "properties": {
            "name": ID,
            "label": BILINGUAL,
            "when": {"type": "array", "items": cond},
            "amount": expr,
            "no_amount": {
                "description": "The part applies but its text states no amount (并推荐申报…): listed, "
                "never counted; instead of `amount`",
                "const": True,
            },
            "expense": ID,
            "category": {
                "description": "The part's own category when one numbered item holds several programmes",
                **ID,
            },
            "paid_in": {
                "description": "This part is paid in vouchers (算力券…) while the others are cash",
                "enum": ["vouchers"],
            },
            "paid_by": PAID_BY,
            "conditions": {
                "description": "Conditions of this part only (a comparison row of the part shows these, "
                "not the clause's)",
                "type": "array",
                "items": condition_text,
            },
        },
        "additionalProperties": False,
    }
    benefit = {
        "type": "object",
        "required": ["kind", "summary"],
        "properties": {
            "kind": {"enum": ["formula", "fixed", "up_to", "unquantified", "non_monetary"]},
            "summary": BILINGUAL,
            "when": {"type": "array", "items": cond},
            "amount": expr,
            "parts": {"type": "array", "items": part, "minItems": 1},
            "expense": ID,
            "either": {"type": "array", "items": ID, "minItems": 2, "uniqueItems": True},
            "paid_to": BILINGUAL,
            "paid_in": {
                "description": "How the money is paid when not in cash: vouchers (算力券, 模型券…)",
                "enum": ["vouchers"],
            },
            "paid_by": PAID_BY,
            "verify": {"type": "array", "items": BILINGUAL},
        },
        "additionalProperties": False,
    }
    example = {
        "type": "object",
        "required": ["name", "facts", "max_cny", "why"],
        "properties": {
            "name": BILINGUAL,
            "startup": {"type": "boolean"},
            "facts": {
                "type": "object",
                "additionalProperties": {"type": ["integer", "boolean"], "maximum": MAX_NUMBER},
            },
            "max_cny": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_NUMBER},
            "min_cny": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_NUMBER},
            "why": TEXT,
        },
        "additionalProperties": False,
    }
    clause = {
        "type": "object",
        "required": ["id", "title", "category", "text", "benefit"],
        "properties": {
            "id": CLAUSE_ID,
            "title": BILINGUAL,
            "category": ID,
            "text": BILINGUAL,
            "responsible": {"type": "array", "items": BILINGUAL},
            "conditions": {"type": "array", "items": condition_text},
            "implements": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["policy", "clause"],
                    "properties": {"policy": ID, "clause": CLAUSE_ID, "part": ID},
                    "additionalProperties": False,
                },
            },
            "budget": {
                "type": "object",
                "required": ["amount", "per"],
                "properties": {
                    "amount": AMOUNT,
                    "per": {
                        "description": "year (每年), total (总额), not_stated (no period given)",
                        "enum": ["year", "total", "not_stated"],
                    },
                },
                "additionalProperties": False,
            },
            "benefit": benefit,
            "examples": {"type": "array", "items": example},
            "application": application_schema(),
            "diverges": {
                "description": "Where text.zh is not verbatim in the normalized source: each span as "
                "the source reads it, as this text reads it, and why (shown to readers)",
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["source", "text", "why"],
                    "properties": {"source": {"type": "string"}, "text": TEXT, "why": BILINGUAL},
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    }
    return clause
