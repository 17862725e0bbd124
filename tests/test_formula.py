"""Each expression operator on small synthetic facts, with values worked out by hand."""

from decimal import Decimal

import pytest

from calculator.formula import Context, MissingFact, compile_cond, compile_expr

META = {
    "x": {"unit": "CNY", "label": {"zh": "金额", "en": "amount"}},
    "prev": {"unit": "CNY", "label": {"zh": "上年", "en": "before"}},
    "n": {"unit": "count", "label": {"zh": "数量", "en": "count"}},
    "flag": {"unit": "boolean", "label": {"zh": "标志", "en": "flag"}},
}


def ev(node, defaults=False, **facts):
    ctx = Context({k: (v if isinstance(v, bool) else Decimal(v)) for k, v in facts.items()}, META, defaults)
    value = compile_expr(node, META)(ctx)
    return value.lo, value.hi


def test_rate_and_cap():
    node = {"cap": [{"max": "200万", "per": "enterprise"}], "of": {"rate": "30%", "of": {"fact": "x"}}}
    assert ev(node, x=10_000_000) == (2_000_000, 2_000_000)
    assert ev(node, x=1_000_000) == (300_000, 300_000)


def test_per_units_and_sum_diff_min_max():
    assert ev({"per": 60, "units": [{"fact": "n"}, 12]}, n=200) == (144_000, 144_000)
    assert ev({"diff": [{"fact": "x"}, {"fact": "prev"}]}, x=5, prev=8) == (0, 0)
    assert ev({"sum": [1, 2, 3]}) == (6, 6)
    assert ev({"min": [{"fact": "x"}, 7]}, x=9) == (7, 7)
    assert ev({"max": [{"fact": "x"}, 7]}, x=9) == (9, 9)


def test_steps():
    node = {"steps": {"fact": "x"}, "every": "200万", "pay": "10万"}
    assert ev(node, x=10_500_000) == (500_000, 500_000)  # 5 full steps
    assert ev(node, x=1_999_999) == (0, 0)


def test_tiers_inclusive_and_strict():
    node = {
        "tiers": {"fact": "x"},
        "levels": [{"from": "3000万", "value": 1}, {"from": "5000万", "value": 2}],
    }
    assert ev(node, x=30_000_000) == (1, 1)
    assert ev(node, x=50_000_000) == (2, 2)
    assert ev(node, x=29_999_999) == (0, 0)
    strict = {"tiers": {"fact": "x"}, "levels": [{"from": "3000万", "above": True, "value": 1}]}
    assert ev(strict, x=30_000_000) == (0, 0)


def test_ladder_top_up():
    levels = [
        {"from": "5000万", "amount": "10万"},
        {"from": "1亿", "amount": "20万"},
        {"from": "2亿", "amount": "50万"},
    ]
    node = {"ladder": {"fact": "x"}, "levels": levels, "top_up_from": {"fact": "prev"}}
    assert ev(node, x=120_000_000, prev=60_000_000) == (100_000, 100_000)  # 20万 − 10万
    assert ev(node, x=250_000_000, prev=0) == (500_000, 500_000)
    assert ev(node, x=60_000_000, prev=120_000_000) == (0, 0)


def test_grades_and_up_to():
    node = {
        "cap": [{"max": "100万", "per": "year"}],
        "of": {
            "grades": [
                {"rate": "50%", "of": {"fact": "x"}},
                {"rate": "35%", "of": {"fact": "x"}},
                {"rate": "20%", "of": {"fact": "x"}},
            ]
        },
    }
    assert ev(node, x=1_000_000) == (200_000, 500_000)
    assert ev(node, x=10_000_000) == (1_000_000, 1_000_000)
    assert ev({"up_to": "500万"}) == (None, 5_000_000)


def test_if_and_conditions():
    node = {"rate": {"if": {"fact": "flag", "is": True}, "then": "60%", "else": "50%"}, "of": {"fact": "x"}}
    assert ev(node, x=100, flag=True) == (60, 60)
    assert ev(node, x=100, flag=False) == (50, 50)
    growth = compile_cond({"growth": ["x", "prev"], "gt": "20%"}, META)
    assert growth(Context({"x": Decimal(121), "prev": Decimal(100)}, META))[0] is True
    assert growth(Context({"x": Decimal(120), "prev": Decimal(100)}, META))[0] is False


def test_missing_facts_and_defaults():
    with pytest.raises(MissingFact):
        ev({"fact": "x"})
    assert ev({"per": 10, "units": {"fact": "n"}}, defaults=True) == (0, 0)  # a count defaults to 0
    with pytest.raises(MissingFact):
        ev({"fact": "x"}, defaults=True)  # an amount never does
    either = compile_cond({"any": [{"fact": "x", "gt": 0}, {"fact": "prev", "gt": 0}]}, META)
    assert either(Context({"x": Decimal(1)}, META))[0] is True  # one known true part decides `any`
    with pytest.raises(MissingFact):
        either(Context({"x": Decimal(0)}, META))


def test_operator_is_found_whatever_the_key_order():
    """Compiled JSON is written with sorted keys: {"of": …, "rate": …} is still a rate (30% × 200万)."""
    meta = {"spend": {"id": "spend", "unit": "CNY", "label": {"zh": "支出", "en": "Spend"}}}
    node = {"of": {"fact": "spend"}, "rate": "30%"}
    value = compile_expr(node, meta)(Context({"spend": 2_000_000}, meta))
    assert (value.lo, value.hi) == (Decimal(600_000), Decimal(600_000))
