"""Checks for the model's richer shapes: ceilings over several claims, part categories, vouchers.

Kept apart from :mod:`policy_explorer.validate` (which calls :func:`check_shapes` once per
document) so that each shape's rules sit together. It imports nothing from the validator: it gets
the document's data, a ``report(where, message)`` callback and the vocabularies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Report = Callable[[tuple, str], None]


def _facts_read(node: Any, where: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(node, dict):
        if isinstance(node.get("fact"), str):
            yield (*where, "fact"), node["fact"]
        for key, value in node.items():
            yield from _facts_read(value, (*where, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _facts_read(value, (*where, i))


def _check_ceiling(rule: dict, where: tuple, doc_id: str, ctx: dict[str, Any], report: Report) -> None:
    kind = rule["kind"]
    if kind == "combined_cap":
        if "max" not in rule:
            report(where, "a `combined_cap` needs `max`: the most the listed claims add up to")
        if not rule.get("over"):
            report(where, "a `combined_cap` needs `over`: the clauses (and parts) it limits together")
        if "per" not in rule:
            report(where, "say what the cap is counted per (`per: enterprise_year`…), or `per: not_stated`")
    elif "max" in rule or "over" in rule:
        report(where, f"`{kind}` takes no `max` or `over`: it limits by the higher levels' own claims")
    if isinstance(rule.get("max"), str) and rule["max"].endswith("%"):
        report(
            (*where, "max"),
            f"`max: {rule['max']}` is a rate; a ceiling is money: write "
            f'`max: {{rate: "{rule["max"]}", of: {{fact: …}}}}` (the share of what)',
        )
    known_facts = ctx.get("facts_of", {}).get(doc_id, ctx["facts"])  # its own facts by short id
    for fact_where, fact in _facts_read(rule.get("max"), (*where, "max")):
        if fact not in known_facts:
            report(fact_where, f"unknown fact `{fact}` in the ceiling's `max`")
    expense = rule.get("expense")
    if expense is not None and expense not in ctx["expenses"]:
        known = ", ".join(sorted(ctx["expenses"]))
        report((*where, "expense"), f"unknown expense `{expense}`; known: {known}")
    for i, target in enumerate(_items(rule.get("over"))):
        if not isinstance(target, dict):
            continue
        key = (target.get("policy", doc_id), target.get("clause"))
        if key not in ctx["clauses"]:
            report((*where, "over", i), f"`over` names {key[0]} clause {key[1]}, which does not exist")
            continue
        part = target.get("part")
        if part is not None and part not in ctx["parts"].get(key, []):
            parts = ", ".join(ctx["parts"].get(key, [])) or "none"
            message = f"{key[0]} clause {key[1]} has no part `{part}`; its parts: {parts}"
            report((*where, "over", i, "part"), message)


def _items(value: Any) -> list:
    """``value`` if it is a list, else none (the schema check reports a wrong type)."""
    return value if isinstance(value, list) else []


def check_shapes(data: dict[str, Any], ctx: dict[str, Any], report: Report) -> None:
    """Report every problem with a document's ceilings, part categories and vouchers."""
    doc_id = data.get("id") if isinstance(data.get("id"), str) else None  # a bad id is reported elsewhere
    for i, rule in enumerate(_items(data.get("general_rules"))):
        if isinstance(rule, dict) and rule.get("kind") in ("combined_cap", "includes_higher_levels"):
            _check_ceiling(rule, ("general_rules", i), doc_id, ctx, report)
    for i, clause in enumerate(_items(data.get("clauses"))):
        if not isinstance(clause, dict) or not isinstance(clause.get("benefit"), dict):
            continue
        benefit = clause["benefit"]
        for j, part in enumerate(benefit.get("parts") or []):
            category = part.get("category") if isinstance(part, dict) else None
            if category is not None and category not in ctx["categories"]:
                report(
                    ("clauses", i, "benefit", "parts", j, "category"),
                    f"unknown category `{category}`; known: {', '.join(ctx['categories'])}",
                )
        named = {p.get("category") for p in benefit.get("parts") or [] if isinstance(p, dict)} - {None}
        if (
            named
            and clause.get("category") not in named | {None}
            and all(isinstance(p, dict) and p.get("category") for p in benefit.get("parts") or [])
        ):
            report(
                ("clauses", i, "category"),
                f"every part names a category, none of them the clause's `{clause.get('category')}`: "
                "give the main programme's part that category (or leave its `category` out)",
            )
        if benefit.get("kind") == "unquantified" and benefit.get("when") == []:
            report(
                ("clauses", i, "benefit", "when"),
                "an empty `when` matches no profile: give the facts the clause reads, or leave `when` out",
            )
        if "paid_in" in benefit and benefit.get("kind") not in ("formula", "fixed", "up_to", "unquantified"):
            report(("clauses", i, "benefit", "paid_in"), "`paid_in` is for money: this benefit pays none")
        known = ctx.get("facts_of", {}).get(doc_id, ctx["facts"])
        _check_durations(benefit, ("clauses", i, "benefit"), known, report)
        if "paid_by" in benefit and benefit.get("kind") not in ("formula", "fixed", "up_to"):
            report(
                ("clauses", i, "benefit", "paid_by"),
                "`paid_by` says whose share an amount is: this benefit states no amount",
            )


def _walk_nodes(node: Any, where: tuple) -> Iterator[tuple[tuple, dict]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk_nodes(value, (*where, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_nodes(value, (*where, i))


# A duration's two operands: the unit each must read, and what to tell an author who gave another.
_DURATION_OPERANDS = (
    ("months", "months", "it must count months (a fact with `unit: months`)"),
    ("per_month", "CNY", "it is the amount spent each month (`unit: CNY`)"),
)


def _check_durations(benefit: dict, where: tuple, facts: dict[str, dict], report: Report) -> None:
    """ "最多1年": ``{per_month: <monthly amount>, months: <months>, at_most_months: 12}`` reads a
    count of months (a fact in months), never an amount, as its ``months``."""
    for at, node in _walk_nodes(benefit, where):
        if "per_month" not in node:
            continue
        for key, wanted, what in _DURATION_OPERANDS:
            operand = node.get(key)
            fact = operand.get("fact") if isinstance(operand, dict) and set(operand) == {"fact"} else None
            unit = facts.get(fact, {}).get("unit") if isinstance(fact, str) else None
            if fact is not None and unit is not None and unit != wanted:
                report((*at, key, "fact"), f"`{key}` reads `{fact}`, a fact in {unit}: {what}")
