"""The estimate's shape, declared once: what :func:`policy_explorer.calculator.estimate` returns and what each
item holds.

The estimate is built by the engine and then completed in place by the stacking, the ceilings and the
ending dates, each setting its own keys; here is every key, who sets it and what it means. They are
TypedDicts, so the result stays the plain JSON-ready dict the CLI, the browser's worker and the
published ``estimate.schema.json`` read (key order and values unchanged); ``tests/test_result.py``
checks that every estimate has exactly these keys.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired from evaluated annotations.
from decimal import Decimal
from typing import Any, NotRequired, TypedDict


class Pair(TypedDict):
    """A text in both languages."""

    zh: str
    en: str


class Lines(TypedDict):
    """Lines of an explanation in both languages."""

    zh: list[str]
    en: list[str]


class _PartBase(TypedDict):
    name: str
    label: Pair
    expense: str | None  # the expense it pays towards, or ``reward``; the ceilings may set it
    category: str | None
    paid_in: str | None  # ``vouchers`` where the text says so
    no_amount: bool  # the text states no amount for this part: listed, worth 0
    assumed: list[Pair]  # conditions not given, assumed to hold (never in the conservative total)
    at_least: bool  # a floor: some inputs of a sum were left blank
    alternative: bool  # paid either-or and not the larger (not counted)
    conservative: bool  # counted in the conservative total (set by the stacking)
    conservative_alternative: NotRequired[bool]  # either-or: not the one the conservative total takes


class EvaluatedPart(_PartBase):
    """A part as the engine computes it, before its amounts are whole yuan."""

    lo: Decimal | None
    hi: Decimal


class Part(_PartBase):
    """A part of an item, as the estimate lists it."""

    max_cny: int
    min_cny: int | None  # None: the text states only a maximum
    paid_to: Pair | None  # money paid to someone else (a service centre): in neither total


class PaidBy(TypedDict):
    """The share of the money this level pays, and who pays the rest."""

    level: Pair
    others: Pair


class Item(TypedDict):
    """One clause that applies to the profile: its amount, how it was obtained, how it is counted."""

    policy: str
    clause: str
    jurisdiction: str
    category: str
    title: Pair
    kind: str
    status: str  # policy_explorer.calculator.dates: in force, not yet, ended, draft, start unknown
    max_cny: int
    min_cny: int | None
    explain: Lines  # the steps, the last one the clause's amount (policy_explorer.calculator.stacking.finish)
    verify: list[Pair]
    page: str
    expense: str | None
    parts: list[Part]
    assumed: list[Pair]  # every part's assumptions, once each
    confirmed: bool  # no assumption
    counted: bool  # set by the stacking
    counted_max_cny: int
    counted_conservative_cny: int
    note: Pair | None
    at_least: bool
    ends: NotRequired[str | None]  # the policy's last day (set for every item before it is returned)
    days_left: NotRequired[int | None]
    no_amount: NotRequired[bool]  # the text states no amount for the whole clause
    paid_by: NotRequired[PaidBy]
    paid_in: NotRequired[str]  # ``vouchers``: the whole clause
    budget: NotRequired[dict[str, Any]]  # the budget pool the text states (not applied)
    application: NotRequired[dict[str, Any]]  # how and when to apply (the document's schema)
    needs: NotRequired[list[str]]  # facts that would add to the amount (a floor's blanks)
    implemented: NotRequired[bool]  # an operating rule whose amount is its measure's (not counted again)


class Ref(TypedDict):
    """A clause named in ``needs`` or ``ineligible``."""

    policy: str
    clause: str
    status: str
    page: str


class Needs(Ref):
    facts: list[str]  # the facts it needs


class Ineligible(Ref):
    why: Lines  # the conditions that decided it


class PolicyState(TypedDict):
    policy: str
    status: str
    end: str | None
    days_left: int | None


class Totals(TypedDict):
    """What the stacking adds up (policy_explorer.calculator.stacking.stack)."""

    total_max_cny: int
    total_conservative_cny: int
    vouchers_max_cny: int
    vouchers_conservative_cny: int
    totals_explain: Lines


class Estimate(Totals):
    """The full estimate for one profile on one day (key order as written: the CLI prints it)."""

    on: str
    jurisdiction: str
    jurisdictions: list[str]
    items: list[Item]
    needs: list[Needs]
    ineligible: list[Ineligible]
    policies: list[PolicyState]
    why_not: NotRequired[list[dict[str, Any]]]  # with ``explained``: policy_explorer.calculator.whynot
    trace: NotRequired[list[dict[str, Any]]]


def pair(text: tuple[str, str]) -> Pair:
    """A ``(zh, en)`` text as the estimate writes it."""
    return {"zh": text[0], "en": text[1]}
