"""The operator registry (policy_explorer.calculator.operators, policy_explorer.calculator.formula.OPERATORS):
every walker over an
expression takes its operators from it, and one that meets an operator it has no rule for fails
loudly, naming itself and the operator, instead of leaving it out of a table or the feed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy_explorer import validate
from policy_explorer.calculator import formula
from policy_explorer.calculator.formula import OPERATORS, Context, Value, compile_expr
from policy_explorer.calculator.operators import Arg, Operator, UnhandledOperator
from policy_explorer.history import diff
from policy_explorer.schema import document_schema
from policy_explorer.sitegen import formula_text, terms

FACTS = {"spend": {"unit": "CNY", "label": {"zh": "支出", "en": "spending"}}}
DUMMY = {"dummy": {"fact": "spend"}}


def _twice(node: dict, meta: dict) -> formula.Expr:
    inner = compile_expr(node["dummy"], meta)

    def run(ctx: Context) -> Value:
        v = inner(ctx)
        return Value(v.lo * 2, v.hi * 2, v.unit)

    return run


@pytest.fixture
def dummy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new operator in the registry, known to the evaluator and nowhere else."""
    monkeypatch.setitem(OPERATORS, "dummy", Operator("dummy", (Arg("dummy", "expr"),), _twice))


def test_every_operator_evaluates_and_is_named_by_one_key():
    keys = {a.key for op in OPERATORS.values() for a in op.args[1:]}
    assert all(op.evaluate is not None for op in OPERATORS.values())
    # A node's operator is found by its key alone: no operand key is also an operator's name.
    assert not keys & set(OPERATORS)


def test_every_walker_has_a_rule_for_each_operator_and_no_other():
    for table in (formula_text._WRITERS, terms._RULES, diff._OPERATOR_KEYS):
        assert set(table) == set(OPERATORS)


def test_the_evaluator_and_the_schema_take_a_new_operator_from_the_registry(dummy):
    value = compile_expr(DUMMY, FACTS)(Context({"spend": Decimal(100)}, FACTS))
    assert (value.lo, value.hi) == (200, 200)
    schema = document_schema()
    branches = [b for b in schema["$defs"]["expression"]["oneOf"] if b.get("required") == ["dummy"]]
    assert branches == [
        {
            "type": "object",
            "required": ["dummy"],
            "properties": {"dummy": {"$ref": "#/$defs/expression"}},
            "additionalProperties": False,
        }
    ]
    # The validator checks documents against that schema: the new operator is accepted, a typo is not.
    expression = validate._Validator({"$defs": schema["$defs"], "$ref": "#/$defs/expression"})
    assert list(expression.iter_errors(DUMMY)) == []
    assert list(expression.iter_errors({"dumy": {"fact": "spend"}})) != []
    assert list(validate._facts_in(DUMMY)) == [(("dummy", "fact"), "spend")]


@pytest.mark.parametrize(
    ("walker", "run"),
    [
        ("formula text", lambda: formula_text.formula_text({"amount": DUMMY}, FACTS, "en")),
        ("comparison terms", lambda: terms.benefit_terms({"amount": DUMMY}, FACTS)),
        ("change feed", lambda: diff.diff_documents({}, {})),
    ],
)
def test_a_walker_without_a_rule_for_a_new_operator_fails_naming_both(dummy, walker, run):
    with pytest.raises(UnhandledOperator, match=rf"{walker} .*operator `dummy`") as error:
        run()
    assert error.value.operator == "dummy"


def test_an_operator_declared_without_an_evaluator_fails_in_the_evaluator(monkeypatch):
    monkeypatch.setitem(OPERATORS, "dummy", Operator("dummy", (Arg("dummy", "expr"),)))
    with pytest.raises(UnhandledOperator, match=r"the evaluator .*operator `dummy`"):
        compile_expr(DUMMY, FACTS)


def test_an_operator_key_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind `money`"):
        Arg("pay", "money")
