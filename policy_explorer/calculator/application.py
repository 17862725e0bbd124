"""How and when to apply for a clause, resolved and worded in both languages.

A document's ``application`` block applies to every clause; a clause's own block overrides it
field by field (a clause may name its own window or department). The wording is done here, once,
so the site's pages, the CLI and the browser shim show the same sentences and no rule lives in JS.
Only what the text states is shown: a window the text does not give is "not stated", never a date.
Every clause has a block (issue 29): where the text says nothing on applying, the block says that in
plain words, names no unit it does not name, and gives the document's official page where its
address is known.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def resolve(
    document: dict[str, Any] | None, clause: dict[str, Any] | None, responsible: list | None = None
) -> dict[str, Any]:
    """The clause's application: the document's block with the clause's fields laid over it.

    Where no department is named, the units the clause lists as responsible (责任单位) are given
    as such: the text names them, so a reader knows whom to ask, but it does not say they take
    the applications. A clause with neither gets a block that says the text names none.
    """
    out = {**(document or {}), **(clause or {})}
    if responsible and "department" not in out:
        out["responsible"] = list(responsible)
    return out


def _day(value: str, lang: str) -> str:
    day = dt.date.fromisoformat(value)
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _window(window: dict[str, Any] | None, lang: str) -> str:
    kind = (window or {}).get("kind")
    zh = lang == "zh"
    if kind == "dates":
        start, end = window.get("from"), window["to"]
        if start:
            return (
                f"申报时间：{_day(start, lang)}至{_day(end, lang)}"
                if zh
                else f"Apply from {_day(start, lang)} to {_day(end, lang)}"
            )
        return f"申报截止：{_day(end, lang)}" if zh else f"Apply by {_day(end, lang)}"
    words = {
        "rolling": ("常年受理", "Applications are accepted all year round"),
        "yearly": ("每年发布申报通知", "An application round is announced each year"),
        "until_exhausted": (
            "额满即止：资金或额度发完即截止",
            "Until the pool is used up: applications close when the money or quota runs out",
        ),
        None: ("何时申报：原文没有给出申报时间", "When to apply: the text gives no application window"),
    }
    return words[kind][0 if zh else 1]


def lines(application: dict[str, Any] | None, lang: str) -> list[str]:
    """The block as short sentences in ``lang`` (window first; the guide's link is given apart)."""
    if application is None:
        return []
    zh = lang == "zh"
    out = [_window(application.get("window"), lang)]
    if application.get("after_the_fact"):
        out.append(
            "事后奖补：先完成投入或取得成果，再申请资助"
            if zh
            else "Paid after the fact (事后奖补): apply once the spending or result is done"
        )
    if application.get("department"):
        out.append(("受理部门：" if zh else "Department: ") + application["department"][lang])
    if application.get("responsible"):
        joined = ("、" if zh else "; ").join(r[lang] for r in application["responsible"])
        out.append(
            ("责任单位（原文所列）：" if zh else "Responsible units (as the text lists them): ") + joined
        )
    if not application.get("department") and not application.get("responsible"):
        out.append(
            "向谁咨询：原文没有列出责任单位" if zh else "Who to ask: the text names no responsible unit"
        )
    if application.get("interpreted_by"):
        joined = ("、" if zh else "; ").join(r[lang] for r in application["interpreted_by"])
        out.append(("负责解释（原文所述）：" if zh else "Interpreted by (as the text states): ") + joined)
    if application.get("contact"):
        out.append(("联系方式：" if zh else "Contact: ") + application["contact"][lang])
    if application.get("materials"):
        joined = ("；" if zh else "; ").join(m[lang] for m in application["materials"])
        out.append(("申报材料：" if zh else "Materials: ") + joined)
    if application.get("quote"):
        out.append(("原文：" if zh else "The text: ") + application["quote"][lang])
    return out


def describe(application: dict[str, Any] | None, page: str | None = None) -> dict[str, Any] | None:
    """The block for a calculator item: its sentences in both languages, the guide's address
    (``url``) and the document's official page (``page``, its ``source.url``), each where known."""
    if application is None:
        return None
    return {
        "zh": lines(application, "zh"),
        "en": lines(application, "en"),
        "url": application.get("url"),
        "page": page,
        "window": application.get("window"),
    }
