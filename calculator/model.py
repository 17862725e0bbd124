"""The compiled policy data as ready-to-run objects: clauses with their formulas compiled once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .formula import Cond, Expr, Text, compile_cond, compile_expr, facts_read

COMPUTABLE = ("formula", "fixed", "up_to")


@dataclass(slots=True)
class Part:
    """One separately gated component of a clause's amount."""

    name: str
    label: Text
    gates: list[Cond]
    amount: Expr
    facts: frozenset[str]


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
    implements: list[tuple[str, str]]
    budget: dict | None
    page: str


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


def clause_anchor(clause: str) -> str:
    """The clause's HTML id on its policy page, and its own page's name: ``2.1`` → ``clause-2-1``."""
    return f"clause-{clause.replace('.', '-')}"


def clause_page(policy: str, clause: str) -> str:
    """The clause's own page on the site, relative to a language root."""
    return f"policies/{policy}/{clause_anchor(clause)}/"


def _text(pair: dict | None) -> Text | None:
    return None if pair is None else (pair["zh"], pair["en"])


def _expense(benefit: dict, meta: dict[str, dict]) -> str | None:
    if benefit.get("expense"):
        return benefit["expense"]
    nodes = [benefit.get("amount")] + [p.get("amount") for p in benefit.get("parts", [])]
    for node in nodes:
        for fact in sorted(facts_read(node)):
            if meta[fact].get("expense"):
                return meta[fact]["expense"]
    return None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass
class Model:
    """Jurisdictions, facts and policies, indexed for estimates."""

    data: dict[str, Any]
    jurisdictions: dict[str, dict] = field(init=False)
    facts: dict[str, dict] = field(init=False)
    policies: list[Policy] = field(init=False)
    clauses: dict[tuple[str, str], Clause] = field(init=False)  # (policy id, clause id) → clause

    def __post_init__(self) -> None:
        self.jurisdictions = {j["id"]: j for j in self.data["jurisdictions"]}
        self.facts = {f["id"]: f for f in self.data["facts"]}
        self.policies = [self._policy(p) for p in self.data["policies"]]
        self.clauses = {(c.policy, c.id): c for p in self.policies for c in p.clauses}
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
        )
        policy.clauses = [self._clause(policy, c) for c in data["clauses"]]
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
                parts.append(
                    Part(
                        name=raw["name"],
                        label=(raw["label"]["zh"], raw["label"]["en"]),
                        gates=[compile_cond(g, meta) for g in gates],
                        amount=compile_expr(raw["amount"], meta),
                        facts=frozenset(facts_read(gates) | facts_read(raw["amount"])),
                    )
                )
        gates = benefit.get("when", [])
        verify = [(v["zh"], v["en"]) for v in benefit.get("verify", [])]
        verify += [(c["zh"], c["en"]) for c in data.get("conditions", []) if c.get("verify")]
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
            expense=_expense(benefit, meta) if kind in COMPUTABLE else None,
            verify=list(dict.fromkeys(verify)),
            implements=[(i["policy"], i["clause"]) for i in data.get("implements", [])],
            budget=data.get("budget"),
            page=clause_page(policy.id, data["id"]),
        )
