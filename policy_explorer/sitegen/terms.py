"""A benefit's headline terms for tables: its rates, the bases they apply to, and its caps.

The summary sentence in the data says it all in words; these terms make the comparison tables
sortable. They are read from the machine-readable expression, so a rate or cap in a table is the
one the calculator uses. Each term keeps a numeric sort key (the largest rate, the largest cap).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from calculator.formula import CAP_SCOPE
from calculator.money import fmt_cny, fmt_rate, parse_literal

# Operators whose values are amounts paid (not thresholds): where the maximum comes from.
_PAYS = {"pay", "amount", "value", "per"}


@dataclass
class Terms:
    """Rates, bases and caps of one benefit, each as (zh, en) labels, plus sort keys."""

    rates: list[Decimal] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)  # fact ids, in order of appearance
    caps: list[tuple[Decimal, str]] = field(default_factory=list)  # (amount, scope id or "")
    amounts: list[Decimal] = field(default_factory=list)  # fixed / per-unit / stepped amounts

    def rate_label(self) -> str:
        """``50% / 60%``; empty when the benefit has no rate."""
        return " / ".join(fmt_rate(r) for r in sorted(set(self.rates)))

    def cap_label(self, lang: str) -> str:
        """The caps, each with its scope: ``1,000万元（每家企业）``."""
        out = []
        for amount, scope in self.caps:
            label = fmt_cny(amount, lang)
            if scope:
                label += f"（{CAP_SCOPE[scope][0]}）" if lang == "zh" else f" ({CAP_SCOPE[scope][1]})"
            if label not in out:
                out.append(label)
        return "；".join(out) if lang == "zh" else "; ".join(out)

    def amount_label(self, lang: str) -> str:
        """Amounts that are paid outright (fixed rewards, per-unit rates, tier payments)."""
        seen = sorted(set(self.amounts))
        if len(seen) > 3:
            seen = [seen[0], seen[-1]]
            return f"{fmt_cny(seen[0], lang)}–{fmt_cny(seen[1], lang)}"
        return " / ".join(fmt_cny(a, lang) for a in seen)

    @property
    def max_rate(self) -> Decimal | None:
        return max(self.rates, default=None)

    @property
    def max_amount(self) -> Decimal | None:
        """The largest cap, or failing that the largest amount paid: the column's sort key."""
        if self.caps:
            return max(a for a, _ in self.caps)
        return max(self.amounts, default=None)


def _constant(node: Any) -> tuple[Decimal, bool] | None:
    if isinstance(node, bool) or not isinstance(node, (int, str)):
        return None
    try:
        return parse_literal(node)
    except (ArithmeticError, ValueError, TypeError):
        return None


def _walk(node: Any, terms: Terms, role: str) -> None:
    """Collect terms; ``role`` says what a constant here is (``rate``, ``amount`` or ``skip``)."""
    if isinstance(node, list):
        for item in node:
            _walk(item, terms, role)
        return
    if not isinstance(node, dict):
        constant = _constant(node)
        if constant is not None and role != "skip":
            value, is_rate = constant
            if is_rate:
                terms.rates.append(value)
            elif role == "amount" and value:
                terms.amounts.append(value)
        return
    if "fact" in node and len(node) == 1:
        if role != "skip" and node["fact"] not in terms.bases:
            terms.bases.append(node["fact"])
        return
    if "cap" in node:
        for cap in node["cap"]:
            constant = _constant(cap["max"])
            if constant is not None and not constant[1]:
                terms.caps.append((constant[0], cap.get("per", "")))
            else:
                _walk(cap["max"], terms, "amount")
        _walk(node["of"], terms, role)
        return
    if "up_to" in node or "ordinarily" in node:  # "最高X", "原则上不超过X，最高不超过Y": ceilings
        for key in ("up_to", "ordinarily", "at_most"):
            if key not in node:
                continue
            constant = _constant(node[key])
            if constant is not None and not constant[1]:
                terms.caps.append((constant[0], ""))
            else:
                _walk(node[key], terms, role)
        return
    if "per_month" in node:  # "最多1年": the monthly base; the months and their limit are not money
        _walk(node["per_month"], terms, role)
        return
    if "if" in node or "when" in node:
        _walk(node.get("then"), terms, role)
        _walk(node.get("else"), terms, role)
        return
    for key, value in node.items():
        if key in ("from", "above", "every", "top_up_from", "name", "label", "ref"):
            continue
        if key in ("steps", "tiers", "ladder"):
            _walk(value, terms, "base")
        elif key == "rate":
            _walk(value, terms, "rate")
        elif key in _PAYS or key in ("levels", "grades", "sum", "min", "max", "diff", "of", "units"):
            _walk(value, terms, "amount" if key in _PAYS or key in ("grades",) else role)
        else:
            _walk(value, terms, role)


def benefit_terms(benefit: dict[str, Any]) -> Terms:
    """Rates, bases and caps of a benefit (all parts together)."""
    terms = Terms()
    if "amount" in benefit:
        _walk(benefit["amount"], terms, "amount")
    for part in benefit.get("parts") or []:
        _walk(part.get("amount"), terms, "amount")  # a part with no amount stated adds no terms
    return terms
