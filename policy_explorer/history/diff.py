"""The diff model: what changed from one set of policy documents to another, clause by clause.

``diff_documents`` compares two sets of documents (by id, as :mod:`.gitlog` reads them from the
working tree or a git revision) and says, in zh and en, what moved: validity, titles, clause texts,
categories, conditions, responsible units, and the benefit's rates, caps and amounts. It reads no
git and writes no Markdown: :mod:`.gitlog` feeds it, :mod:`.markdown` and the site's changes page
and feed (``sitegen``) word its result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from policy_explorer.calculator.dates import term_end
from policy_explorer.calculator.formula import operator_of, require
from policy_explorer.calculator.money import fmt_cny, fmt_rate, parse_literal
from policy_explorer.calculator.operators import UnhandledOperator

from ..sitegen.formula_text import formula_text

Text = dict[str, str]  # {"zh": ..., "en": ...}


@dataclass(frozen=True)
class ClauseChange:
    """One clause added, removed or changed, with what moved in it."""

    clause: str
    kind: str  # added | removed | changed
    title: Text
    details: list[Text]


@dataclass(frozen=True)
class PolicyChange:
    """One document added, removed or changed: document-level details and its clause changes."""

    policy: str
    kind: str  # added | removed | changed
    title: Text
    jurisdiction: str
    details: list[Text]
    clauses: list[ClauseChange]


def _detail(zh: str, en: str) -> Text:
    return {"zh": zh, "en": en}


def _pair(value: Any) -> Text:
    if isinstance(value, dict):
        return {lang: str(value.get(lang) or "") for lang in ("zh", "en")}
    return {"zh": str(value or ""), "en": str(value or "")}


def _text_moved(zh: str, en: str, old: Any, new: Any) -> list[Text]:
    """``标题 A → B`` per language; ``标题（英文）已修改`` where only the other language moved."""
    a, b = _pair(old), _pair(new)
    if a == b:
        return []
    return [
        _detail(
            f"{zh} {a['zh']} → {b['zh']}" if a["zh"] != b["zh"] else f"{zh}（英文）已修改",
            f"{en} {a['en']} → {b['en']}" if a["en"] != b["en"] else f"{en} (Chinese) changed",
        )
    ]


def _value_moved(zh: str, en: str, old: Any, new: Any) -> list[Text]:
    if old == new:
        return []
    return [_detail(f"{zh} {old or '—'} → {new or '—'}", f"{en} {old or '—'} → {new or '—'}")]


def _changed(zh: str, en: str, old: Any, new: Any) -> list[Text]:
    return [] if old == new else [_detail(zh, en)]


# The data's other fields as readers know them (the changes page and the feed are for readers; a
# field not named here is shown by its name).
FIELD_NAMES: dict[str, Text] = {
    "short_title": {"zh": "简称", "en": "short title"},
    "issuer": {"zh": "发布机关", "en": "issuer"},
    "source": {"zh": "来源", "en": "source"},
    "provenance": {"zh": "来源说明", "en": "notes on the source"},
    "facts": {"zh": "计算用的企业数据项", "en": "facts the calculator asks for"},
    "budget": {"zh": "资金规模", "en": "budget"},
    "implements": {"zh": "实施的条款", "en": "the clause it implements"},
    "numbering": {"zh": "收录的条款编号", "en": "which numbered items it covers"},
    "jurisdictions": {"zh": "新增的地区", "en": "places it adds"},
    "application": {"zh": "申报方式", "en": "how to apply"},
    "interpretations": {"zh": "官方解读", "en": "official interpretations"},
    "disbursements": {"zh": "已公布的兑付情况", "en": "published disbursements"},
    "diverges": {"zh": "与来源文本的差异说明", "en": "notes on where it differs from the source"},
    "benefit.verify": {"zh": "待核实事项", "en": "points to verify"},
    "benefit.expense": {"zh": "所补贴的支出", "en": "the expense it pays towards"},
    "benefit.either": {"zh": "择一发放的部分", "en": "which parts are paid either-or"},
    "benefit.paid_to": {"zh": "资金拨付对象", "en": "who receives the money"},
    "benefit.paid_in": {"zh": "发放形式（券）", "en": "how it is paid (vouchers)"},
    "benefit.paid_by": {"zh": "本级承担的份额", "en": "the share this level pays"},
}
# The fields each level words itself (above); every other field of the schema needs a FIELD_NAMES entry.
DOCUMENT_WORDED = {"id", "title", "kind", "jurisdiction", "validity", "general_rules", "clauses"}
CLAUSE_WORDED = {"id", "title", "category", "text", "conditions", "responsible", "benefit", "examples"}
BENEFIT_WORDED = {"kind", "amount", "parts", "when", "summary"}


def _other_fields(old: dict, new: dict, covered: set[str], prefix: str = "") -> list[Text]:
    """One detail naming the fields outside ``covered`` that differ, in words (:data:`FIELD_NAMES`)."""
    keys = sorted(k for k in set(old) | set(new) if k not in covered and old.get(k) != new.get(k))
    if not keys:
        return []
    names = {
        lang: (", " if lang == "en" else "、").join(
            FIELD_NAMES.get(prefix + k, {}).get(lang, prefix + k) for k in keys
        )
        for lang in ("zh", "en")
    }
    return [_detail(f"已修改：{names['zh']}", f"changed: {names['en']}")]


_NO_END = {"open_ended": ("长期有效", "until further notice"), "not_stated": ("未规定", "not stated")}


def _term(validity: dict, lang: str) -> str:
    """``2024-12-18–2026-12-17`` (the end from ``years`` where ``to`` is absent), ``草案`` for drafts."""
    start, end, years = validity.get("from"), validity.get("to"), validity.get("years")
    if start and years and not end:
        try:
            end = term_end(dt.date.fromisoformat(str(start)), int(years)).isoformat()
        except (TypeError, ValueError):
            end = None
    parts = ["草案" if lang == "zh" else "draft"] if validity.get("draft") else []
    later, until = validity.get("after_publication"), validity.get("until")
    if not start and isinstance(later, dict) and "days" in later:  # never an invented date
        start = f"公布后{later['days']}日" if lang == "zh" else f"{later['days']} days after publication"
    if not end and until in _NO_END:
        end = _NO_END[until][0 if lang == "zh" else 1]
    if start or end:
        parts.append(f"{start or '…'}–{end or '…'}")
    elif years:
        parts.append(f"{years}年" if lang == "zh" else f"{years} years")
    return ("，" if lang == "zh" else ", ").join(parts) or "—"


def _validity_details(old: dict, new: dict) -> list[Text]:
    out = []
    if _term(old, "zh") != _term(new, "zh"):
        out.append(
            _detail(
                f"有效期 {_term(old, 'zh')} → {_term(new, 'zh')}",
                f"validity {_term(old, 'en')} → {_term(new, 'en')}",
            )
        )
    return out + _changed("有效期说明已修改", "validity note changed", old.get("note"), new.get("note"))


WALKER = "the change feed (policy_explorer.history.diff)"
# What each operator's keys hold for the feed, one rule per operator of the registry
# (policy_explorer.calculator.formula.OPERATORS): None for no rate or amount (facts, names, conditions,
# thresholds,
# counts, months), "cap" for a cap or ceiling, "caps" for a list of caps; a key not named holds what
# its operator's place holds.
_OPERATOR_KEYS: dict[str, dict[str, str | None]] = {
    "fact": {"fact": None},
    "rate": {},
    "per": {"units": None},
    "sum": {},
    "diff": {},
    "min": {},
    "max": {},
    "cap": {"cap": "caps"},
    "steps": {"every": None},
    "tiers": {},
    "ladder": {},
    "if": {"if": None},
    "grades": {},
    "up_to": {"up_to": "cap"},
    "ordinarily": {"ordinarily": "cap", "at_most": "cap"},
    "ref": {"ref": None},
    "ratio": {},
    "per_month": {"months": None, "at_most_months": None},
}
# Keys of a record inside a benefit (a part, a tier, a ladder's level) that hold no rate or amount.
_RECORD_NO_AMOUNTS = {"from", "above", "name", "label", "when"}
_ROLES = {"rate": ("比例", "rate"), "cap": ("上限", "cap"), "amount": ("金额", "amount")}


def _collect(node: Any, role: str, out: list[tuple[str, Decimal]]) -> None:
    """Append (role, value) for each rate and amount literal under ``node``, in document order."""
    if isinstance(node, dict):
        op = operator_of(node)
        if op is not None and op not in _OPERATOR_KEYS:
            raise UnhandledOperator(WALKER, op)
        keys = _OPERATOR_KEYS[op] if op is not None else dict.fromkeys(_RECORD_NO_AMOUNTS)
        for key, value in node.items():
            held = keys.get(key, role)
            if held == "caps" and isinstance(value, list):
                for cap in value:
                    _collect(cap.get("max") if isinstance(cap, dict) else None, "cap", out)
            elif held not in (None, "caps"):
                _collect(value, held, out)
    elif isinstance(node, list):
        for item in node:
            _collect(item, role, out)
    elif (literal := _literal(node)) is not None:
        value, is_rate = literal
        out.append(("rate" if is_rate else role, value))


def _literal(node: Any) -> tuple[Decimal, bool] | None:
    """``"30%"`` → (0.3, True), ``"200万"`` → (2000000, False); None for anything else."""
    if not isinstance(node, (int, str)) or isinstance(node, bool):
        return None
    try:
        return parse_literal(node)
    except (ArithmeticError, ValueError, IndexError):
        return None


def _normalized(node: Any) -> Any:
    """The expression with each literal as its value, so ``"200万"`` and ``2000000`` compare equal."""
    if isinstance(node, dict):
        return {key: _normalized(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_normalized(item) for item in node]
    literal = _literal(node)
    return node if literal is None else literal


def _figures(benefit: dict) -> dict[str, list[Decimal]]:
    """The benefit's rates, caps and other amounts (fixed, per unit, tier, ladder, steps pay)."""
    found: list[tuple[str, Decimal]] = []
    _collect([benefit.get("amount"), benefit.get("parts")], "amount", found)
    return {role: [value for r, value in found if r == role] for role in _ROLES}


