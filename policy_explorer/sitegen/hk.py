"""The Hong Kong layer of the zh-Hant edition, applied after OpenCC's ``s2hk`` to the site's own words.

OpenCC converts characters (and some phrases), but leaves Mainland usage: “” quotes, 默認, 設置, 打印,
鏈接, 搜索…, and amounts a Hong Kong reader takes for Hong Kong dollars. This layer writes 「」 quotes
(『』 inside them), the reviewed phrases of ``defaults/hk_phrases.yaml`` and 人民幣 before each amount
in yuan. It never changes an official text: :mod:`.hant` hands it none (kept originals and official
conversions are placeholders here), and inside quotation marks only the marks change (the words
quoted are someone else's: a sentence of the text, a term it uses).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

PHRASES = Path(__file__).resolve().parent.parent / "defaults" / "hk_phrases.yaml"
# A protected span (an official text) stands in the text as one character of this private-use plane.
PLACEHOLDER_BASE = 0xF0000
_PLACEHOLDER = "\U000f0000-\U000ffffd"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese text or punctuation just before an opening mark: the quotation is Chinese.
_CHINESE_BEFORE = re.compile(f"[{_CJK}{_PLACEHOLDER}\u3000-\u303f\uff00-\uffef]")
_CHINESE_INSIDE = re.compile(f"[{_CJK}{_PLACEHOLDER}]")
_URL = re.compile(r"""https?://[^\s<>"'`]+""")
# An amount in yuan as the site writes it: 300萬元, 1,000 萬元, 1.5億元, 60元 (not 2千萬: a typed example);
# in a Markdown page a decimal point may be escaped (1\.5億元).
_AMOUNT = re.compile(r"(?<![\d,.\\])\d[\d,]*(?:\\?\.\d+)?\s?(?:千萬|萬|億)?元")
# An amount the worked examples' "Why" writes in 万 or 亿 without 元 (25% × 1000万 = 250万), in either
# script; not a count of something else (600万人次, 10万平方米).
_BARE = re.compile(
    r"(?<![\d,.\\])\d[\d,]*(?:\\?\.\d+)?\s?(?:千万|千萬|万|萬|亿|億)"
    r"(?![\d元人次个個家户戶条條件项項名台张張份套平])"
)
# Already named, or the second end of a range (人民幣20萬元–50萬元): no second 人民幣.
_NO_CURRENCY_AFTER = re.compile(r"(?:人民幣|[–\-~～至到])\s?$")


class PhraseError(Exception):
    """The phrase file is unreadable or malformed (the message names the file and the rule)."""


@dataclass(frozen=True)
class Layer:
    """The reviewed rules: ``phrases`` (Mainland → Hong Kong, longest first) and the currency word."""

    phrases: dict[str, str]
    currency: str
    quoted_after: tuple[str, ...] = ()

    def browser(self) -> dict[str, object]:
        """The rules as the calculator page applies them to the engine's answers (calculator.mjs)."""
        return {"phrases": self.phrases, "currency": self.currency, "quoted_after": list(self.quoted_after)}

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        words = sorted(self.phrases, key=lambda w: (-len(w), w))
        return re.compile("|".join(map(re.escape, words))) if words else None


