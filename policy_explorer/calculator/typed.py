"""Numbers as readers type them into the calculator's form, read exactly.

Chinese readers write amounts as they say them: full-width digits (２０００), magnitudes (2千万,
1.5亿, 1亿2千万), grouping commas (1,250 or 1，250) and a trailing 元. The browser's form sends the
text as typed; this module, not the page's script, decides what it means, so the CLI, the tests
and the page read ``2千万`` the same way. Values are :class:`~decimal.Decimal`, never floats.

A magnitude states its own scale: ``2千万`` is CNY 20,000,000 whether the form's unit is 万元 or
yuan; a bare number is in the form's unit (``1250`` in 万元 is CNY 12,500,000).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from .errors import CalculatorError, clip
from .money import currency

# Magnitudes a reader may write after a number, as powers of ten (十/百 combine: 5百万 = 5×10^6).
MAGNITUDES = {
    "十": 1,
    "拾": 1,
    "百": 2,
    "佰": 2,
    "千": 3,
    "仟": 3,
    "k": 3,
    "万": 4,
    "萬": 4,
    "m": 6,
    "亿": 8,
    "億": 8,
}
UNITS = {"wan": 4, "cny": 0}  # the form's amount units: 万元, yuan
_TERM = re.compile(r"([0-9]+(?:\.[0-9]+)?)([十拾百佰千仟k万萬m亿億]*)")
# One term's magnitudes as Chinese writes them: k or m alone, or 十/百/千 then 万 then 亿, each once
# (5百万, 2千万, 1万亿); 1十十十, 1mk or 1亿万 is not a number anyone writes.
_MAGNITUDE = re.compile(r"k|m|[十拾百佰千仟]?[万萬]?[亿億]?")
_SEPARATORS = re.compile(r"[,\s_']")  # grouping: 1,250 · 1 250 · 1_250 · 1'250 (after NFKC: ， → ,)
# Digits with a grouping mark between them are groups of three (1,250): 1,5 is a decimal comma.
_GROUPED = re.compile(r"[0-9][0-9,\s_']*[0-9]")
_GROUPS = re.compile(r"[0-9]{1,3}(?:[,\s_'][0-9]{3})+")
# Characters NFKC may change that a reader types: full-width forms (２, ，, ．), the ideographic space
# and full stop, and the spaces that group digits. Others it changes (², ①, ⓪) are look-alikes.
_TYPED_FORMS = re.compile(r"[\uff01-\uff5e\u3000\u3002\u00a0\u2009\u202f¥￥]")
MAX_TEXT = 40  # characters: "1,000,000,000,000 元" is 19; a longer text is not an amount typed by hand
# Far above any fact's own maximum (policy_explorer.calculator.profile checks that, with its message), and
# past a float's exact integers: a bound on what reaches arithmetic, not a policy limit.
MAX_YUAN = 10**18


class TypedError(CalculatorError):
    """Text that is not a number of the field's kind (the page then says what to type, in its language)."""


def _clean(text: str, field: str, what: str) -> str:
    """NFKC (full-width digits, commas and points → ASCII), lower case, separators and 元/CNY removed.

    Refused (``TypedError`` saying ``what`` to type): a text longer than ``MAX_TEXT``, a look-alike
    character that NFKC would turn into a digit, grouping that is not in threes.
    """
    if not isinstance(text, str):
        raise TypedError(field, f"`{clip(str(text))}` is not text as typed: {what}")
    if len(text) > MAX_TEXT:
        raise TypedError(field, f"`{clip(text)}` is too long: type at most {MAX_TEXT} characters, {what}")
    odd = [c for c in text if unicodedata.normalize("NFKC", c) != c and not _TYPED_FORMS.fullmatch(c)]
    if odd:
        raise TypedError(field, f"`{clip(text)}` holds `{odd[0]}`, which is not a digit: {what}")
    plain = unicodedata.normalize("NFKC", text).strip().lower().replace("。", ".")
    if any(_SEPARATORS.search(run) and not _GROUPS.fullmatch(run) for run in _GROUPED.findall(plain)):
        raise TypedError(field, f"`{clip(text)}` groups digits other than in threes (1,250): {what}")
    plain = _SEPARATORS.sub("", plain)
    cur = currency()  # the site's own currency, as its amounts are written (€1,250,000, 1250000 EUR)
    own = tuple(_SEPARATORS.sub("", m.lower()) for m in (cur.symbol, cur.code) if m.strip())
    for suffix in ("元", "yuan", "rmb", "cny", *own):
        plain = plain.removesuffix(suffix)
    for prefix in ("cny", "rmb", "¥", "￥", *own):
        plain = plain.removeprefix(prefix)
    return plain


def read_amount(text: str, unit: str, field: str) -> int:
    """``text`` (typed in ``unit``: ``"wan"`` or ``"cny"``) as whole yuan.

    One number, or terms from the largest magnitude down (``1亿2千万`` = 120,000,000); a fraction of
    a yuan is refused, never rounded.
    """
    if unit not in UNITS:
        raise CalculatorError("unit", f"unknown unit `{clip(str(unit))}`; use wan (万元) or cny (yuan)")
    what = "type an amount such as 1250, 12.5万, 2千万 or 1.5亿"
    if not currency().chinese_units:
        what = "type an amount such as 1250000, 1,250,000 or 1.25m"
    plain = _clean(text, field, what)
    terms = []
    position = 0
    while position < len(plain):
        match = _TERM.match(plain, position)
        if not match or not _MAGNITUDE.fullmatch(match[2]):
            position = -1
            break
        terms.append((Decimal(match[1]), sum(MAGNITUDES[m] for m in match[2]), bool(match[2])))
        position = match.end()
    well_formed = terms and position == len(plain)
    if well_formed and len(terms) > 1:
        # 1亿2千万: each term states its magnitude, each smaller than the one before.
        powers = [power for _, power, stated in terms]
        well_formed = all(stated for _, _, stated in terms) and powers == sorted(set(powers), reverse=True)
    if not well_formed:
        raise TypedError(
            field, f"`{clip(text)}` is not an amount; {what.replace('type an amount', 'type digits')}"
        )
    yuan = sum(
        (number.scaleb(power if stated else UNITS[unit]) for number, power, stated in terms), Decimal(0)
    )
    if yuan > MAX_YUAN:
        raise TypedError(field, f"`{clip(text)}` is more than 10^18 yuan: {what}")
    if yuan != yuan.to_integral_value():
        raise TypedError(field, f"`{clip(text)}` is {yuan} yuan: amounts are in whole yuan")
    return int(yuan)


def read_number(text: str, whole: bool, field: str) -> Decimal | int:
    """A count, a number of months or an area: digits (full-width too) with grouping commas."""
    example = "3" if whole else "120 or 35.5"
    plain = _clean(text, field, f"type digits such as {example}")
    if not re.fullmatch(r"[0-9]+" if whole else r"[0-9]+(?:\.[0-9]+)?", plain):
        kind = "a whole number" if whole else "a number"
        raise TypedError(field, f"`{clip(text)}` is not {kind}; type digits such as {example}")
    return int(plain) if whole else Decimal(plain)
