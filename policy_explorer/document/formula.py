"""Formulas: the expression and condition schema, generated from the operator registry
(policy_explorer.calculator.formula.OPERATORS), and what the checks read from an expression (facts, parts)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policy_explorer.calculator.formula import OPERATORS
from policy_explorer.calculator.operators import Arg, UnhandledOperator

from .common import _walk
from .fields import AMOUNT, BILINGUAL, CAP_SCOPES, FACT_REF, ID, NUMBER, RATE, _op


def _facts_in(node: Any) -> Iterator[tuple[tuple, str]]:
    """Every fact id an expression or condition reads, with its relative path (the keys holding a
    fact are those the operator registry declares so, and a condition's ``fact`` and ``growth``)."""
    keys = sorted({"fact", *(a.key for op in OPERATORS.values() for a in op.args if a.kind == "fact")})
    for where, value in _walk(node):
        if isinstance(value, dict):
            for key in keys:
                if isinstance(value.get(key), str):
                    yield (*where, key), value[key]
            if isinstance(value.get("growth"), list):
                for i, f in enumerate(value["growth"]):
                    if isinstance(f, str):
                        yield (*where, "growth", i), f


def _refs_in(node: Any) -> Iterator[tuple[tuple, str]]:
    for where, value in _walk(node):
        if isinstance(value, dict) and isinstance(value.get("ref"), str):
            yield (*where, "ref"), value["ref"]


def _has_up_to(node: Any) -> bool:
    return any(isinstance(v, dict) and ("up_to" in v or "ordinarily" in v) for _, v in _walk(node))


SCHEMA_WALKER = "the document schema (policy_explorer.document.formula)"


def _kind_schema(arg: Arg) -> dict[str, Any]:
    """The JSON Schema of one operator key, from the kind the registry declares for it."""
    expr = {"$ref": "#/$defs/expression"}
    exprs = {"type": "array", "items": expr, "minItems": 1}
    kinds: dict[str, Any] = {
        "expr": expr,
        "exprs": exprs,
        "pair": {"type": "array", "items": expr, "minItems": 2, "maxItems": 2},
        "expr_or_exprs": {"oneOf": [expr, exprs]},
        "cond": {"$ref": "#/$defs/condition"},
        "fact": FACT_REF,
        "id": ID,
        "amount": AMOUNT,
        "months": {"type": "integer", "minimum": 1, "maximum": 1200},
        "scope": {"enum": CAP_SCOPES},
        "bilingual": BILINGUAL,
        "flag": {"type": "boolean"},
    }
    if arg.kind == "records":
        out: dict[str, Any] = {"type": "array", "minItems": 1, "items": _operator_schema(arg.fields)}
    elif arg.kind in kinds:
        out = kinds[arg.kind]
    else:
        raise UnhandledOperator(SCHEMA_WALKER, f"{arg.key}: {arg.kind}")
    return {"description": arg.description, **out} if arg.description else out


def _operator_schema(args: tuple[Arg, ...]) -> dict[str, Any]:
    """An object keyed by its first key; the others required unless optional."""
    first, *others = args
    return _op(
        first.key,
        _kind_schema(first),
        **{("?" if a.optional else "") + a.key: _kind_schema(a) for a in others},
    )


def _expression_defs() -> dict[str, Any]:
    cond = {"$ref": "#/$defs/condition"}
    compare = {k: NUMBER for k in ("gte", "gt", "lte", "lt", "eq")}
    return {
        # One branch per operator of the registry, in its order.
        "expression": {"oneOf": [NUMBER, *(_operator_schema(op.args) for op in OPERATORS.values())]},
        "condition": {
            "oneOf": [
                {
                    "type": "object",
                    "required": ["fact"],
                    "properties": {"fact": FACT_REF, **compare, "is": {"type": "boolean"}},
                    "additionalProperties": False,
                    "minProperties": 2,
                    "maxProperties": 2,
                },
                {
                    "type": "object",
                    "required": ["growth"],
                    "properties": {
                        "growth": {"type": "array", "items": FACT_REF, "minItems": 2, "maxItems": 2},
                        "gt": RATE,
                        "gte": RATE,
                    },
                    "additionalProperties": False,
                    "minProperties": 2,
                    "maxProperties": 2,
                },
                _op("all", {"type": "array", "items": cond, "minItems": 1}),
                _op("any", {"type": "array", "items": cond, "minItems": 1}),
                _op("not", cond),
            ]
        },
    }
