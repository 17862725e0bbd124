"""The validator's checks of the model's shapes (policy_explorer/shapes.py and the validity rules).

Each broken fixture document gets one clear ``file:line: message`` naming the field and what to do.
"""

from __future__ import annotations

import re

import pytest
from fixture_policies import policies_with_fixture

from policy_explorer.check import validate

CITY = "documents/example-city-ai-2026.yaml"
ZONE = "documents/example-city-demo-zone-ai-2026.yaml"
DATA = "documents/example-city-data-2026.yaml"


@pytest.fixture()
def policies(tmp_path):
    return policies_with_fixture(tmp_path / "policies")


def test_the_fixture_with_every_shape_is_valid(policies):
    assert validate(policies) == []


BROKEN = {
    "a combined cap without its maximum": (CITY, '    max: "400万"\n', "", r"combined_cap.* needs `max`"),
    "a combined cap over a clause that does not exist": (
        ZONE,
        '      - {clause: "5"}\n',
        '      - {clause: "9"}\n',
        r"`over` names example-city-demo-zone-ai-2026 clause 9, which does not exist",
    ),
    "a combined cap over a part that does not exist": (
        CITY,
        '      - {clause: "3", part: model}\n',
        '      - {clause: "3", part: models}\n',
        r"clause 3 has no part `models`; its parts: compute, model",
    ),
    "a ceiling written as a bare rate": (
        ZONE,
        'max: {rate: "60%", of: {fact: compute_spend}}',
        'max: "60%"',
        r"`max: 60%` is a rate; a ceiling is money: write `max: \{rate: \"60%\", of: \{fact: …\}\}`",
    ),
    "a combined cap without a scope": (CITY, "    per: enterprise_year\n", "", r"per: not_stated"),
    "a ceiling's maximum reading an unknown fact": (
        ZONE,
        '{rate: "60%", of: {fact: compute_spend}}',
        '{rate: "60%", of: {fact: compute_spent}}',
        r"unknown fact `compute_spent` in the ceiling's `max`",
    ),
    "a part in an unknown category": (
        CITY,
        "          category: model_voucher\n",
        "          category: model_vouchers\n",
        r"unknown category `model_vouchers`",
    ),
    "parts that all leave the clause's own category": (
        CITY,
        "          category: compute_voucher\n",
        "          category: corpus_voucher\n",
        r"none of them the clause's `compute_voucher`",
    ),
    "an open-ended policy with a duration": (
        ZONE,
        "  until: open_ended\n",
        "  until: open_ended\n  years: 3\n",
        r"`until: open_ended` means no last day",
    ),
    "validity with neither a start nor 'after publication'": (
        DATA,
        "  after_publication: {days: 30}\n",
        "",
        r"give `from`.*after_publication: \{days: N\}",
    ),
    "validity with no end and no `until`": (
        DATA,
        "  until: not_stated\n",
        "",
        r"`until: not_stated` where it states no end",
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_each_broken_shape_gets_one_clear_message(policies, case):
    rel, old, new, pattern = BROKEN[case]
    path = policies / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    messages = [str(p) for p in validate(policies)]
    assert len(messages) == 1, messages
    assert rel.split("/")[-1] in messages[0]
    assert re.search(pattern, messages[0]), messages[0]