def _fmt(role: str, value: Decimal, lang: str) -> str:
    return fmt_rate(value) if role == "rate" else fmt_cny(value, lang)


def _figures_moved(role: str, old: list[Decimal], new: list[Decimal]) -> list[Text]:
    """``比例 30% → 40%`` per changed position, or the whole lists when their lengths differ."""
    zh, en = _ROLES[role]
    if old == new:
        return []
    if len(old) == len(new):
        return [
            _detail(
                f"{zh} {_fmt(role, a, 'zh')} → {_fmt(role, b, 'zh')}",
                f"{en} {_fmt(role, a, 'en')} → {_fmt(role, b, 'en')}",
            )
            for a, b in zip(old, new, strict=True)
            if a != b
        ]

    def joined(values: list[Decimal], lang: str) -> str:
        sep, none = ("、", "无") if lang == "zh" else (", ", "none")
        return sep.join(_fmt(role, v, lang) for v in values) or none

    return [
        _detail(
            f"{zh} {joined(old, 'zh')} → {joined(new, 'zh')}",
            f"{en} {joined(old, 'en')} → {joined(new, 'en')}",
        )
    ]


class FactLabels(dict):
    """Fact id → fact (its ``label`` read); a fact not known reads as its id, never a KeyError."""

    def __missing__(self, key: str) -> dict[str, Any]:
        return {"label": {"zh": key, "en": key}}


