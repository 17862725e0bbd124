"""A benefit's headline terms: its rates, the bases they apply to, its caps and the amounts it pays.

One summary for every reader: policy pages, jurisdiction pages, comparison tables and open data all
read these terms. They come from the machine-readable expression, so a rate or cap shown is the one
the calculator uses, and each keeps what it depends on:

- a rate (or amount) that depends on a condition is shown with that condition (``60%（初创企业：是）；
  否则50%``), never as if the condition held; a part of a clause is named by its label;
- only a cap (``cap``, and a cap the clause shares with other parts or clauses) is called a cap; an
  "up to" amount (最高) and an amount paid outright are shown as what they are.

Each term keeps a numeric sort key (the largest rate, the largest amount).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from policy_explorer.calculator.formula import CAP_SCOPE, Context, compile_cond, operator_of, require
from policy_explorer.calculator.money import fmt_cny, fmt_rate, parse_literal
from policy_explorer.calculator.operators import UnhandledOperator

Text = tuple[str, str]  # (zh, en)

# Operators whose values are amounts paid (not thresholds): where the maximum comes from.
_PAYS = {"pay", "amount", "value", "per"}


@dataclass(frozen=True)
class Term:
    """One rate, cap or amount, and what it depends on."""

    kind: str  # rate, cap, up_to, amount
    value: Decimal
    part: Text | None = None  # the part's label, where the clause has several parts
    when: tuple[Text, ...] = ()  # the conditions it applies under, in words
    otherwise: bool = False  # the "else" of a condition: applies when the condition does not hold
    per: str = ""  # a cap's scope (CAP_SCOPE id)
    together: tuple[Text, ...] = ()  # a shared cap: what it is counted over


class _Meta(dict):
    """The facts' vocabulary; a fact it lacks is named by its id (a summary never fails on a label)."""

    def __missing__(self, name: str) -> dict[str, Any]:
        return {"unit": "", "label": {"zh": name, "en": name}}


def condition_text(node: dict[str, Any], facts: dict[str, dict[str, Any]]) -> Text:
    """A gate in words, as the calculator writes it when the fact is not given (``初创企业：是``)."""
    meta = _Meta(facts)
    return compile_cond(node, meta)(Context({}, meta)).text


def trivial_gate(cond: dict[str, Any], reads: set[str]) -> bool:
    """A gate that only says the amount's own base is there (``compute_spend > 0``): not a condition
    a reader needs named next to the rate."""
    if cond.get("fact") not in reads:
        return False
    return cond.get("gt") == 0 or cond.get("gte") == 1


