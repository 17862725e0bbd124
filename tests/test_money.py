"""Exact literals, rounding down, and formatting."""

from decimal import Decimal

from policy_explorer.calculator.money import fmt_cny, fmt_rate, parse_literal, to_yuan


def test_parse_literal():
    assert parse_literal("30%") == (Decimal("0.3"), True)
    assert parse_literal("0.6%") == (Decimal("0.006"), True)
    assert parse_literal("200万") == (Decimal(2_000_000), False)
    assert parse_literal("1.5亿") == (Decimal(150_000_000), False)
    assert parse_literal("60元") == (Decimal(60), False)
    assert parse_literal(2000000) == (Decimal(2_000_000), False)


def test_round_down_to_yuan():
    assert to_yuan(Decimal("12345.99")) == 12345
    assert to_yuan(Decimal("0.6") * Decimal("333")) == 199  # 199.8
    assert to_yuan(Decimal(0)) == 0


def test_format():
    assert fmt_cny(10_000_000, "zh") == "1,000万元"
    assert fmt_cny(3_000_000, "zh") == "300万元"
    assert fmt_cny(25_000, "zh") == "2.5万元"
    assert fmt_cny(200_000_000, "zh") == "2亿元"
    assert fmt_cny(9_999, "zh") == "9,999元"
    assert fmt_cny(3_000_000, "en") == "CNY 3,000,000"
    assert fmt_cny(Decimal("12.5"), "en") == "CNY 12.5"
    assert fmt_rate(Decimal("0.3")) == "30%"
    assert fmt_rate(Decimal("0.006")) == "0.6%"


def test_a_floor_is_at_least_x_and_an_up_to_floor_is_never_at_least_up_to():
    from policy_explorer.calculator.money import floor_label

    assert floor_label("140万元", False, "zh") == "至少 140万元"
    assert floor_label("CNY 1,400,000", False, "en") == "at least CNY 1,400,000"
    assert floor_label("最高140万元", True, "zh") == "最高140万元（按已填写的数量；补填其余可能更多）"
    assert "at least" not in floor_label("up to CNY 1,400,000", True, "en")


def test_another_currency_is_written_with_its_symbol_and_separators_and_no_wan():
    from policy_explorer.calculator.money import fmt_number, use_currency

    try:
        use_currency({"code": "EUR", "symbol": "€", "grouping": ",", "decimal": ".", "chinese_units": False})
        assert fmt_cny(1_250_000, "en") == "€1,250,000"
        assert fmt_cny(1_250_000, "zh") == "€1,250,000"  # no 万 where the site does not count in them
        use_currency({"code": "EUR", "symbol": "€ ", "grouping": ".", "decimal": ",", "chinese_units": False})
        assert fmt_cny(Decimal("1250000.5"), "en") == "€ 1.250.000,5"
        assert fmt_number(12_000) == "12.000"
    finally:
        use_currency(None)
    assert fmt_cny(3_000_000, "en") == "CNY 3,000,000"
