"""Profiles that exercise the engine everywhere: the worked examples plus one rich profile per
jurisdiction and date. The Pyodide parity test and the benchmark both use them."""

from __future__ import annotations

from typing import Any

from . import CalculatorError, estimate
from .examples import cases

DATES = ("2024-10-01", "2025-06-01", "2026-12-18", "2028-06-01")


def rich_profile(jurisdiction: str, facts_meta: list[dict], startup: bool) -> dict[str, Any]:
    """A profile giving a plausible value for every fact (so every clause is computed)."""
    facts: dict[str, Any] = {}
    for i, fact in enumerate(facts_meta):
        unit = fact["unit"]
        if fact["id"] == "startup":
            continue
        if unit == "boolean":
            facts[fact["id"]] = i % 3 != 0
        elif unit == "level":
            facts[fact["id"]] = fact["choices"][-1]["value"]
        elif unit == "count":
            facts[fact["id"]] = 3 + i % 5
        elif unit == "months":
            facts[fact["id"]] = 12
        elif unit == "m2":
            facts[fact["id"]] = 300
        else:
            facts[fact["id"]] = 1_000_000 * (5 + (i * 7) % 40)
        if "max" in fact and unit != "boolean":
            facts[fact["id"]] = min(facts[fact["id"]], fact["max"])
    if "compute_spend_domestic" in facts:
        facts["compute_spend_domestic"] = min(facts["compute_spend_domestic"], facts["compute_spend"])
    for now, before in (("rd_spend", "rd_spend_prev"), ("revenue", "revenue_prev")):
        if now in facts:
            facts[before] = facts[now] * 2 // 3
    return {"jurisdiction": jurisdiction, "startup": startup, "facts": facts}


def parity_cases(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every worked example, and a rich profile for each jurisdiction on each date."""
    out = [{"profile": c.profile, "on": c.on.isoformat()} for c in cases(data)]
    for j, jurisdiction in enumerate(data["jurisdictions"]):
        for on in DATES:
            out.append({"profile": rich_profile(jurisdiction["id"], data["facts"], j % 2 == 0), "on": on})
    out.append({"profile": {"jurisdiction": "nowhere"}, "on": "2025-06-01"})
    first = data["jurisdictions"][0]["id"]  # a place that exists, with a fact that cannot be negative
    out.append({"profile": {"jurisdiction": first, "facts": {"compute_spend": -1}}, "on": "2025-06-01"})
    return out


def run_cases(data: dict[str, Any], batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Estimate each case; a bad profile yields ``{"error", "field"}`` instead of an estimate."""
    out = []
    for case in batch:
        try:
            out.append(estimate(case["profile"], on=case["on"], data=data))
        except CalculatorError as exc:
            out.append({"error": str(exc), "field": exc.field})
    return out