@dataclass
class Terms:
    """Rates, bases, caps and amounts of one benefit, each with what it depends on, plus sort keys."""

    terms: list[Term] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)  # fact ids, in order of appearance

    @property
    def rates(self) -> list[Decimal]:
        return [t.value for t in self.terms if t.kind == "rate"]

    @property
    def caps(self) -> list[tuple[Decimal, str]]:
        """Caps only (own and shared), as (amount, scope id): never an "up to" or a fixed amount."""
        return [(t.value, t.per) for t in self.terms if t.kind == "cap"]

    @property
    def ceilings(self) -> list[Decimal]:
        """Amounts the text states only as a maximum (最高X): not caps on a computed amount."""
        return [t.value for t in self.terms if t.kind == "up_to"]

    @property
    def amounts(self) -> list[Decimal]:
        """Amounts paid outright (fixed rewards, per-unit amounts, tier payments)."""
        return [t.value for t in self.terms if t.kind == "amount"]

    def _label(self, kind: str, lang: str) -> str:
        """The terms of one kind as one label (:meth:`_alternatives` joined)."""
        return _joined(self._alternatives(kind, lang), lang)

    def _alternatives(self, kind: str, lang: str) -> list[str]:
        """The terms of one kind, grouped by part and condition, in the order the text gives them: one
        entry per alternative (a part, a condition, "otherwise")."""
        groups: dict[tuple, list[Term]] = {}
        for term in self.terms:
            if term.kind != kind:
                continue
            # A part's cap is named with the part; its gates are said once, with its rate or amount.
            when, otherwise = ((), False) if kind == "cap" and term.part else (term.when, term.otherwise)
            groups.setdefault((term.part, when, otherwise, term.together), []).append(term)
        zh = lang == "zh"
        out = []
        for (part, when, otherwise, together), terms in groups.items():
            values: list[str] = []
            for term in sorted(terms, key=lambda t: t.value):
                shown = _value(term, lang)
                if shown not in values:
                    values.append(shown)
            text = " / ".join(values)
            if otherwise:
                text = ("否则" if zh else "otherwise ") + text
            if part:
                text = f"{part[0 if zh else 1]} {text}"
            notes = [w[0 if zh else 1] for w in when]
            if together:
                names = [t[0 if zh else 1] for t in together]
                joined = (
                    "、".join(names)
                    if zh
                    else " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
                )
                scope = CAP_SCOPE[terms[0].per][0 if zh else 1] if terms[0].per else ""
                notes[0:0] = [s for s in (scope, joined + ("合计" if zh else " together")) if s]
            if notes:
                text += f"（{'；'.join(notes)}）" if zh else f" ({'; '.join(notes)})"
            if text not in out:
                out.append(text)
        return out

    def rate_label(self, lang: str = "en") -> str:
        """``50% / 60%``, or each alternative with its condition; empty when there is no rate."""
        return _joined(self.rate_labels(lang), lang)

    def rate_labels(self, lang: str = "en") -> list[str]:
        """The rate's alternatives, each with its condition (a comparison table folds them)."""
        return self._alternatives("rate", lang)

    def cap_label(self, lang: str) -> str:
        """The caps, each with its scope: ``1,000万元（每家企业）``; shared caps say what they are over."""
        return _joined(self._caps(lang), lang)

    def _caps(self, lang: str) -> list[str]:
        return self._alternatives("cap", lang) + self._alternatives("share_cap", lang)

    def amount_label(self, lang: str) -> str:
        """What is paid that is not a rate: "up to" amounts (最高X) and amounts paid outright."""
        out = []
        if self.ceilings:
            out.append(("最高" if lang == "zh" else "up to ") + self._label("up_to", lang))
        if self.amounts:
            out.append(self._label("amount", lang))
        return _joined(out, lang)

    def money_label(self, lang: str) -> str:
        """Caps and amounts together, each named as what it is (``上限 …；最高 …``)."""
        return _joined(self.money_labels(lang), lang)

    def money_labels(self, lang: str) -> list[str]:
        """:meth:`money_label`'s alternatives: caps, "up to" amounts and amounts, the first of each
        kind named (``上限 A``, ``B``, ``最高 C``): a comparison table folds them."""
        zh = lang == "zh"
        out: list[str] = []
        for items, name in (
            (self._caps(lang), "上限 " if zh else "cap "),
            (self._alternatives("up_to", lang) if self.ceilings else [], "最高" if zh else "up to "),
            (self._alternatives("amount", lang) if self.amounts else [], "金额 " if zh else "amount "),
        ):
            if items:
                out += [name + items[0], *items[1:]]
        return out

    def headline(self, lang: str) -> str:
        """The one-line summary: rates, then caps and amounts."""
        parts = [p for p in (self.rate_label(lang), self.money_label(lang)) if p]
        return " · ".join(parts)

    @property
    def conditional(self) -> bool:
        """Whether a rate or amount depends on a condition (a comparison row then names each)."""
        return any(t.when or t.otherwise for t in self.terms)

    @property
    def max_rate(self) -> Decimal | None:
        return max(self.rates, default=None)

    @property
    def max_cap(self) -> Decimal | None:
        """The largest cap (own or shared)."""
        return max((a for a, _ in self.caps), default=None)

    @property
    def max_paid(self) -> Decimal | None:
        """The largest "up to" or outright amount: what the text says may be paid (never a cap)."""
        return max([*self.ceilings, *self.amounts], default=None)

    @property
    def max_amount(self) -> Decimal | None:
        """The largest cap, or failing that the largest amount paid: the column's sort key."""
        return self.max_cap if self.caps else self.max_paid


def _value(term: Term, lang: str) -> str:
    shown = fmt_rate(term.value) if term.kind in ("rate", "share_cap") else fmt_cny(term.value, lang)
    if term.per and not term.together:  # a shared cap's scope goes with what it is over
        scope = CAP_SCOPE[term.per][0 if lang == "zh" else 1]
        shown += f"（{scope}）" if lang == "zh" else f" ({scope})"
    return shown


def _constant(node: Any) -> tuple[Decimal, bool] | None:
    if isinstance(node, bool) or not isinstance(node, (int, str)):
        return None
    try:
        return parse_literal(node)
    except (ArithmeticError, ValueError, TypeError):
        return None


