"""The calculator form, worked out at build time from the fact vocabulary and the clauses that read it.

The page's script only shows, hides and reads these fields; which fact matters where is decided here
from the data: a fact is offered for a jurisdiction when a clause of a policy that applies there
(its own or one above it) reads the fact. Facts are grouped under the category of the first clause
that reads them, in the categories' own order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policy_explorer.calculator import load_model

# How each unit is typed: amounts in 万元 by default (a toggle switches to yuan); the rest as numbers.
INPUT = {"CNY": "amount", "count": "integer", "months": "integer", "m2": "number", "level": "choice"}


@dataclass
class Field:
    """One fact as a form field."""

    id: str
    unit: str
    input: str  # amount | integer | number | choice | boolean
    label: dict[str, str]
    help: dict[str, str] | None
    choices: list[dict[str, Any]]
    jurisdictions: list[str]
    within: str | None = None


@dataclass
class Group:
    """The fields first read by clauses of one category."""

    category: dict[str, Any]
    fields: list[Field] = field(default_factory=list)

    @property
    def jurisdictions(self) -> list[str]:
        """The places where at least one of the group's fields is offered."""
        return sorted({j for f in self.fields for j in f.jurisdictions})


@dataclass
class StartUp:
    """The start-up box: who counts (the fact's help) and the clauses whose amount it changes."""

    help: dict[str, str] | None
    clauses: list[dict[str, Any]]  # {policy: short title, title, summary}, each {zh, en}


@dataclass
class Form:
    """Everything the calculator page's form shows."""

    jurisdictions: list[dict[str, Any]]  # city and district jurisdictions that some policy covers
    groups: list[Group]
    startup: StartUp | None = None


def _reads(node: Any, fact: str) -> bool:
    """Whether a benefit's formula (nested dicts and lists) reads ``fact`` anywhere."""
    if isinstance(node, dict):
        return node.get("fact") == fact or any(_reads(v, fact) for v in node.values())
    if isinstance(node, list):
        return any(_reads(v, fact) for v in node)
    return False


def _startup(data: dict[str, Any]) -> StartUp | None:
    """What the form says beside the start-up box, from the data: the fact's own help, and every clause
    whose formula reads `startup` (its rate or amount differs for a start-up), with its summary."""
    fact = next((f for f in data["facts"] if f["id"] == "startup"), None)
    if fact is None:
        return None
    clauses = [
        {"policy": p["short_title"], "title": c["title"], "summary": c["benefit"].get("summary")}
        for p in data["policies"]
        for c in p["clauses"]
        if _reads(c.get("benefit", {}).get("amount"), "startup")
    ]
    return StartUp(help=fact.get("help"), clauses=clauses)


def build_form(data: dict[str, Any]) -> Form:
    """The form for ``data`` (the compiled policy data)."""
    model = load_model(data)
    places = model.places()
    applies: dict[str, set[str]] = {}  # policy jurisdiction → the places it applies to
    for place in places:
        for above in model.chain(place["id"]):
            applies.setdefault(above, set()).add(place["id"])
    order = [c["id"] for c in data["categories"]]
    first_category: dict[str, int] = {}
    where: dict[str, set[str]] = {}
    for policy in model.policies:
        for clause in policy.clauses:
            for fact in clause.facts:
                rank = order.index(clause.category)
                first_category[fact] = min(first_category.get(fact, rank), rank)
                where.setdefault(fact, set()).update(applies.get(policy.jurisdiction, ()))
    groups = [Group(category=c) for c in data["categories"]]
    for fact in data["facts"]:
        if fact["id"] not in first_category:
            continue  # `startup` (asked on its own) and facts no clause reads
        groups[first_category[fact["id"]]].fields.append(
            Field(
                id=fact["id"],
                unit=fact["unit"],
                input=INPUT.get(fact["unit"], "boolean"),
                label=fact["label"],
                help=fact.get("help"),
                choices=fact.get("choices", []),
                jurisdictions=sorted(where[fact["id"]]),
                within=fact.get("within"),
            )
        )
    return Form(
        jurisdictions=places,
        groups=[g for g in groups if g.fields],
        startup=_startup(data),
    )
