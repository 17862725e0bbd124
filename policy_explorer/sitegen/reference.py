"""Reference amounts for comparison tables: what a clause pays on a typical spend, by the calculator.

For a formula clause whose amount depends on one spending fact (say compute spending), the table
shows the calculator's result for a company (not a start-up) spending each reference amount, so
readers compare outcomes, not only rates and caps. The numbers come from :func:`calculator.estimate`
itself: the site never does its own arithmetic.
"""

from __future__ import annotations

from typing import Any

from calculator import CalculatorError, estimate

from .view import ClauseView, SiteView

REFERENCE_CNY = (1_000_000, 10_000_000)


def spend_fact(clause: ClauseView, view: SiteView) -> str | None:
    """The one CNY fact a formula clause's amount depends on, if there is exactly one."""
    if clause.benefit["kind"] != "formula":
        return None
    cny = [f for f in clause.terms.bases if view.facts.get(f, {}).get("unit") == "CNY"]
    return cny[0] if len(cny) == 1 and len(clause.terms.bases) == 1 else None


def reference_amounts(
    clauses: list[ClauseView], view: SiteView
) -> dict[str, list[tuple[int | None, int] | None]]:
    """``{clause key: [(min, max) at each REFERENCE_CNY]}`` for clauses with one spending fact.

    ``min`` is None when the text states only a maximum; an entry is None when the clause does not
    apply to that spend (a threshold not reached).
    """
    wanted: dict[tuple[str, str], list[ClauseView]] = {}
    for clause in clauses:
        fact = spend_fact(clause, view)
        if fact:
            wanted.setdefault((clause.policy.jurisdiction["id"], fact), []).append(clause)
    out: dict[str, list[tuple[int | None, int] | None]] = {}
    for (jurisdiction, fact), group in wanted.items():
        for clause in group:
            out[clause.key] = []
        for spend in REFERENCE_CNY:
            profile: dict[str, Any] = {"jurisdiction": jurisdiction, "startup": False, "facts": {fact: spend}}
            try:
                result = estimate(profile, on=view.on, data=view.data)
            except CalculatorError:
                result = {"items": []}
            found = {(i["policy"], i["clause"]): i for i in result["items"]}
            for clause in group:
                item = found.get((clause.policy.id, clause.id))
                out[clause.key].append((item.get("min_cny"), item["max_cny"]) if item else None)
    return out