@dataclass
class _Walk:
    """One walk over an expression: where terms go and the facts' vocabulary for conditions."""

    terms: Terms
    facts: dict[str, dict[str, Any]]
    part: Text | None = None

    def add(self, kind: str, value: Decimal, when: tuple[Text, ...], otherwise: bool, per: str = "") -> None:
        self.terms.terms.append(Term(kind, value, self.part, when, otherwise, per))

    def walk(self, node: Any, role: str, when: tuple[Text, ...] = (), otherwise: bool = False) -> None:
        """Collect terms; ``role`` says what a constant here is (``rate``, ``amount``, ``up_to``,
        ``base`` or ``skip``); ``when``/``otherwise`` what it depends on."""
        if isinstance(node, list):
            for item in node:
                self.walk(item, role, when, otherwise)
            return
        if not isinstance(node, dict):
            constant = _constant(node)
            if constant is not None and role not in ("skip", "base"):
                value, is_rate = constant
                if is_rate:
                    self.add("rate", value, when, otherwise)
                elif role in ("amount", "up_to") and value:
                    self.add(role, value, when, otherwise)
            return
        op = operator_of(node)
        if op is None:  # a record inside an operator (a tier, a ladder's level), or a gated branch
            if "when" in node:
                self.walk(node.get("then"), role, when, otherwise)
                self.walk(node.get("else"), role, when, otherwise)
            else:
                self._keys(node, role, when, otherwise)
            return
        rule = _RULES.get(op)
        if rule is None:
            raise UnhandledOperator(WALKER, op)
        rule(self, node, role, when, otherwise)

    def _fact(self, node: dict, role: str, when: tuple[Text, ...], otherwise: bool) -> None:
        if role != "skip" and node["fact"] not in self.terms.bases:
            self.terms.bases.append(node["fact"])

    def _cap(self, node: dict, role: str, when: tuple[Text, ...], otherwise: bool) -> None:
        for cap in node["cap"]:
            constant = _constant(cap["max"])
            if constant is not None and not constant[1]:
                self.add("cap", constant[0], when, otherwise, cap.get("per", ""))
            else:
                self.walk(cap["max"], "amount", when, otherwise)
        self.walk(node["of"], role, when, otherwise)

    def _ceiling(self, node: dict, role: str, when: tuple[Text, ...], otherwise: bool) -> None:
        """ "最高X", "原则上不超过X，最高不超过Y" """
        for key in ("up_to", "ordinarily", "at_most"):
            if key in node:
                self.walk(node[key], "up_to" if role != "rate" else role, when, otherwise)

    def _per_month(self, node: dict, role: str, when: tuple[Text, ...], otherwise: bool) -> None:
        """ "最多1年": the monthly base; the months and their limit are not money."""
        self.walk(node["per_month"], role, when, otherwise)

    def _if(self, node: dict, role: str, when: tuple[Text, ...], otherwise: bool) -> None:
        """An amount or rate that depends on a condition: each branch with it."""
        test = condition_text(node["if"], self.facts)
        self.walk(node.get("then"), role, (*when, test), otherwise)
        self.walk(node.get("else"), role, when, True)

    def _keys(self, node: dict, role: str, when: tuple[Text, ...], otherwise: bool) -> None:
        """Each key by what it holds: a base, a rate, an amount paid, or nothing to show."""
        for key, value in node.items():
            if key in ("from", "above", "every", "top_up_from", "name", "label", "ref"):
                continue
            if key in ("steps", "tiers", "ladder"):
                self.walk(value, "base", when, otherwise)
            elif key == "rate":
                self.walk(value, "rate", when, otherwise)
            elif key in _PAYS or key in ("levels", "grades", "sum", "min", "max", "diff", "of", "units"):
                paid = role if role == "up_to" else "amount"
                self.walk(value, paid if key in _PAYS or key == "grades" else role, when, otherwise)
            else:
                self.walk(value, role, when, otherwise)


WALKER = "the comparison terms (policy_explorer.sitegen.terms)"
_Rule = Callable[[_Walk, dict, str, tuple[Text, ...], bool], None]
# One rule per operator of the registry (policy_explorer.calculator.formula.OPERATORS); `_keys` reads each key
# by what it holds (the base a tier or step is counted on, a rate, an amount paid).
_RULES: dict[str, _Rule] = {
    "fact": _Walk._fact,
    "rate": _Walk._keys,
    "per": _Walk._keys,
    "sum": _Walk._keys,
    "diff": _Walk._keys,
    "min": _Walk._keys,
    "max": _Walk._keys,
    "cap": _Walk._cap,
    "steps": _Walk._keys,
    "tiers": _Walk._keys,
    "ladder": _Walk._keys,
    "if": _Walk._if,
    "grades": _Walk._keys,
    "up_to": _Walk._ceiling,
    "ordinarily": _Walk._ceiling,
    "ref": _Walk._keys,
    "ratio": _Walk._keys,
    "per_month": _Walk._per_month,
}