def _formula_moved(old: dict, new: dict, facts: FactLabels) -> list[Text]:
    """``计算公式 A → B`` in words (``formula_text``) where both formulas are written out; else
    that the formula changed."""
    a = {lang: formula_text(old, facts, lang) for lang in ("zh", "en")}
    b = {lang: formula_text(new, facts, lang) for lang in ("zh", "en")}
    if all(a.values()) and all(b.values()) and a != b:
        return [_detail(f"计算公式 {a['zh']} → {b['zh']}", f"formula {a['en']} → {b['en']}")]
    return [_detail("计算公式已修改", "formula changed")]


def _benefit_details(old: dict, new: dict, facts: FactLabels) -> list[Text]:
    out = _value_moved("资助方式", "benefit kind", old.get("kind"), new.get("kind"))
    a, b = _figures(old), _figures(new)
    figures = [d for role in _ROLES for d in _figures_moved(role, a[role], b[role])]
    out += figures
    if not figures:
        formula_old = _normalized([old.get("amount"), old.get("parts")])
        formula_new = _normalized([new.get("amount"), new.get("parts")])
        out += _formula_moved(old, new, facts) if formula_old != formula_new else []
    out += _changed("申领门槛已修改", "eligibility gates changed", old.get("when"), new.get("when"))
    out += _changed("资助摘要已修改", "benefit summary changed", old.get("summary"), new.get("summary"))
    return out + _other_fields(old, new, BENEFIT_WORDED, "benefit.")


def _names(items: Any, lang: str) -> str:
    names = [_pair(item)[lang] for item in items or []]
    return ("、" if lang == "zh" else ", ").join(names) or ("无" if lang == "zh" else "none")


