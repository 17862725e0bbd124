"""A benefit's formula written out for readers, from the same expression the calculator runs.

"Rate 50% × area, months, rent" lost what the text says; the expression itself holds it:
``min(60元 × 办公面积 × 租用月数, 50% × 实付租金)，上限 300万元（每家企业每年）``. Only the plain
arithmetic forms are written out (facts, amounts, rates, per-unit amounts, sum, difference, min,
max, caps, "up to"); a benefit using tiers, steps, ladders, grades or conditions gets ``None``, and
the page keeps its summary sentence and its rate/cap line, which say those better.
"""

from __future__ import annotations

from typing import Any

from calculator.formula import CAP_SCOPE
from calculator.money import fmt_cny, fmt_rate, parse_literal


class _Unsupported(Exception):
    """A form this module does not write out."""


def formula_text(benefit: dict[str, Any], facts: dict[str, dict[str, Any]], lang: str) -> str | None:
    """The benefit's ``amount`` as one line in ``lang``; None without a single amount or for a form
    not written out."""
    if "amount" not in benefit or benefit.get("parts"):
        return None
    try:
        return _text(benefit["amount"], facts, lang, top=True)
    except _Unsupported:
        return None


def _literal(node: Any, lang: str) -> str:
    if isinstance(node, bool) or not isinstance(node, (int, str)):
        raise _Unsupported(node)
    try:
        value, is_rate = parse_literal(node)
    except (ArithmeticError, ValueError, TypeError):
        raise _Unsupported(node) from None
    return fmt_rate(value) if is_rate else fmt_cny(value, lang)


def _text(node: Any, facts: dict[str, dict[str, Any]], lang: str, top: bool = False) -> str:
    def sub(child: Any) -> str:
        return _text(child, facts, lang)

    def listed(key: str) -> list[str]:
        items = node[key] if isinstance(node[key], list) else [node[key]]
        return [sub(i) for i in items]

    if not isinstance(node, dict):
        return _literal(node, lang)
    if set(node) == {"fact"}:
        return facts[node["fact"]]["label"][lang]
    if set(node) == {"rate", "of"}:
        return f"{_literal(node['rate'], lang)} × {sub(node['of'])}"
    if set(node) == {"per", "units"}:
        return " × ".join([sub(node["per"]), *listed("units")])
    for key, sep in (("sum", " + "), ("diff", " − ")):
        if set(node) == {key}:
            return f"({sep.join(listed(key))})"
    for key in ("min", "max"):
        if set(node) == {key}:
            return f"{key}({', '.join(listed(key))})"
    if set(node) == {"cap", "of"}:
        caps = []
        for cap in node["cap"]:
            scope = CAP_SCOPE[cap["per"]][0 if lang == "zh" else 1] if cap.get("per") else ""
            label = sub(cap["max"])
            who = cap.get("relaxable_for")
            if who:  # "…企业可以放宽申领上限"
                scope += f"；{who['zh']}可放宽" if lang == "zh" else f"; may be relaxed for {who['en']}"
            if scope:
                label += f"（{scope}）" if lang == "zh" else f" ({scope})"
            caps.append(label)
        of = sub(node["of"])
        text = f"{of}，上限 {'；'.join(caps)}" if lang == "zh" else f"{of}, capped at {'; '.join(caps)}"
        return text if top else f"({text})"
    if set(node) == {"up_to"}:
        return f"最高 {sub(node['up_to'])}" if lang == "zh" else f"up to {sub(node['up_to'])}"
    if set(node) == {"ordinarily", "at_most"}:
        usual, ceiling = sub(node["ordinarily"]), sub(node["at_most"])
        if lang == "zh":
            return f"原则上不超过 {usual}，最高不超过 {ceiling}"
        return f"ordinarily at most {usual}, never more than {ceiling}"
    raise _Unsupported(node)
