"""A benefit's formula written out for readers, from the same expression the calculator runs.

"Rate 50% × area, months, rent" lost what the text says; the expression itself holds it:
``min(60元 × 办公面积 × 租用月数, 50% × 实付租金)，上限 300万元（每家企业每年）``. Only the plain
arithmetic forms are written out (facts, amounts, rates, per-unit amounts, sum, difference, min,
max, caps, "up to"); a benefit using tiers, steps, ladders, grades or conditions gets ``None``, and
the page keeps its summary sentence and its rate/cap line, which say those better.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policy_explorer.calculator.formula import CAP_SCOPE, operator_of, require
from policy_explorer.calculator.money import fmt_cny, fmt_rate, parse_literal

WALKER = "the reader's formula text (policy_explorer.sitegen.formula_text)"


class _Unsupported(Exception):
    """A form this module does not write out."""


def formula_text(benefit: dict[str, Any], facts: dict[str, dict[str, Any]], lang: str) -> str | None:
    """The benefit's ``amount`` as one line in ``lang``; None without a single amount or for a form
    not written out."""
    require(WALKER, _WRITERS)
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
    if not isinstance(node, dict):
        return _literal(node, lang)
    op = operator_of(node)
    write = _WRITERS.get(op) if op is not None else None
    if write is None:  # a plain record, or a form not written out
        raise _Unsupported(node)
    return write(node, facts, lang, top)


_Facts = dict[str, dict[str, Any]]


def _listed(node: dict, key: str, facts: _Facts, lang: str) -> list[str]:
    items = node[key] if isinstance(node[key], list) else [node[key]]
    return [_text(i, facts, lang) for i in items]


def _fact(node: dict, facts: _Facts, lang: str, top: bool) -> str:
    return facts[node["fact"]]["label"][lang]


def _rate(node: dict, facts: _Facts, lang: str, top: bool) -> str:
    return f"{_literal(node['rate'], lang)} × {_text(node['of'], facts, lang)}"


def _per(node: dict, facts: _Facts, lang: str, top: bool) -> str:
    return " × ".join([_text(node["per"], facts, lang), *_listed(node, "units", facts, lang)])


def _joined(key: str, sep: str) -> Callable[[dict, _Facts, str, bool], str]:
    def write(node: dict, facts: _Facts, lang: str, top: bool) -> str:
        return f"({sep.join(_listed(node, key, facts, lang))})"

    return write


def _pick(key: str) -> Callable[[dict, _Facts, str, bool], str]:
    def write(node: dict, facts: _Facts, lang: str, top: bool) -> str:
        return f"{key}({', '.join(_listed(node, key, facts, lang))})"

    return write


def _cap(node: dict, facts: _Facts, lang: str, top: bool) -> str:
    caps = []
    for cap in node["cap"]:
        scope = CAP_SCOPE[cap["per"]][0 if lang == "zh" else 1] if cap.get("per") else ""
        label = _text(cap["max"], facts, lang)
        who = cap.get("relaxable_for")
        if who:  # "…企业可以放宽申领上限"
            scope += f"；{who['zh']}可放宽" if lang == "zh" else f"; may be relaxed for {who['en']}"
        if scope:
            label += f"（{scope}）" if lang == "zh" else f" ({scope})"
        caps.append(label)
    of = _text(node["of"], facts, lang)
    text = f"{of}，上限 {'；'.join(caps)}" if lang == "zh" else f"{of}, capped at {'; '.join(caps)}"
    return text if top else f"({text})"


def _up_to(node: dict, facts: _Facts, lang: str, top: bool) -> str:
    most = _text(node["up_to"], facts, lang)
    return f"最高 {most}" if lang == "zh" else f"up to {most}"


def _ordinarily(node: dict, facts: _Facts, lang: str, top: bool) -> str:
    usual, ceiling = _text(node["ordinarily"], facts, lang), _text(node["at_most"], facts, lang)
    if lang == "zh":
        return f"原则上不超过 {usual}，最高不超过 {ceiling}"
    return f"ordinarily at most {usual}, never more than {ceiling}"


# One rule per operator of the registry (policy_explorer.calculator.formula.OPERATORS); None: not written out
# (the page's summary sentence and rate/cap line say those better).
_WRITERS: dict[str, Callable[[dict, _Facts, str, bool], str] | None] = {
    "fact": _fact,
    "rate": _rate,
    "per": _per,
    "sum": _joined("sum", " + "),
    "diff": _joined("diff", " − "),
    "min": _pick("min"),
    "max": _pick("max"),
    "cap": _cap,
    "up_to": _up_to,
    "ordinarily": _ordinarily,
    "steps": None,
    "tiers": None,
    "ladder": None,
    "if": None,
    "grades": None,
    "ref": None,
    "ratio": None,
    "per_month": None,
}
