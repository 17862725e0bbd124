"""A readable plain-text table of an estimate (``--format table --lang zh|en``): the items, what the
maximum assumes, how to apply for what is in force, and both totals (the likely one first, each with
its cash and vouchers apart) with their explanation."""

from __future__ import annotations

import unicodedata
from typing import Any

from .engine import amount_label
from .money import floor_label, fmt_cny
from .summary import ending_label, totals_line
from .whynot import why_line

STATUS = {
    "in_force": ("有效", "in force"),
    "expired": ("已失效", "expired"),
    "not_yet_in_force": ("未生效", "not yet in force"),
    "draft": ("征求意见稿", "draft"),
    "start_unknown": ("生效日期不详", "start date unknown"),
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _amount(item: dict, lang: str) -> str:
    if item.get("no_amount"):
        return amount_label(item, lang)
    hi, lo = item["max_cny"], item["min_cny"]
    if lo is None:
        text = ("最高" if lang == "zh" else "up to ") + fmt_cny(hi, lang)
    elif lo != hi:
        text = f"{fmt_cny(lo, lang)}–{fmt_cny(hi, lang)}"
    else:
        text = fmt_cny(hi, lang)
    if item.get("at_least"):  # blank counts taken as 0: a floor
        return floor_label(text, lo is None, lang)
    return text


def _status(item: dict, lang: str) -> str:
    """The status, with the policy's last day when it ends within 30 days or has ended."""
    word = STATUS[item["status"]][0 if lang == "zh" else 1]
    ending = ending_label(item, lang)
    return f"{word}（{ending}）" if ending and lang == "zh" else f"{word} ({ending})" if ending else word


def _conditions(item: dict, zh: bool) -> str:
    """Assumed conditions are counted as such; "confirmed" only where the engine says the reader's
    answers confirm every condition."""
    if item["assumed"]:
        return f"假设 {len(item['assumed'])} 项" if zh else f"{len(item['assumed'])} assumed"
    if item.get("confirmed"):
        return "已确认" if zh else "confirmed"
    return "未确认" if zh else "not confirmed"


def render_table(result: dict[str, Any], lang: str) -> str:
    """The estimate as aligned columns, then both totals and their explanation."""
    zh = lang == "zh"
    head = (
        ["政策", "条款", "标题", "状态", "金额", "计入", "条件"]
        if zh
        else ["policy", "clause", "title", "status", "amount", "counted", "conditions"]
    )
    rows = [head]
    for item in result["items"]:
        rows.append(
            [
                item["policy"],
                item["clause"],
                item["title"]["zh" if zh else "en"][:24],
                _status(item, lang),
                _amount(item, lang),
                ("是" if zh else "yes") if item["counted"] else ("否" if zh else "no"),
                _conditions(item, zh),
            ]
        )
    widths = [max(_width(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    assumed = [i for i in result["items"] if i["assumed"]]
    if assumed:  # apart from the table: what the maximum total takes as met without being told
        lines.append("按假设计入最高合计的条件（未填写）：" if zh else "Assumed in the maximum total:")
        for item in assumed:
            for a in item["assumed"]:
                lines.append(f"  {item['policy']} {item['clause']}: {a['zh' if zh else 'en']}")
        lines.append("")
    applying = [i for i in result["items"] if i.get("application") and i["status"] == "in_force"]
    if applying:  # how and when to apply, as the item's clause (or its document) says
        lines.append("如何申请：" if zh else "How to apply:")
        for item in applying:
            said = item["application"]
            lines.append(f"  {item['policy']} {item['clause']}: " + ("；" if zh else "; ").join(said[lang]))
            if said.get("url"):
                lines.append(f"    {said['url']}")
            if said.get("page"):  # the document's official page
                lines.append(("    政策原文：" if zh else "    The document: ") + said["page"])
        lines.append("")
    if result.get("why_not"):  # every clause of the place that gives nothing, and why
        lines.append("以下条款不给付，原因：" if zh else "Why these give nothing:")
        for entry in result["why_not"]:
            title = entry["title"]["zh" if zh else "en"][:24]
            lines.append(f"  {entry['policy']} {entry['clause']} {title}: {why_line(entry, lang)}")
        lines.append("")
    lines.append(totals_line(result, lang))
    lines.extend(result["totals_explain"]["zh" if zh else "en"])
    if result["needs"]:
        lines.append(
            f"另有 {len(result['needs'])} 条需补充信息（见 JSON 输出的 needs）"
            if zh
            else f"{len(result['needs'])} more clauses need facts not given (see `needs` in the JSON output)"
        )
    return "\n".join(lines)
