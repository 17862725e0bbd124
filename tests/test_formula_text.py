"""Formulas written out for readers (sitegen.formula_text): faithful to the expression, or None."""

from __future__ import annotations

from policy_explorer.sitegen.formula_text import formula_text

FACTS = {
    "area": {"label": {"zh": "面积", "en": "area"}},
    "months": {"label": {"zh": "月数", "en": "months"}},
    "rent": {"label": {"zh": "租金", "en": "rent"}},
    "spend": {"label": {"zh": "支出", "en": "spending"}},
    "prev": {"label": {"zh": "上年支出", "en": "last year's spending"}},
}
RENT = {
    "kind": "formula",
    "amount": {
        "cap": [{"max": "300万", "per": "enterprise_year"}],
        "of": {
            "min": [
                {"per": 60, "units": [{"fact": "area"}, {"fact": "months"}]},
                {"rate": "50%", "of": {"fact": "rent"}},
            ]
        },
    },
}


def test_a_rent_subsidy_reads_as_the_text_states_it():
    assert (
        formula_text(RENT, FACTS, "zh") == "min(60元 × 面积 × 月数, 50% × 租金)，上限 300万元（每家企业每年）"
    )
    assert formula_text(RENT, FACTS, "en") == (
        "min(CNY 60 × area × months, 50% × rent), capped at CNY 3,000,000 (per company per year)"
    )


def test_growth_rates_and_nested_caps_keep_their_brackets():
    benefit = {
        "amount": {
            "sum": [
                {"rate": "3%", "of": {"diff": [{"fact": "spend"}, {"fact": "prev"}]}},
                {"cap": [{"max": "10万"}], "of": {"rate": "1%", "of": {"fact": "spend"}}},
            ]
        }
    }
    assert formula_text(benefit, FACTS, "en") == (
        "(3% × (spending − last year's spending) + (1% × spending, capped at CNY 100,000))"
    )
    assert formula_text({"amount": {"up_to": "50万"}}, FACTS, "zh") == "最高 50万元"


def test_forms_it_does_not_write_out_give_none():
    tiers = {"amount": {"tiers": {"fact": "spend"}, "levels": [{"from": "100万", "value": "10万"}]}}
    assert formula_text(tiers, FACTS, "zh") is None
    nested = {"amount": {"cap": [{"max": "10万"}], "of": tiers["amount"]}}
    assert formula_text(nested, FACTS, "en") is None
    assert formula_text({"kind": "unquantified"}, FACTS, "en") is None
    assert formula_text({"parts": [{"amount": "10万"}], "amount": "10万"}, FACTS, "en") is None
