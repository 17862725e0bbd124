"""policy_explorer.calculator.summary: a total of 0 explained when the matching policies are not in force."""

from __future__ import annotations

from policy_explorer.calculator import estimate
from policy_explorer.calculator.summary import nothing_in_force

BINJIANG = {"zh": "滨江区", "en": "Binjiang"}


def test_a_draft_is_said_in_words(data):
    # Binjiang (二) "给予单个开源主体最高500万元的一次性分档奖励", in a draft for comment:
    # listed, not totalled.
    result = estimate(
        {"jurisdiction": "hangzhou-binjiang", "facts": {"open_source_project": True}},
        on="2025-06-01",
        data=data,
    )
    assert result["total_max_cny"] == 0
    assert nothing_in_force(result, BINJIANG) == {
        "zh": "滨江区的措施为征求意见稿，尚不能申请。",
        "en": "Binjiang's measures are a draft for comment: nothing can be claimed yet.",
        "short_zh": "征求意见稿",
        "short_en": "draft",
    }


def test_expired_measures_are_said_in_words(data):
    # The Shenzhen measures run two years from 2024-12-18, to 2026-12-17: on 2027-01-01 they have expired.
    result = estimate(
        {"jurisdiction": "shenzhen", "facts": {"compute_spend": 5_000_000}}, on="2027-06-01", data=data
    )
    assert result["total_max_cny"] == 0 and result["items"]
    assert nothing_in_force(result, {"zh": "深圳市", "en": "Shenzhen"})["en"] == (
        "Shenzhen's measures have expired: nothing can be claimed under them."
    )


def test_nothing_to_say_when_something_counts_or_nothing_matched(data):
    longgang = {"jurisdiction": "shenzhen-longgang", "startup": True, "facts": {"compute_spend": 5_000_000}}
    assert nothing_in_force(estimate(longgang, on="2025-06-01", data=data), BINJIANG) is None
    empty = estimate({"jurisdiction": "hangzhou-binjiang", "facts": {}}, on="2025-06-01", data=data)
    assert nothing_in_force(empty, BINJIANG) is None
