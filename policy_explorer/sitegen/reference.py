"""Reference amounts for comparison tables: what a clause pays on a typical spend, by the calculator.

For a formula clause whose amount depends on spending (say compute spending), the table shows the
calculator's result for a company (not a start-up) spending each reference amount, so readers
compare outcomes, not only rates and caps, and the share of the spend that result is: the rate that
applies at that base (not every rate the formula holds, such as a start-up's). A clause that reads a
second amount as well, such as Binjiang's domestic compute inside the total (30% / 60%), keeps its
columns: the table's common base takes the reference amount, every other amount is taken as 0, and
the table says so. The numbers come from :func:`policy_explorer.calculator.estimate` itself: the site never
does its own arithmetic beyond the share, amount ÷ spend. Where the amount depends on a yes/no answer
(a rate chosen by a condition, a part behind a gate), it is worked out both ways and shown as the
range between: a row never assumes a condition holds (nor that it fails).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product
from typing import Any

from policy_explorer.calculator import CalculatorError, estimate

from .terms import reads_facts, trivial_gate
from .view import ClauseView, SiteView

REFERENCE_CNY = (1_000_000, 10_000_000)
_MOST_ASKED = 3  # yes/no facts a reference amount is worked out for both ways (2³ estimates at most)


@dataclass
class Reference:
    """One clause's reference results: at each of REFERENCE_CNY, ``(min, max)`` or None."""

    base: str  # the fact that takes the reference amount
    zeros: tuple[str, ...] = ()  # the clause's other amounts, taken as 0 (the table says so)
    amounts: list[tuple[int | None, int] | None] = field(default_factory=list)
    capped: list[bool] = field(default_factory=list)  # whether the amount is one of the clause's caps
    conditional: bool = False  # the amount depends on a yes/no answer: a range over both answers

    def shares(self) -> list[tuple[Decimal | None, Decimal] | None]:
        """Each amount as a share of its spend: the rate that applies at that base."""
        out: list[tuple[Decimal | None, Decimal] | None] = []
        for spend, amount in zip(REFERENCE_CNY, self.amounts, strict=True):
            if amount is None:
                out.append(None)
                continue
            low, high = amount
            out.append((None if low is None else Decimal(low) / spend, Decimal(high) / spend))
        return out


def _cny_bases(clause: ClauseView, view: SiteView) -> list[str] | None:
    """The CNY facts a formula clause reads, or None when it reads any other kind (a count, an area)."""
    if clause.benefit["kind"] != "formula" or not clause.terms.bases:
        return None
    if any(view.facts.get(f, {}).get("unit") != "CNY" for f in clause.terms.bases):
        return None
    return clause.terms.bases


def spend_fact(clause: ClauseView, view: SiteView) -> str | None:
    """The one CNY fact a formula clause's amount depends on, if there is exactly one."""
    bases = _cny_bases(clause, view)
    return bases[0] if bases and len(bases) == 1 else None


def reference_amounts(clauses: list[ClauseView], view: SiteView) -> dict[str, Reference]:
    """``{clause key: Reference}`` for the clauses whose amount follows from spending alone.

    A clause reading one amount takes the reference spend there. One reading several takes it in
    the table's common base (the amount most clauses of the table read alone), the rest as 0. An
    entry's amount is None when the clause does not apply to that spend (a threshold not reached).
    """
    common = Counter(f for c in clauses if (f := spend_fact(c, view))).most_common(1)
    out: dict[str, Reference] = {}
    for clause in clauses:
        bases = _cny_bases(clause, view)
        if not bases:
            continue
        if len(bases) == 1:
            ref = Reference(bases[0])
        elif common and common[0][0] in bases:
            ref = Reference(common[0][0], tuple(f for f in bases if f != common[0][0]))
        else:
            continue
        caps = {int(a) for a, _ in clause.terms.caps}
        answers = _answers(clause, view)
        ref.conditional = len(answers) > 1 or clause.terms.conditional
        for spend in REFERENCE_CNY:
            found = [
                item
                for answer in answers
                if (item := _item(clause, view, {ref.base: spend} | dict.fromkeys(ref.zeros, 0) | answer))
            ]
            if not found:
                ref.amounts.append(None)
                ref.capped.append(False)
                continue
            lows = [i.get("min_cny") for i in found]
            low = None if any(x is None for x in lows) else min(lows)
            if ref.conditional and len(found) < len(answers):  # under some answer the clause pays nothing
                low = 0
            high = max(i["max_cny"] for i in found)
            ref.amounts.append((low, high))
            ref.capped.append(high in caps)
        out[clause.key] = ref
    return out


def _item(clause: ClauseView, view: SiteView, facts: dict[str, Any]) -> dict[str, Any] | None:
    """The calculator's item for the clause, for a company (not a start-up) with these facts."""
    profile = {"jurisdiction": clause.policy.jurisdiction["id"], "startup": False, "facts": facts}
    try:
        result = estimate(profile, on=view.on, data=view.data)
    except CalculatorError:
        return None
    return next(
        (i for i in result["items"] if (i["policy"], i["clause"]) == (clause.policy.id, clause.id)),
        None,
    )


def _answers(clause: ClauseView, view: SiteView) -> list[dict[str, bool]]:
    """Each way of answering the yes/no facts the clause's amount depends on (a rate chosen by a
    condition, a part behind a gate): the table shows the range over them, never assuming one."""
    benefit = clause.benefit
    conds: list[Any] = []
    stack: list[Any] = [benefit.get("amount"), *[p.get("amount") for p in benefit.get("parts") or []]]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "if" in node:
                conds.append(node["if"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    for part in benefit.get("parts") or []:
        reads = reads_facts(part.get("amount"))
        conds.extend(c for c in part.get("when") or [] if not trivial_gate(c, reads))
    asked = sorted(
        f for f in reads_facts(conds) if f != "startup" and view.facts.get(f, {}).get("unit") == "boolean"
    )[:_MOST_ASKED]
    return [dict(zip(asked, values, strict=True)) for values in product((True, False), repeat=len(asked))]
