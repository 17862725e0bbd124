"""Each expression operator on small synthetic facts, with values worked out by hand."""

from decimal import Decimal

import pytest

from policy_explorer.calculator.formula import Context, MissingFact, compile_cond, compile_expr

META = {
    "x": {"unit": "CNY", "label": {"zh": "金额", "en": "amount"}},
    "prev": {"unit": "CNY", "label": {"zh": "上年", "en": "before"}},
    "n": {"unit": "count", "label": {"zh": "数量", "en": "count"}},
    "flag": {"unit": "boolean", "label": {"zh": "标志", "en": "flag"}},
}


def ev(node, **facts):
    ctx = Context({k: (v if isinstance(v, bool) else Decimal(v)) for k, v in facts.items()}, META)
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
    assert growth(Context({"x": Decimal(121), "prev": Decimal(100)}, META)).state is True
    assert growth(Context({"x": Decimal(120), "prev": Decimal(100)}, META)).state is False


def test_missing_facts_are_unknown_never_zero_or_no():
    """A count or yes/no the profile does not give is unknown: an amount needs it, a condition on it
    is neither true nor false (so no explanation can say "no ✗" for it)."""
    with pytest.raises(MissingFact):
        ev({"fact": "x"})
    with pytest.raises(MissingFact):
        ev({"per": 10, "units": {"fact": "n"}})  # a count is never taken as 0
    flag = compile_cond({"fact": "flag", "is": True}, META)(Context({}, META))
    assert flag.state is None and flag.missing == {"flag"}
    assert "✗" not in flag.text[1] and flag.text[1] == "flag: yes"  # what would have to hold
    count = compile_cond({"fact": "n", "gte": 50}, META)(Context({}, META))
    assert count.state is None and count.text == ("数量 ≥ 50", "count ≥ 50")
    either = compile_cond({"any": [{"fact": "x", "gt": 0}, {"fact": "prev", "gt": 0}]}, META)
    assert either(Context({"x": Decimal(1)}, META)).state is True  # one known true part decides `any`
    assert either(Context({"x": Decimal(0)}, META)).state is None  # false or unknown: unknown
    both = compile_cond({"all": [{"fact": "x", "gt": 0}, {"fact": "flag", "is": True}]}, META)
    assert both(Context({"x": Decimal(0)}, META)).state is False  # one known false part decides `all`
    negated = compile_cond({"not": {"fact": "flag", "is": True}}, META)(Context({}, META))
    assert negated.state is None
    with pytest.raises(MissingFact):  # a branch on an unknown fact cannot be chosen
        ev({"if": {"fact": "flag", "is": True}, "then": 1, "else": 2})


def test_ratio():
    """Futian 6.1: rent for at most 500 m² of 1,000 m² leased is half the rent (500 / 1000 = 50%)."""
    node = {"rate": {"ratio": [{"min": [500, {"fact": "n"}]}, {"fact": "n"}]}, "of": {"fact": "x"}}
    assert ev(node, n=1000, x=600_000) == (300_000, 300_000)
    assert ev(node, n=400, x=600_000) == (600_000, 600_000)
    assert ev({"ratio": [1, {"fact": "n"}]}, n=0) == (0, 0)


def test_operator_is_found_whatever_the_key_order():
    """Compiled JSON is written with sorted keys: {"of": …, "rate": …} is still a rate (30% × 200万)."""
    meta = {"spend": {"id": "spend", "unit": "CNY", "label": {"zh": "支出", "en": "Spend"}}}
    node = {"of": {"fact": "spend"}, "rate": "30%"}
    value = compile_expr(node, meta)(Context({"spend": 2_000_000}, meta))
    assert (value.lo, value.hi) == (Decimal(600_000), Decimal(600_000))
