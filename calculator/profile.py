"""Check a company profile against the fact vocabulary and turn it into exact values."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import CalculatorError

# Bounds that no real claim reaches; past them an amount is a typo (or an attack), not a company.
DEFAULT_MAX = {"CNY": 10**12, "count": 10**9, "m2": 10**7, "months": 1200}
PROFILE_KEYS = ("jurisdiction", "startup", "facts")


def _number(field: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise CalculatorError(field, f"must be a number, got {type(value).__name__} `{value!r}`")
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise CalculatorError(field, f"must be a finite number, got `{value}`")
        value = Decimal(repr(value))
    elif isinstance(value, Decimal) and not value.is_finite():
        raise CalculatorError(field, f"must be a finite number, got `{value}`")
    try:
        return Decimal(value)
    except (InvalidOperation, ValueError):
        raise CalculatorError(field, f"must be a number, got `{value!r}`") from None


def check_fact(fact: dict, field: str, value: Any) -> Decimal | bool:
    """One fact value, checked against its unit and bounds."""
    unit = fact["unit"]
    if unit == "boolean":
        if not isinstance(value, bool):
            raise CalculatorError(field, f"must be true or false, got `{value!r}`")
        return value
    number = _number(field, value)
    if number < 0:
        raise CalculatorError(field, f"cannot be negative, got {number}")
    limit = fact.get("max", DEFAULT_MAX.get(unit))
    if limit is not None and number > limit:
        raise CalculatorError(
            field,
            f"{number} is beyond any plausible value (at most {limit}); check the amount (in CNY, not 万元)",
        )
    if unit in ("count", "months", "level") and number != number.to_integral_value():
        raise CalculatorError(field, f"must be a whole number, got {number}")
    if unit == "level":
        allowed = [c["value"] for c in fact["choices"]]
        if number != 0 and int(number) not in allowed:
            raise CalculatorError(field, f"must be 0 or one of {allowed}, got {number}")
    return number


def check_profile(profile: Any, jurisdictions: dict[str, dict], facts: dict[str, dict]) -> tuple[str, dict]:
    """Validate ``profile``; return its jurisdiction and its facts as exact values."""
    if not isinstance(profile, dict):
        raise CalculatorError("profile", f"must be a JSON object, got {type(profile).__name__}")
    unknown = sorted(set(profile) - set(PROFILE_KEYS))
    if unknown:
        raise CalculatorError(
            unknown[0], f"unknown profile key; a profile has only {', '.join(PROFILE_KEYS)}"
        )
    jurisdiction = profile.get("jurisdiction")
    if jurisdiction is None:
        raise CalculatorError("jurisdiction", f"is required; one of: {', '.join(jurisdictions)}")
    if not isinstance(jurisdiction, str) or jurisdiction not in jurisdictions:
        raise CalculatorError(
            "jurisdiction", f"unknown `{jurisdiction}`; use one of: {', '.join(jurisdictions)}"
        )
    raw_facts = profile.get("facts", {})
    if not isinstance(raw_facts, dict):
        raise CalculatorError(
            "facts", f"must be an object of fact ids to numbers, got {type(raw_facts).__name__}"
        )
    values: dict[str, Decimal | bool] = {}
    for name, value in raw_facts.items():
        if name not in facts:
            raise CalculatorError(f"facts.{name}", f"unknown fact; known facts: {', '.join(sorted(facts))}")
        values[name] = check_fact(facts[name], f"facts.{name}", value)
    if "startup" in profile:
        startup = check_fact(facts["startup"], "startup", profile["startup"])
        if "startup" in values and values["startup"] != startup:
            raise CalculatorError("startup", "given twice with different values (top level and in facts)")
        values["startup"] = startup
    values.setdefault("startup", False)
    for name, value in values.items():
        within = facts[name].get("within")
        if within and within in values and value > values[within]:
            raise CalculatorError(
                f"facts.{name}", f"cannot exceed facts.{within} ({values[within]}); it is a part of it"
            )
    return jurisdiction, values