@functools.cache
def layer(path: Path = PHRASES) -> Layer:
    """The rules of ``path`` (checked: each rule a ``mainland``, ``hk`` and ``why``, each word once)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PhraseError(f"{path}: cannot read it ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise PhraseError(f"{path}: needs `rules:` (a list) and `currency:`")
    phrases: dict[str, str] = {}
    for n, rule in enumerate(data["rules"], 1):
        if not isinstance(rule, dict) or not all(
            isinstance(rule.get(k), str) and rule[k].strip() for k in ("mainland", "hk", "why")
        ):
            raise PhraseError(f"{path}: rule {n} needs `mainland`, `hk` and `why` (the review), each text")
        if rule["mainland"] in phrases:
            raise PhraseError(f"{path}: rule {n}: `{rule['mainland']}` has a rule already; keep one")
        phrases[rule["mainland"]] = rule["hk"]
    currency = data.get("currency")
    if not isinstance(currency, str) or not currency:
        raise PhraseError(f"{path}: needs `currency:` (the word written before an amount in yuan)")
    quoted_after = data.get("quoted_after", [])
    if not isinstance(quoted_after, list) or not all(isinstance(q, str) and q for q in quoted_after):
        raise PhraseError(f"{path}: `quoted_after:` is a list of texts (e.g. [原文：])")
    return Layer(phrases, currency, tuple(quoted_after))


def _quotations(text: str) -> list[tuple[int, int, int]]:
    """The Chinese quotations of ``text``: ``(open, close, depth)`` for each matched pair of “” (or ‘’)
    around or after Chinese text, ``depth`` counting the Chinese quotations around it."""
    pairs: list[tuple[int, int]] = []
    for opening, closing in (("“", "”"), ("‘", "’")):
        stack: list[int] = []
        for i, ch in enumerate(text):
            if ch == opening:
                stack.append(i)
            elif ch == closing and stack:
                pairs.append((stack.pop(), i))
    chinese = sorted(
        (a, b)
        for a, b in pairs
        if _CHINESE_INSIDE.search(text, a + 1, b) or (a and _CHINESE_BEFORE.match(text, a - 1))
    )
    out = []
    for a, b in chinese:
        depth = sum(1 for c, d in chinese if c < a and b < d)
        out.append((a, b, depth))
    return out


def _words(text: str, rules: Layer) -> str:
    """The phrases and the currency in ``text`` (no quotation in it), web addresses left alone."""
    out: list[str] = []
    at = 0
    for match in _URL.finditer(text):
        out += [_plain(text[at : match.start()], rules), match[0]]
        at = match.end()
    out.append(_plain(text[at:], rules))
    return "".join(out)


def _plain(text: str, rules: Layer) -> str:
    if rules.pattern is not None:
        text = rules.pattern.sub(lambda m: rules.phrases[m[0]], text)

    def money(match: re.Match[str]) -> str:
        if _NO_CURRENCY_AFTER.search(text[max(0, match.start() - 4) : match.start()]):
            return match[0]
        return rules.currency + match[0]

    return _AMOUNT.sub(money, text)


def localize(text: str, rules: Layer | None = None) -> str:
    """``text`` (OpenCC's s2hk output) as a Hong Kong reader writes it: 「」 quotes, the reviewed phrases
    and 人民幣 on amounts; the words inside a quotation are left as they are."""
    rules = rules or layer()
    quotes = _quotations(text)
    marks = {}
    for a, b, depth in quotes:
        marks[a], marks[b] = ("「", "」") if depth % 2 == 0 else ("『", "』")
    # The words outside every quotation: each outermost quotation is skipped whole, and so is the rest
    # of a line after 原文： (a quoted sentence).
    skipped = [(a, b + 1) for a, b, depth in quotes if depth == 0]
    for lead in rules.quoted_after:
        for match in re.finditer(re.escape(lead), text):
            end = text.find("\n", match.end())
            skipped.append((match.end(), len(text) if end < 0 else end))
    out: list[str] = []
    at = 0
    for a, b in sorted(skipped):
        if b <= at:
            continue
        a = max(a, at)
        out.append(_words(text[at:a], rules))
        out.append("".join(marks.get(i, text[i]) for i in range(a, b)))
        at = b
    out.append(_words(text[at:], rules))
    return "".join(out)


def name_bare_amounts(text: str, rules: Layer | None = None) -> str:
    """``text`` (a worked example's "Why", written by an author) with the currency before each amount in
    万 or 亿 that has no 元: a Hong Kong reader takes a bare 250萬 for Hong Kong dollars as well."""
    rules = rules or layer()

    def money(match: re.Match[str]) -> str:
        before = text[max(0, match.start() - 4) : match.start()]
        if _NO_CURRENCY_AFTER.search(before) or before.rstrip().endswith("人民币"):
            return match[0]
        return rules.currency + match[0]

    return _BARE.sub(money, text)
