"""The compiled policy data as ready-to-run objects: clauses with their formulas compiled once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .application import describe, resolve
from .formula import CAP_SCOPE, Cond, Expr, Text, compile_cond, compile_expr, facts_read

COMPUTABLE = ("formula", "fixed", "up_to")
CEILING_KINDS = ("combined_cap", "includes_higher_levels")
REWARD = "reward"  # a part's `expense` when it pays for no spending (a prize, a one-off reward)


@dataclass(slots=True)
class Part:
    """One separately gated component of a clause's amount."""

    name: str
    label: Text
    gates: list[Cond]
    amount: Expr
    facts: frozenset[str]
    amount_facts: frozenset[str]  # none: a fixed or "up to" amount whose only inputs are its gates
    expense: str  # the spending it pays for, or REWARD (tied to no spending)
    category: str = ""  # its own category when one numbered item holds several programmes
    paid_in: str | None = None  # "vouchers": the part (or its whole benefit) is not paid in cash
    no_amount: bool = False  # it applies, but its text states no amount (并推荐申报…): never counted
    paid_by: tuple[Text, Text] | None = None  # (this level, the others): the amount is this level's share


@dataclass(slots=True)
class Clause:
    """A clause, its benefit compiled, and what the engine needs to report it."""

    policy: str
    id: str
    jurisdiction: str
    category: str
    title: Text
    kind: str
    summary: Text | None
    gates: list[Cond]
    gate_facts: frozenset[str]
    facts: frozenset[str]  # every fact the clause reads, except `startup` (always known)
    parts: list[Part]
    expense: str | None
    verify: list[Text]
    implements: list[tuple[str, str, str | None]]  # (policy, clause, part or None for all)
    budget: dict | None
    page: str
    either: tuple[str, ...] = ()  # parts of which only one is paid (the larger)
    paid_to: Text | None = None  # the money goes to someone else (e.g. a service centre)
    paid_in: str | None = None  # "vouchers" (算力券, 模型券…) when the money is not paid in cash
    # How and when to apply, worded (policy_explorer.calculator.application.describe).
    application: dict | None = None


@dataclass(slots=True)
class Ceiling:
    """A general rule limiting what several claims add up to (see :mod:`policy_explorer.calculator.ceilings`).

    ``combined_cap``: the parts in ``over`` together at most ``max`` (单家企业每年…合计不超过800万元,
    市区协同…最高100%, 政府总资助额不超过项目总投入的50%, 可叠加补贴比例至60%). ``includes_higher_levels``:
    money from higher levels for the same expense counts into this policy's own amounts
    (市级以上(含)补助资金纳入本意见补助总额).
    """

    policy: str
    kind: str
    text: Text
    over: list[tuple[str, str, str | None]]  # (policy, clause, part or None for every part)
    max: Expr | None
    scope: Text
    expense: str | None


@dataclass(slots=True)
class Policy:
    """A document: validity and the general rules that affect stacking."""

    id: str
    jurisdiction: str
    title: Text
    start: dt.date | None
    end: dt.date | None
    draft: bool
    non_duplication: list[dict]
    clauses: list[Clause] = field(default_factory=list)
    ceilings: list[Ceiling] = field(default_factory=list)  # shared caps and cross-level ceilings
    application: dict | None = None  # the document's own block, laid under each clause's
    source_url: str | None = None  # the document's official page, where its address is known


def clause_anchor(clause: str) -> str:
    """The clause's HTML id on its policy page, and its own page's name: ``2.1`` → ``clause-2-1``."""
    return f"clause-{clause.replace('.', '-')}"


def clause_page(policy: str, clause: str) -> str:
    """The clause's own page on the site, relative to a language root."""
    return f"policies/{policy}/{clause_anchor(clause)}/"


def _text(pair: dict | None) -> Text | None:
    return None if pair is None else (pair["zh"], pair["en"])


