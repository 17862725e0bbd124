"""Exact money: parsing literals, rounding and formatting amounts in zh and en, in the site's currency.

All arithmetic uses :class:`decimal.Decimal` with 28 significant digits (far more than any amount
here needs), so no binary float ever touches money. Each clause's final amount is rounded *down*
to a whole yuan (``ROUND_FLOOR``): an estimate never promises a fraction the text does not grant.

The currency is the compiled data's ``currency`` (from the site's ``policies/site.yaml``; without one,
CNY with 万/亿 in Chinese): :func:`use_currency` sets it when a model is loaded, so each amount is
written as the site's readers write it (``300万元``, ``CNY 3,000,000``, ``€3,000,000``). "Yuan" in
names here means one unit of the site's currency.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import ROUND_FLOOR, Decimal
from typing import Any

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
_UNITS = {"万": WAN, "亿": YI, "元": Decimal(1)}


@dataclass(frozen=True)
class Currency:
    """How amounts are written: ``symbol`` before the digits, ``grouping`` between thousands,
    ``decimal`` before a fraction; ``chinese_units``: Chinese text counts in 万/亿 and 元."""

    code: str = "CNY"
    symbol: str = "CNY "
    grouping: str = ","
    decimal: str = "."
    chinese_units: bool = True


CNY = Currency()
_active: list[Currency] = [CNY]


def use_currency(settings: dict[str, Any] | None) -> Currency:
    """Make ``settings`` (the compiled data's ``currency``; None: CNY) the currency amounts are written in."""
    known = {f.name for f in fields(Currency)}
    _active[0] = Currency(**{k: v for k, v in (settings or {}).items() if k in known})
    return _active[0]


def currency() -> Currency:
    """The currency amounts are written in now."""
    return _active[0]


def parse_literal(value: int | str) -> tuple[Decimal, bool]:
    """A data literal → (value, is_rate). ``"30%"`` → (0.3, True); ``"200万"`` → (2000000, False)."""
    if isinstance(value, bool):
        raise TypeError(f"not a number literal: {value!r}")
    if isinstance(value, int):
        return Decimal(value), False
    if value.endswith("%"):
        return Decimal(value[:-1]) / 100, True
    unit = _UNITS.get(value[-1])
    if unit is None:
        return Decimal(value), False
    return Decimal(value[:-1]) * unit, False


def to_yuan(value: Decimal) -> int:
    """Round down to a whole yuan."""
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def _plain(value: Decimal, places: int = 2) -> str:
    q = value.quantize(Decimal(1).scaleb(-places)) if value != value.to_integral_value() else value
    text = f"{q:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _grouped(text: str) -> str:
    """``_plain``'s ``1,234.5`` with the currency's separators (``1.234,5`` where they are swapped)."""
    cur = _active[0]
    if (cur.grouping, cur.decimal) == (",", "."):
        return text
    return "".join({",": cur.grouping, ".": cur.decimal}.get(ch, ch) for ch in text)


def fmt_cny(value: Decimal | int, lang: str) -> str:
    """``3000000`` → ``300万元`` (zh) or ``CNY 3,000,000`` (en); in another currency ``€3,000,000``."""
    value = Decimal(value)
    cur = _active[0]
    if lang == "zh" and cur.chinese_units:
        if abs(value) >= YI and (value % (YI / 100)) == 0:
            return f"{_plain(value / YI)}亿元"
        if abs(value) >= WAN:
            return f"{_plain(value / WAN, 4)}万元"
        return f"{_plain(value)}元"
    return f"{cur.symbol}{_grouped(_plain(value))}"


fmt_money = fmt_cny  # the same: the name says what it does on a site in another currency


def fmt_range(lo: int | None, hi: int, lang: str) -> str:
    """An estimated amount: ``50万元``, a graded range ``20万元–50万元``, or ``≤ 100万元`` when the
    text states only a maximum (``lo`` is None)."""
    top = fmt_cny(hi, lang)
    if lo is None:
        return f"≤ {top}"
    return top if lo == hi else f"{fmt_cny(lo, lang)}–{top}"


def fmt_rate(value: Decimal) -> str:
    """``Decimal("0.3")`` → ``30%``."""
    return f"{_plain(value * 100, 4)}%"


def fmt_number(value: Decimal | int) -> str:
    """A count or area with thousands separators."""
    return _grouped(_plain(Decimal(value)))


def floor_label(label: str, up_to: bool, lang: str) -> str:
    """An amount computed from some inputs with the others blank (counted as 0): "at least X", or,
    for an "up to" amount, "up to X from what was entered" ("at least up to X" would contradict itself)."""
    if up_to:
        if lang == "zh":
            return f"{label}（按已填写的数量；补填其余可能更多）"
        return f"{label} (from what was entered; more with the blanks)"
    return f"至少 {label}" if lang == "zh" else f"at least {label}"
