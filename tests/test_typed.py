"""policy_explorer.calculator.typed: amounts and numbers as readers type them, read exactly (no floats)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy_explorer.calculator import CalculatorError
from policy_explorer.calculator.typed import read_amount, read_number

F = "facts.compute_spend"


@pytest.mark.parametrize(
    ("text", "unit", "yuan"),
    [
        # As the texts write their amounts: "每年安排最高1亿元“算力券”" (1亿元 = 100,000,000 yuan) and
        # "给予最高不超过5000万元资助" (5000万元 = 50,000,000 yuan), typed with or without 元.
        ("1亿元", "wan", 100_000_000),
        ("1亿", "cny", 100_000_000),
        ("5000万元", "cny", 50_000_000),
        ("5000", "wan", 50_000_000),  # a bare number is in the form's unit: 5000 万元
        # Full-width digits, as a Chinese input method types them: ２０００ 万元 = 20,000,000 yuan.
        ("２０００", "wan", 20_000_000),
        ("２０００万", "cny", 20_000_000),
        ("１．５亿", "wan", 150_000_000),
        # Magnitudes combine (千万 = 10^7) and state their own scale whatever the form's unit.
        ("2千万", "wan", 20_000_000),
        ("2千万", "cny", 20_000_000),
        ("1.5亿", "wan", 150_000_000),
        ("1亿2千万", "cny", 120_000_000),
        ("3百万", "wan", 3_000_000),
        ("12.5万", "cny", 125_000),
        # Grouping commas, ASCII or full-width, and spaces.
        ("1,250", "wan", 12_500_000),
        ("1，250.5", "wan", 12_505_000),
        ("12 345 678", "cny", 12_345_678),
        ("¥1,000,000", "cny", 1_000_000),
        ("2.5m", "cny", 2_500_000),
        ("0.0001", "wan", 1),  # the smallest amount in 万元: one yuan
    ],
)
def test_amounts_are_read_as_typed(text, unit, yuan):
    got = read_amount(text, unit, F)
    assert got == yuan and isinstance(got, int)


def test_large_amounts_stay_exact():
    # 9,007,199,254,740,993 yuan is past a float's exact integers (2^53 + 1): read digit for digit.
    assert read_amount("9007199254740993", "cny", F) == 9_007_199_254_740_993
    assert read_amount("900719925474.0993", "wan", F) == 9_007_199_254_740_993


@pytest.mark.parametrize(
    "text",
    ["", "abc", "5x", "1..5", "-5", "1e6", "万", "2千万5", "1千万1亿", "1万1万", "1.5.2", "12.5", "0.00001"],
)
def test_what_is_not_an_amount_is_named_with_what_to_type(text):
    unit = "cny" if text == "12.5" else "wan"
    with pytest.raises(CalculatorError) as err:
        read_amount(text, unit, F)
    assert err.value.field == F
    assert "amount" in err.value.message or "whole yuan" in err.value.message


def test_a_fraction_of_a_yuan_is_refused_not_rounded():
    with pytest.raises(CalculatorError, match="whole yuan"):
        read_amount("12.5", "cny", F)


def test_an_unknown_unit_is_named():
    with pytest.raises(CalculatorError) as err:
        read_amount("1", "usd", F)
    assert err.value.field == "unit"


@pytest.mark.parametrize(
    ("text", "whole", "value"),
    [
        ("３", True, 3),
        ("1,200", True, 1200),
        ("35.5", False, Decimal("35.5")),
        ("１２０", False, Decimal(120)),
    ],
)
def test_numbers_are_read_as_typed(text, whole, value):
    assert read_number(text, whole, "facts.x") == value


@pytest.mark.parametrize(("text", "whole"), [("3.5", True), ("three", True), ("1.2.3", False), ("", False)])
def test_what_is_not_a_number_is_named(text, whole):
    with pytest.raises(CalculatorError) as err:
        read_number(text, whole, "facts.x")
    assert err.value.field == "facts.x"


# Look-alikes that NFKC turns into digits, magnitudes typed twice or mixed, and a decimal comma are
# not amounts anyone means: refused, never read as another number (1,5 is not 15).
@pytest.mark.parametrize(
    "text", ["1²万", "①⓪万", "1mk", "1km", "1十十十", "1万万", "1亿万", "1,5", "12,34", "1.5,0"]
)
def test_odd_characters_repeated_magnitudes_and_decimal_commas_are_refused(text):
    with pytest.raises(CalculatorError) as err:
        read_amount(text, "wan", F)
    assert err.value.field == F and "amount" in err.value.message


@pytest.mark.parametrize("text", ["1²", "①⓪", "1,5"])
def test_odd_numbers_are_refused(text):
    with pytest.raises(CalculatorError) as err:
        read_number(text, True, "facts.x")
    assert err.value.field == "facts.x"


def test_magnitudes_that_combine_as_chinese_writes_them_still_read():
    # 千万 = 10^7, 百万 = 10^6, 万亿 = 10^12 ("万亿元" as budgets are stated), one per term.
    assert read_amount("1万亿", "cny", F) == 10**12
    assert read_amount("5百万", "cny", F) == 5_000_000


@pytest.mark.parametrize("text", ["1" + "k" * 300_000, "1" + "0" * 5000, "9" * 64 + "亿", "1" + "亿" * 40])
def test_a_huge_or_long_amount_is_an_input_error_at_once(text):
    import time

    start = time.perf_counter()
    with pytest.raises(CalculatorError) as err:
        read_amount(text, "wan", F)
    assert time.perf_counter() - start < 0.5
    assert err.value.field == F and "please report" not in err.value.message


def test_a_huge_amount_in_the_browser_is_an_input_error_not_a_bug_report():
    import json

    from policy_explorer.calculator.browser import handle

    answer = json.loads(handle(json.dumps({"profile": {}, "typed": {"compute_spend": "9" * 5000}})))
    assert answer["ok"] is False and answer["field"] == "facts.compute_spend", answer
    assert "please report" not in answer["message"]


def test_a_site_in_another_currency_reads_its_own_symbol_and_code():
    """A EUR site (policies/site.yaml) writes €1,250,000: a reader who types it, or 1250000 EUR,
    means 1,250,000 euros; the message for a wrong amount gives no 万 example."""
    from policy_explorer.calculator.money import use_currency
    from policy_explorer.calculator.typed import TypedError, read_amount

    try:
        use_currency({"code": "EUR", "symbol": "€", "chinese_units": False})
        assert read_amount("€1,250,000", "cny", "f") == 1_250_000
        assert read_amount("1250000 EUR", "cny", "f") == 1_250_000
        with pytest.raises(TypedError) as caught:
            read_amount("lots", "cny", "f")
        assert "万" not in caught.value.message and "1,250,000" in caught.value.message
    finally:
        use_currency(None)