def _expense(node: dict, benefit: dict, meta: dict[str, dict]) -> str:
    """What a part pays for: its own ``expense``, the benefit's, else the first fact's that has one."""
    if node.get("expense") or benefit.get("expense"):
        return node.get("expense") or benefit["expense"]
    for fact in sorted(facts_read(node.get("amount"))):
        if meta[fact].get("expense"):
            return meta[fact]["expense"]
    return REWARD


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass
class Model:
    """Jurisdictions, facts and policies, indexed for estimates."""

    data: dict[str, Any]
    jurisdictions: dict[str, dict] = field(init=False)
    facts: dict[str, dict] = field(init=False)
    policies: list[Policy] = field(init=False)
    policies_by_id: dict[str, Policy] = field(init=False)
    clauses: dict[tuple[str, str], Clause] = field(init=False)  # (policy id, clause id) → clause
    # measure clause → the operating-rule clauses that pay it, each with the part it pays (None: all)
    implemented_by: dict[tuple[str, str], list[tuple[tuple[str, str], str | None]]] = field(init=False)
    short_titles: dict[str, Text] = field(init=False)
    # (policy id, clause id) → the clause's data as compiled: its text and readable conditions
    clause_data: dict[tuple[str, str], dict] = field(init=False)

    def __post_init__(self) -> None:
        self.jurisdictions = {j["id"]: j for j in self.data["jurisdictions"]}
        self.facts = {f["id"]: f for f in self.data["facts"]}
        self.policies = [self._policy(p) for p in self.data["policies"]]
        self.clauses = {(c.policy, c.id): c for p in self.policies for c in p.clauses}
        self.clause_data = {(p["id"], c["id"]): c for p in self.data["policies"] for c in p["clauses"]}
        self.policies_by_id = {p.id: p for p in self.policies}
        self.implemented_by = {}
        for clause in self.clauses.values():
            for policy, target, part in clause.implements:
                paid_by = ((clause.policy, clause.id), part)
                self.implemented_by.setdefault((policy, target), []).append(paid_by)
        self.short_titles = {
            p["id"]: ((p.get("short_title") or p["title"])["zh"], (p.get("short_title") or p["title"])["en"])
            for p in self.data["policies"]
        }
        self._chains: dict[str, tuple[str, ...]] = {}

    def chain(self, jurisdiction: str) -> tuple[str, ...]:
        """The jurisdiction and all above it (district → city → province → country)."""
        if jurisdiction not in self._chains:
            out, cur = [], jurisdiction
            while cur is not None:
                out.append(cur)
                cur = self.jurisdictions[cur].get("parent")
            self._chains[jurisdiction] = tuple(out)
        return self._chains[jurisdiction]

    def places(self) -> list[dict]:
        """The cities and districts a company can be in that some policy covers (its own or above)."""
        own = {policy.jurisdiction for policy in self.policies}
        return [
            j
            for j in self.data["jurisdictions"]
            if j["level"] in ("city", "district") and own.intersection(self.chain(j["id"]))
        ]

    def _policy(self, data: dict) -> Policy:
        validity = data["validity"]
        rules = [r for r in data.get("general_rules", []) if r["kind"] == "non_duplication"]
        policy = Policy(
            id=data["id"],
            jurisdiction=data["jurisdiction"],
            title=(data["title"]["zh"], data["title"]["en"]),
            start=_date(validity.get("from")),
            end=_date(validity.get("to")),
            draft=bool(validity.get("draft")),
            non_duplication=rules,
            application=data.get("application"),
            source_url=(data.get("source") or {}).get("url"),
        )
        policy.clauses = [self._clause(policy, c) for c in data["clauses"]]
        policy.ceilings = [
            Ceiling(
                policy=policy.id,
                kind=r["kind"],
                text=(r["text"]["zh"], r["text"]["en"]),
                over=[(o.get("policy", policy.id), o["clause"], o.get("part")) for o in r.get("over", [])],
                max=compile_expr(r["max"], self.facts) if "max" in r else None,
                scope=CAP_SCOPE[r.get("per", "not_stated")],
                expense=r.get("expense"),
            )
            for r in data.get("general_rules", [])
            if r["kind"] in CEILING_KINDS
        ]
        return policy

    def _clause(self, policy: Policy, data: dict) -> Clause:
        meta = self.facts
        benefit = data["benefit"]
        kind = benefit["kind"]
        parts: list[Part] = []
        if kind in COMPUTABLE:
            raw_parts = benefit.get("parts") or [
                {"name": "amount", "label": data["title"], "amount": benefit["amount"]}
            ]
            for raw in raw_parts:
                gates = raw.get("when", [])
                amount_node = raw.get("amount", 0)  # a part with no amount stated (no_amount) reads none
                amount_facts = frozenset(facts_read(amount_node) - {"startup"})
                paid_by = raw.get("paid_by") or benefit.get("paid_by")
                parts.append(
                    Part(
                        name=raw["name"],
                        label=(raw["label"]["zh"], raw["label"]["en"]),
                        gates=[compile_cond(g, meta) for g in gates],
                        amount=compile_expr(amount_node, meta),
                        facts=frozenset(facts_read(gates) | facts_read(amount_node)),
                        amount_facts=amount_facts,
                        expense=_expense(raw, benefit, meta),
                        category=raw.get("category") or data["category"],
                        paid_in=raw.get("paid_in") or benefit.get("paid_in"),
                        no_amount=bool(raw.get("no_amount")),
                        paid_by=None
                        if paid_by is None
                        else (_text(paid_by["level"]), _text(paid_by["others"])),  # type: ignore[arg-type]
                    )
                )
        gates = benefit.get("when", [])
        verify = [(v["zh"], v["en"]) for v in benefit.get("verify", [])]
        verify += [(c["zh"], c["en"]) for c in data.get("conditions", []) if c.get("verify")]
        for part in benefit.get("parts") or []:  # a part's own conditions (one programme of the item)
            verify += [(c["zh"], c["en"]) for c in part.get("conditions") or [] if c.get("verify")]
        return Clause(
            policy=policy.id,
            id=data["id"],
            jurisdiction=policy.jurisdiction,
            category=data["category"],
            title=(data["title"]["zh"], data["title"]["en"]),
            kind=kind,
            summary=_text(benefit.get("summary")),
            gates=[compile_cond(g, meta) for g in gates],
            gate_facts=frozenset(facts_read(gates)),
            facts=frozenset(facts_read(gates).union(*(p.facts for p in parts)) - {"startup"}),
            parts=parts,
            expense=parts[0].expense if parts else None,
            verify=list(dict.fromkeys(verify)),
            implements=[(i["policy"], i["clause"], i.get("part")) for i in data.get("implements", [])],
            budget=data.get("budget"),
            page=clause_page(policy.id, data["id"]),
            either=tuple(benefit.get("either", ())),
            paid_to=_text(benefit.get("paid_to")),
            paid_in=benefit.get("paid_in"),
            application=describe(
                resolve(policy.application, data.get("application"), data.get("responsible")),
                policy.source_url,
            ),
        )
