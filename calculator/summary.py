"""Why a total is 0 when the policies that would pay are not in force, said in words.

A reader who sees "0" for Binjiang cannot tell "nothing applies" from "the measures are a draft for
comment". The engine lists such items without totalling them; this says so for the page, the
widget and the comparison chart (``calculator.browser``), in both languages.
"""

from __future__ import annotations

from typing import Any

# Each status not in force: what it means for a claim, {zh, en}.
_WHY = {
    "draft": (
        "的措施为征求意见稿，尚不能申请",
        "'s measures are a draft for comment: nothing can be claimed yet",
    ),
    "expired": ("的措施已失效，不能再申请", "'s measures have expired: nothing can be claimed under them"),
    "not_yet_in_force": (
        "的措施尚未生效，暂不能申请",
        "'s measures are not yet in force: nothing can be claimed yet",
    ),
}
_SHORT = {
    "draft": ("征求意见稿", "draft"),
    "expired": ("已失效", "expired"),
    "not_yet_in_force": ("未生效", "not yet in force"),
}


def nothing_in_force(result: dict[str, Any], name: dict[str, str]) -> dict[str, str] | None:
    """``{zh, en, short_zh, short_en}`` when the totals are 0 only because the policies whose clauses
    match are not in force on the day asked (None otherwise: something counts, or nothing matched).

    ``name`` is the jurisdiction's name {zh, en}; ``short_*`` is the status alone, for a chart bar.
    """
    if result["total_max_cny"] or not result["items"]:
        return None
    statuses = {item["status"] for item in result["items"]}
    if "in_force" in statuses:
        return None  # in force, but paid to someone else or not counted: the items say why
    # One status for all: that status's sentence; several: each named, the first one's wording.
    order = [s for s in _WHY if s in statuses]
    zh = "；".join(f"{name['zh']}{_WHY[s][0]}" for s in order[:1])
    en = "; ".join(f"{name['en']}{_WHY[s][1]}" for s in order[:1])
    if len(order) > 1:
        zh += "（另有" + "、".join(_SHORT[s][0] for s in order[1:]) + "的措施）"
        en += " (others are " + ", ".join(_SHORT[s][1] for s in order[1:]) + ")"
    return {
        "zh": zh + "。",
        "en": en + ".",
        "short_zh": "、".join(_SHORT[s][0] for s in order),
        "short_en": ", ".join(_SHORT[s][1] for s in order),
    }
