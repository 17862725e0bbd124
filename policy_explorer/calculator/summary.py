"""Why a total is 0 when the policies that would pay are not in force, said in words.

A reader who sees "0" for Binjiang cannot tell "nothing applies" from "the measures are a draft for
comment". The engine lists such items without totalling them; this says so for the page, the
widget and the comparison chart (``policy_explorer.calculator.browser``), in both languages.
"""

from __future__ import annotations

from typing import Any

from .engine import ENDING_SOON, amount_label
from .money import floor_label, fmt_cny

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


def amount_text(item: dict[str, Any], lang: str) -> str:
    """An item's amount as the pages word it, with "at least" when blanks made it a floor."""
    label = amount_label(item, lang)
    if not item.get("at_least") or item.get("no_amount"):
        return label
    return floor_label(label, item["min_cny"] is None, lang)


def split_label(total_cny: int, vouchers_cny: int, lang: str) -> str | None:
    """How much of a total is cash and how much vouchers (None when no voucher is in it)."""
    if not vouchers_cny:
        return None
    cash = fmt_cny(total_cny - vouchers_cny, lang)
    vouchers = fmt_cny(vouchers_cny, lang)
    return f"其中现金 {cash}，券 {vouchers}" if lang == "zh" else f"cash {cash}, vouchers {vouchers}"


def ending_label(item: dict[str, Any], lang: str) -> str | None:
    """When the item's policy ends, if soon (within the engine's ENDING_SOON days) or already past."""
    end, left = item.get("ends"), item.get("days_left")
    if item["status"] == "expired" and end:
        return f"{end}已到期" if lang == "zh" else f"ended {end}"
    if item["status"] != "in_force" or left is None or left > ENDING_SOON:
        return None
    if left == 0:
        return f"今天（{end}）到期" if lang == "zh" else f"ends today ({end})"
    if lang == "zh":
        return f"{end}到期，还剩{left}天"
    return f"ends {end}, {left} {'day' if left == 1 else 'days'} left"


LIKELY_EN = "Likely (conservative total)"


def totals_line(result: dict[str, Any], lang: str) -> str:
    """The likely (conservative) total first, the maximum beside it, each with its cash and vouchers."""
    parts = []
    for total, vouchers, zh, en in (
        (
            "total_conservative_cny",
            "vouchers_conservative_cny",
            "可能获得（保守合计）",
            "Likely (conservative total)",
        ),
        ("total_max_cny", "vouchers_max_cny", "最高合计", "Maximum total"),
    ):
        text = f"{zh if lang == 'zh' else en}：{fmt_cny(result[total], lang)}"
        if lang != "zh":
            text = text.replace("：", ": ")
        split = split_label(result[total], result.get(vouchers, 0), lang)
        if split:
            text += f"（{split}）" if lang == "zh" else f" ({split})"
        parts.append(text)
    return " · ".join(parts)
