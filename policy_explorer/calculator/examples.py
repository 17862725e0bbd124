"""Run the worked examples written beside the data (in the manner of OpenFisca's YAML tests).

Each example states facts and the amount a reader works out from the policy text. It is run as a
profile in the policy's own jurisdiction, on a day the policy is in force (or, for a draft, on
any day: drafts are computed but not totalled), and compared with the clause's item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import estimate


@dataclass(frozen=True)
class Case:
    """One worked example: where it is, its profile, the day, and the amounts it expects."""

    policy: str
    clause: str
    index: int
    profile: dict[str, Any]
    on: dt.date
    max_cny: int | None
    min_cny: int | None
    why: str

    @property
    def name(self) -> str:
        return f"{self.policy}#{self.clause}[{self.index}]"


def cases(data: dict[str, Any]) -> list[Case]:
    """Every worked example in the compiled data."""
    out = []
    for policy in data["policies"]:
        validity = policy["validity"]
        on = dt.date.fromisoformat(validity["from"]) if validity.get("from") else dt.date(2025, 6, 1)
        for clause in policy["clauses"]:
            for i, ex in enumerate(clause.get("examples", [])):
                profile = {
                    "jurisdiction": policy["jurisdiction"],
                    "startup": ex.get("startup", False),
                    "facts": dict(ex["facts"]),
                }
                out.append(
                    Case(
                        policy["id"],
                        clause["id"],
                        i,
                        profile,
                        on,
                        ex["max_cny"],
                        ex.get("min_cny", ex["max_cny"]),
                        ex["why"],
                    )
                )
    return out


def actual(case: Case, data: dict[str, Any]) -> tuple[int | None, int | None, str]:
    """(max_cny, min_cny, outcome) the engine gives for ``case``: outcome is item/ineligible/needs/absent."""
    result = estimate(case.profile, on=case.on, data=data)
    for item in result["items"]:
        if item["policy"] == case.policy and item["clause"] == case.clause:
            return item["max_cny"], item["min_cny"], "item"
    for entry in result["ineligible"]:
        if entry["policy"] == case.policy and entry["clause"] == case.clause:
            return 0, 0, "ineligible"
    for entry in result["needs"]:
        if entry["policy"] == case.policy and entry["clause"] == case.clause:
            return None, None, "needs " + ",".join(entry["facts"])
    return None, None, "absent"


def check(case: Case, data: dict[str, Any]) -> str | None:
    """None if the engine agrees with the example, else a message saying how it differs."""
    got_max, got_min, outcome = actual(case, data)
    if outcome.startswith(("needs", "absent")):
        return f"{case.name}: the engine could not compute it ({outcome})"
    if got_max != case.max_cny or got_min != case.min_cny:
        return (
            f"{case.name}: expected max {case.max_cny} min {case.min_cny}, engine gives max {got_max} "
            f"min {got_min} ({outcome}); example says: {case.why}"
        )
    return None