def _clause_details(old: dict, new: dict, facts: FactLabels) -> list[Text]:
    text_old, text_new = _pair(old.get("text")), _pair(new.get("text"))
    out = _text_moved("标题", "title", old.get("title"), new.get("title"))
    out += _value_moved("类别", "category", old.get("category"), new.get("category"))
    out += _changed("原文已修改", "original text changed", text_old["zh"], text_new["zh"])
    out += _changed("译文已修改", "translation changed", text_old["en"], text_new["en"])
    out += _changed("条件已修改", "conditions changed", old.get("conditions"), new.get("conditions"))
    if old.get("responsible") != new.get("responsible"):
        a, b = old.get("responsible"), new.get("responsible")
        out.append(
            _detail(
                f"责任单位 {_names(a, 'zh')} → {_names(b, 'zh')}",
                f"responsible {_names(a, 'en')} → {_names(b, 'en')}",
            )
        )
    out += _benefit_details(_mapping(old.get("benefit")), _mapping(new.get("benefit")), facts)
    return out + _other_fields(old, new, CLAUSE_WORDED)


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _clauses(doc: dict) -> dict[str, dict]:
    items = doc.get("clauses")
    return {str(c.get("id")): c for c in items if isinstance(c, dict)} if isinstance(items, list) else {}


def _merged_order(old: list[str], new: list[str]) -> list[str]:
    """The new clause order with each removed clause placed after its old predecessor."""
    order = list(new)
    for i, cid in enumerate(old):
        if cid not in order:
            before = next((p for p in reversed(old[:i]) if p in order), None)
            order.insert(order.index(before) + 1 if before is not None else 0, cid)
    return order


def _clause_change(cid: str, old: dict | None, new: dict | None, facts: FactLabels) -> ClauseChange | None:
    """A changed clause lists what moved; an added one its benefit summary; None if unchanged."""
    if new is None:
        return ClauseChange(cid, "removed", _pair((old or {}).get("title")), [])
    if old is None:
        summary = _mapping(new.get("benefit")).get("summary")
        return ClauseChange(cid, "added", _pair(new.get("title")), [_pair(summary)] if summary else [])
    details = _clause_details(old, new, facts)
    return ClauseChange(cid, "changed", _pair(new.get("title")), details) if details else None


def _clause_changes(old: dict, new: dict, facts: FactLabels) -> list[ClauseChange]:
    a, b = _clauses(old), _clauses(new)
    order = _merged_order(list(a), list(b))
    changes = (_clause_change(cid, a.get(cid), b.get(cid), facts) for cid in order)
    return [c for c in changes if c is not None]


def _policy_details(old: dict, new: dict) -> list[Text]:
    out = _text_moved("标题", "title", old.get("title"), new.get("title"))
    out += _value_moved("类型", "kind", old.get("kind"), new.get("kind"))
    out += _value_moved("辖区", "jurisdiction", old.get("jurisdiction"), new.get("jurisdiction"))
    out += _validity_details(_mapping(old.get("validity")), _mapping(new.get("validity")))
    out += _changed(
        "通用规则已修改", "general rules changed", old.get("general_rules"), new.get("general_rules")
    )
    return out + _other_fields(old, new, DOCUMENT_WORDED)


def _own_facts(doc: dict) -> dict[str, dict]:
    items = doc.get("facts")
    return (
        {str(f["id"]): f for f in items if isinstance(f, dict) and "id" in f}
        if isinstance(items, list)
        else {}
    )


def _policy_change(
    pid: str, old: dict | None, new: dict | None, facts: dict[str, dict]
) -> PolicyChange | None:
    """A changed document lists what moved; an added one its term and size; None if unchanged."""
    doc = new or old or {}
    title, where = _pair(doc.get("title")), str(doc.get("jurisdiction") or "")
    if new is None:
        return PolicyChange(pid, "removed", title, where, [], [])
    if old is None:
        validity, n = _mapping(new.get("validity")), len(_clauses(new))
        details = [
            _detail(f"有效期 {_term(validity, 'zh')}", f"validity {_term(validity, 'en')}"),
            _detail(f"共 {n} 条条款", f"{n} clause" if n == 1 else f"{n} clauses"),
        ]
        return PolicyChange(pid, "added", title, where, details, [])
    labels = FactLabels({**facts, **_own_facts(old), **_own_facts(new)})
    details, clauses = _policy_details(old, new), _clause_changes(old, new, labels)
    return PolicyChange(pid, "changed", title, where, details, clauses) if details or clauses else None


def diff_documents(
    old: dict[str, dict], new: dict[str, dict], facts: dict[str, dict] | None = None
) -> list[PolicyChange]:
    """What changed from ``old`` to ``new`` (documents by id), sorted by policy id; ``facts`` (the
    shared facts by id) name the facts of a formula shown old → new."""
    require(WALKER, _OPERATOR_KEYS)
    ids = sorted(set(old) | set(new))
    changes = (_policy_change(pid, old.get(pid), new.get(pid), facts or {}) for pid in ids)
    return [c for c in changes if c is not None]
