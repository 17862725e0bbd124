"""The formula operators' shape: each operator declared once, with its keys and how it evaluates.

The registry itself is :data:`policy_explorer.calculator.formula.OPERATORS` (next to the functions that
evaluate). Every walker over an expression takes its operator list from it: the evaluator, the published JSON
Schema, the reader's formula text, the comparison terms, the change feed and the validator. A walker
keeps a table of its own rule per operator and calls :func:`require` with it, so an operator added to
the registry and forgotten by one walker fails loudly there, instead of vanishing from a table or
the feed.

This module imports nothing from the rest of the engine: it only describes shapes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

# What a key of an operator holds; the schema writes each kind as its JSON Schema fragment.
KINDS = {
    "expr": "one expression",
    "exprs": "a list of one or more expressions",
    "pair": "a list of exactly two expressions",
    "expr_or_exprs": "one expression or a list of them",
    "cond": "one condition",
    "fact": "a fact's id",
    "id": "an id (a part's name)",
    "amount": "a literal amount or rate (200万, 30%)",
    "months": "a whole number of months",
    "scope": "a cap scope (policy_explorer.calculator.formula.CAP_SCOPE)",
    "bilingual": "a text in zh and en",
    "flag": "true or false",
    "records": "a list of one or more objects, each with the keys in ``fields``",
}


@dataclass(frozen=True)
class Arg:
    """One key of an operator (or of a record inside one): what it holds, whether it may be left out."""

    key: str
    kind: str
    optional: bool = False
    fields: tuple[Arg, ...] = ()  # kind "records": each record's keys, the first one naming it
    description: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"operator key `{self.key}`: unknown kind `{self.kind}` ({sorted(KINDS)})")


@dataclass(frozen=True)
class Operator:
    """An operator: the key that names it (``args[0]``), its other keys, and its evaluator.

    ``evaluate`` compiles a node into a function of a :class:`policy_explorer.calculator.formula.Context`.
    """

    name: str
    args: tuple[Arg, ...]
    evaluate: Callable[[dict, dict], Any] | None = None
    summary: str = ""

    def __post_init__(self) -> None:
        if not self.args or self.args[0].key != self.name:
            raise ValueError(f"operator `{self.name}`: its first key must be its own name")

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key a node of this operator may have."""
        return tuple(a.key for a in self.args)


class UnhandledOperator(LookupError):
    """A walker met (or was handed a registry with) an operator it has no rule for."""

    def __init__(self, walker: str, name: str) -> None:
        super().__init__(
            f"{walker}: no rule for the formula operator `{name}`; every operator in "
            f"policy_explorer.calculator.formula.OPERATORS needs one here (write it, or say explicitly "
            f"that this walker leaves `{name}` out)"
        )
        self.walker = walker
        self.operator = name


def require(walker: str, rules: Collection[str], registry: Mapping[str, Operator]) -> None:
    """Fail loudly unless ``rules`` (a walker's table) names every registered operator."""
    for name in registry:
        if name not in rules:
            raise UnhandledOperator(walker, name)


def operator_of(node: Mapping[str, Any], registry: Mapping[str, Operator]) -> str | None:
    """The operator a node is keyed by (its other keys are operands), or None for a plain record.

    Key order does not matter: compiled JSON is written with sorted keys.
    """
    return next((key for key in node if key in registry), None)