def reads_facts(node: Any) -> set[str]:
    """The facts an expression reads."""
    if isinstance(node, list):
        return set().union(*(reads_facts(n) for n in node)) if node else set()
    if isinstance(node, dict):
        found = {node["fact"]} if isinstance(node.get("fact"), str) else set()
        return found.union(*(reads_facts(v) for v in node.values()))
    return set()


def benefit_terms(benefit: dict[str, Any], facts: dict[str, dict[str, Any]] | None = None) -> Terms:
    """Rates, bases, caps and amounts of a benefit: each part's under its label (where there are
    several) and with its own yes/no gates named."""
    require(WALKER, _RULES)
    facts = facts or {}
    terms = Terms()
    walker = _Walk(terms, facts)
    if "amount" in benefit:
        walker.walk(benefit["amount"], "amount")
    parts = [p for p in benefit.get("parts") or [] if "amount" in p]  # one with no amount adds none
    for part in parts:
        walker.part = (part["label"]["zh"], part["label"]["en"]) if len(parts) > 1 else None
        reads = reads_facts(part["amount"])
        # A yes/no gate is named with the part's terms (补早补小: the top-up is not for everyone);
        # thresholds and the rest are eligibility, listed with the conditions.
        gates = tuple(
            condition_text(c, facts)
            for c in part.get("when") or []
            if "is" in c and not trivial_gate(c, reads)
        )
        walker.walk(part["amount"], "amount", gates)
    return terms


def shared_caps(data: dict[str, Any]) -> dict[tuple[str, str], list[tuple[dict[str, Any], list[dict]]]]:
    """``{(policy, clause): [(rule, its over entries)]}``: every combined cap a clause is counted in."""
    out: dict[tuple[str, str], list[tuple[dict[str, Any], list[dict]]]] = {}
    for policy in data["policies"]:
        for rule in policy.get("general_rules") or []:
            if rule.get("kind") != "combined_cap" or not rule.get("over"):
                continue
            over = [{**o, "policy": o.get("policy", policy["id"])} for o in rule["over"]]
            for key in dict.fromkeys((o["policy"], o["clause"]) for o in over):
                out.setdefault(key, []).append((rule, over))
    return out


def member_labels(
    over: list[dict[str, Any]], data: dict[str, Any], here: tuple[str, str] | None = None
) -> list[Text]:
    """What a shared cap is counted over, in words, each once: a part by its label, a clause by its
    number (and its policy's short title where it is not ``here``'s policy)."""
    policies = {p["id"]: p for p in data["policies"]}
    out: list[Text] = []
    for o in over:
        policy = policies.get(o["policy"])
        clause = next((c for c in (policy or {}).get("clauses", []) if c["id"] == o["clause"]), None)
        part = next(
            (p for p in ((clause or {}).get("benefit", {}).get("parts") or []) if p["name"] == o.get("part")),
            None,
        )
        if here and (o["policy"], o["clause"]) == here and part:
            label: Text = (part["label"]["zh"], part["label"]["en"])
        elif here and (o["policy"], o["clause"]) == here:
            label = ("本条", "this clause")
        else:
            zh, en = f"第{o['clause']}条", f"clause {o['clause']}"
            if policy and (not here or o["policy"] != here[0]):
                zh, en = f"{policy['short_title']['zh']}{zh}", f"{policy['short_title']['en']} {en}"
            if part:
                zh, en = f"{zh}（{part['label']['zh']}）", f"{en} ({part['label']['en']})"
            label = (zh, en)
        if label not in out:
            out.append(label)
    return out


def add_shared(terms: Terms, key: tuple[str, str], parts: list[str] | None, data: dict[str, Any]) -> None:
    """Add the combined caps over clause ``key`` (over ``parts`` of it, when the row has only those)."""
    for rule, over in shared_caps(data).get(key, []):
        mine = [o for o in over if (o["policy"], o["clause"]) == key]
        if parts is not None and not any(o.get("part") in (None, *parts) for o in mine):
            continue
        constant = _constant(rule.get("max"))
        together = tuple(member_labels(over, data, key))
        if constant is not None and not constant[1]:
            terms.terms.append(Term("cap", constant[0], None, (), False, rule.get("per", ""), together))
        elif isinstance(rule.get("max"), dict) and "rate" in rule["max"]:
            rate = _constant(rule["max"]["rate"])
            if rate is not None and rate[1]:
                terms.terms.append(Term("share_cap", rate[0], None, (), False, "share", together))


def _joined(alternatives: list[str], lang: str) -> str:
    """Alternatives as one label, as the pages write them."""
    return ("；" if lang == "zh" else "; ").join(alternatives)
