"""Profile checks (the same rules the CLI applies), from the Python API."""

import datetime as dt
from decimal import Decimal

import pytest

from policy_explorer.calculator import CalculatorError, estimate


def test_float_amounts_from_python_are_taken_exactly(data):
    result = estimate(
        {"jurisdiction": "xiamen", "facts": {"compute_spend": 400000.5}}, on="2025-06-01", data=data
    )
    assert result["items"][0]["max_cny"] == 200_000  # 50% × 400,000.5 = 200,000.25 → rounded down


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN"), "1", None, [1]])
def test_non_numbers_are_rejected(data, value):
    with pytest.raises(CalculatorError) as err:
        estimate({"jurisdiction": "shenzhen", "facts": {"compute_spend": value}}, on="2025-06-01", data=data)
    assert err.value.field == "facts.compute_spend"


def test_startup_given_twice_must_agree(data):
    with pytest.raises(CalculatorError) as err:
        estimate(
            {"jurisdiction": "shenzhen", "startup": True, "facts": {"startup": False}},
            on="2025-06-01",
            data=data,
        )
    assert err.value.field == "startup"


def test_level_fact_choices(data):
    with pytest.raises(CalculatorError) as err:
        estimate({"jurisdiction": "xiamen", "facts": {"first_set_level": 9}}, on="2025-06-01", data=data)
    # A short name is read as the one fact it means in Xiamen; the error names it as written.
    assert err.value.field == "facts.first_set_level"


@pytest.mark.parametrize(
    ("profile", "on", "field"),
    [
        ({"jurisdiction": "shenzhen", 1: 2}, "2025-06-01", "profile"),
        ({"jurisdiction": "shenzhen", "facts": {None: 1}}, "2025-06-01", "facts"),
        ({"jurisdiction": "shenzhen"}, dt.datetime(2025, 6, 1, 12, 0), "on"),
    ],
)
def test_python_callers_get_a_calculator_error(data, profile, on, field):
    with pytest.raises(CalculatorError) as raised:
        estimate(profile, on=on, data=data)
    assert raised.value.field == field
