"""Check a company profile against the fact vocabulary and turn it into exact values."""

from __future__ import annotations

import json
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import CalculatorError, clip
from .money import currency

# Bounds that no real claim reaches; past them an amount is a typo (or an attack), not a company.
DEFAULT_MAX = {"CNY": 10**12, "count": 10**9, "m2": 10**7, "months": 1200}
PROFILE_KEYS = ("jurisdiction", "startup", "facts")


def loads(text: str, field: str = "profile") -> Any:
    """Decode JSON exactly: decimals as :class:`Decimal`, integers of any length, each key once.

    ``NaN``/``Infinity``, a key given twice in one object (which value would count?) and nesting
    too deep to decode raise :class:`CalculatorError` naming ``field``; bad syntax raises
    :class:`json.JSONDecodeError`.
    """

    def constant(name: str) -> Any:
        raise CalculatorError(field, f"`{name}` is not a number: give a finite amount")

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise CalculatorError(field, f"key `{clip(key)}` is given twice in one object; give it once")
            out[key] = value
        return out

    try:
        return json.loads(
            text, parse_float=Decimal, parse_int=_integer, parse_constant=constant, object_pairs_hook=unique
        )
    except RecursionError:
        raise CalculatorError(field, "nested too deeply") from None


def _integer(text: str) -> int | Decimal:
    """A JSON integer: an ``int``, or a Decimal past ``int``'s digit limit (the amount checks refuse it)."""
    try:
        return int(text)
    except ValueError:  # more than sys.get_int_max_str_digits() digits
        return Decimal(text)


def _number(field: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise CalculatorError(field, f"must be a number, got {type(value).__name__} `{clip(repr(value))}`")
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise CalculatorError(field, f"must be a finite number, got `{value}`")
        value = Decimal(repr(value))
    elif isinstance(value, Decimal) and not value.is_finite():
        raise CalculatorError(field, f"must be a finite number, got `{value}`")
    try:
        return Decimal(value)
    except (InvalidOperation, ValueError):
        raise CalculatorError(field, f"must be a number, got `{clip(repr(value))}`") from None


def check_fact(fact: dict, field: str, value: Any) -> Decimal | bool:
    """One fact value, checked against its unit and bounds."""
    unit = fact["unit"]
    if unit == "boolean":
        if not isinstance(value, bool):
            raise CalculatorError(field, f"must be true or false, got `{clip(repr(value))}`")
        return value
    number = _number(field, value)
    if number < 0:
        raise CalculatorError(field, f"cannot be negative, got {clip(str(number))}")
    if unit == "level":  # one of a few grades: name them (compared as decimals, never made an int)
        allowed = [c["value"] for c in fact["choices"]]
        if number != 0 and number not in allowed:
            raise CalculatorError(field, f"must be 0 or one of {allowed}, got {clip(str(number))}")
        return number
    limit = fact.get("max", DEFAULT_MAX.get(unit))
    if limit is not None and number > limit:
        cur, hint = currency(), ""
        if unit == "CNY":
            hint = f" (in {cur.code}, not 万元)" if cur.chinese_units else ""
            hint = f"; check the amount{hint}"
        raise CalculatorError(
            field, f"{clip(str(number))} is beyond any plausible value (at most {limit}){hint}"
        )
    if unit in ("count", "months") and number != number.to_integral_value():
        raise CalculatorError(field, f"must be a whole number, got {clip(str(number))}")
    return number


def _text_keys(field: str, mapping: dict) -> None:
    """Keys are text (JSON's always are; a dict built in Python may hold numbers or None)."""
    for key in mapping:
        if not isinstance(key, str):
            raise CalculatorError(field, f"keys must be text, got {type(key).__name__} `{clip(repr(key))}`")


def check_profile(profile: Any, jurisdictions: dict[str, dict], facts: dict[str, dict]) -> tuple[str, dict]:
    """Validate ``profile``; return its jurisdiction and its facts as exact values."""
    if not isinstance(profile, dict):
        raise CalculatorError("profile", f"must be a JSON object, got {type(profile).__name__}")
    _text_keys("profile", profile)
    unknown = sorted(set(profile) - set(PROFILE_KEYS))
    if unknown:
        raise CalculatorError(
            clip(unknown[0]), f"unknown profile key; a profile has only {', '.join(PROFILE_KEYS)}"
        )
    jurisdiction = profile.get("jurisdiction")
    if jurisdiction is None:
        raise CalculatorError("jurisdiction", f"is required; one of: {', '.join(jurisdictions)}")
    if not isinstance(jurisdiction, str) or jurisdiction not in jurisdictions:
        raise CalculatorError(
            "jurisdiction", f"unknown `{clip(str(jurisdiction))}`; use one of: {', '.join(jurisdictions)}"
        )
    raw_facts = profile.get("facts", {})
    if not isinstance(raw_facts, dict):
        raise CalculatorError(
            "facts", f"must be an object of fact ids to numbers, got {type(raw_facts).__name__}"
        )
    _text_keys("facts", raw_facts)
    values: dict[str, Decimal | bool] = {}
    for name, value in raw_facts.items():
        if name not in facts:
            raise CalculatorError(
                f"facts.{clip(name)}", f"unknown fact; known facts: {', '.join(sorted(facts))}"
            )
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
