"""Benefit formulas: compile the data's expressions once, evaluate them exactly, explain each step.

An expression evaluates to a :class:`Value`: an exact interval ``[lo, hi]`` of Decimals (``lo`` is
None when the text states only a maximum), its unit, and how it was obtained in zh and en. The
interval carries evaluation grades (50%/35%/20% → lowest..best) through caps and sums.

The operators are documented for data authors in ``policies/AUTHORING.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import operators
from .money import fmt_cny, fmt_number, fmt_rate, parse_literal
from .operators import Arg, Operator

ZERO = Decimal(0)
Text = tuple[str, str]  # (zh, en)

CAP_SCOPE: dict[str, Text] = {
    "item": ("每项", "per item"),
    "project": ("每个项目", "per project"),
    "product": ("每项产品", "per product"),
    "unit": ("每个", "per unit"),
    "event": ("单个活动", "per event"),
    "platform": ("每个平台", "per platform"),
    "platform_year": ("每个平台每年", "per platform per year"),
    "vehicle": ("每台车辆", "per vehicle"),
    "enterprise": ("每家企业", "per company"),
    "year": ("每年", "per year"),
    "enterprise_year": ("每家企业每年", "per company per year"),
    "cumulative": ("累计", "cumulative"),
    "share": ("比例上限", "share limit"),
    "government_total": ("政府资助总额上限", "limit on total government funding"),
    "contract": ("每份合同", "per contract"),
    # The text states a cap but not what it is counted per: never shown as "per company".
    "not_stated": ("上限范围未说明", "scope not stated"),
}


@dataclass(slots=True)
class Value:
    """An exact amount or range, its unit and (if computed) how it was obtained."""

    lo: Decimal | None
    hi: Decimal
    unit: str  # CNY, rate, count, m2, months, level, boolean
    how: Text | None = None

    def label(self, lang: str) -> str:
        """The value as a reader sees it (``300万元``, ``30%``, ``最高100万元``, ``20万元–100万元``)."""
        one = _fmt(self.hi, self.unit, lang)
        if self.lo is None:
            return f"最高{one}" if lang == "zh" else f"up to {one}"
        if self.lo != self.hi:
            return f"{_fmt(self.lo, self.unit, lang)}–{one}"
        return one


def _fmt(value: Decimal, unit: str, lang: str) -> str:
    if unit == "CNY":
        return fmt_cny(value, lang)
    if unit == "rate":
        return fmt_rate(value)
    if unit == "m2":
        return f"{fmt_number(value)}平方米" if lang == "zh" else f"{fmt_number(value)} m²"
    if unit == "months":
        return f"{fmt_number(value)}个月" if lang == "zh" else f"{fmt_number(value)} months"
    return fmt_number(value)


class MissingFact(Exception):
    """A formula read a fact the profile does not give: its value is unknown, never 0 or "no"."""

    def __init__(self, fact: str) -> None:
        super().__init__(fact)
        self.fact = fact


class Context:
    """One evaluation: the profile's facts, the vocabulary, named parts and the steps written.

    A fact the profile leaves out is unknown: reading it in an amount raises :class:`MissingFact`
    (the clause needs it); a condition on it is neither true nor false (see :data:`Check`).
    """

    __slots__ = ("blank", "facts", "meta", "parts", "skipped", "steps")

    def __init__(self, facts: dict[str, Any], meta: dict[str, dict]) -> None:
        self.facts = facts
        self.meta = meta
        self.parts: dict[str, Value] = {}
        self.skipped: set[str] = set()  # parts that lacked facts
        self.steps: list[Text] = []
        self.blank: set[str] = set()  # facts a sum or max read as 0 (a floor): the amount is "at least"

    def get(self, fact: str) -> Any:
        """The fact's value, or :class:`MissingFact`."""
        try:
            return self.facts[fact]
        except KeyError:
            raise MissingFact(fact) from None

    def note(self, how: Text | None) -> None:
        """Write a derivation as its own step."""
        if how is not None:
            self.steps.append(how)

    def fact_label(self, fact: str, lang: str) -> str:
        return self.meta[fact]["label"]["zh" if lang == "zh" else "en"]


Expr = Callable[[Context], Value]


@dataclass(slots=True, frozen=True)
class Check:
    """A condition's outcome: ``state`` True, False or None (unknown: a fact it reads is not given).

    ``text`` explains it; for an unknown condition it states what would have to hold (shown as an
    assumption, never as "no"). ``missing`` names the facts not given.
    """

    state: bool | None
    text: Text
    missing: frozenset[str] = frozenset()


Cond = Callable[[Context], Check]


# --- compiling expressions ---------------------------------------------------------------------


def compile_expr(node: Any, meta: dict[str, dict]) -> Expr:
    """Turn a data expression into a function of a :class:`Context`."""
    if isinstance(node, (int, str)) and not isinstance(node, bool):
        value, is_rate = parse_literal(node)
        const = Value(value, value, "rate" if is_rate else "CNY")
        return lambda ctx: const
    # The operator is the one key naming an operation; the others are its operands.
    op = operator_of(node)
    evaluate = OPERATORS[op].evaluate if op is not None else None
    if evaluate is None:
        raise operators.UnhandledOperator(
            "the evaluator (policy_explorer.calculator.formula)", str(op or sorted(node))
        )
    return evaluate(node, meta)


def facts_read(node: Any) -> set[str]:
    """Every fact an expression or condition reads."""
    out: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("fact"), str):
                out.add(item["fact"])
            if isinstance(item.get("growth"), list):
                out.update(item["growth"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def _fact(node: dict, meta: dict[str, dict]) -> Expr:
    name = node["fact"]
    unit = meta[name]["unit"]

    def run(ctx: Context) -> Value:
        value = ctx.get(name)
        if isinstance(value, bool):
            as_number = Decimal(int(value))
            return Value(as_number, as_number, "boolean")
        return Value(value, value, unit)

    return run


def _mul(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a * b


def _rate(node: dict, meta: dict[str, dict]) -> Expr:
    rate, base = compile_expr(node["rate"], meta), compile_expr(node["of"], meta)

    def run(ctx: Context) -> Value:
        r, b = rate(ctx), base(ctx)
        ctx.note(r.how)
        ctx.note(b.how)
        lo, hi = _mul(r.lo, b.lo), r.hi * b.hi
        out = Value(lo, hi, "CNY")
        out.how = tuple(f"{r.label(lang)} × {b.label(lang)} = {out.label(lang)}" for lang in ("zh", "en"))
        return out

    return run


def _per(node: dict, meta: dict[str, dict]) -> Expr:
    each = compile_expr(node["per"], meta)
    units_nodes = node["units"] if isinstance(node["units"], list) else [node["units"]]
    units = [compile_expr(u, meta) for u in units_nodes]

    def run(ctx: Context) -> Value:
        e = each(ctx)
        ctx.note(e.how)
        lo, hi, parts = e.lo, e.hi, []
        for unit in units:
            u = unit(ctx)
            ctx.note(u.how)
            lo, hi = _mul(lo, u.lo), hi * u.hi
            parts.append(u)
        out = Value(lo, hi, "CNY")
        out.how = tuple(
            " × ".join([e.label(lang), *(u.label(lang) for u in parts)]) + f" = {out.label(lang)}"
            for lang in ("zh", "en")
        )
        return out

    return run


def _operands(items: list[Expr], ctx: Context, floor: bool) -> list[Value]:
    """Each operand's value. In a sum or max (``floor``), an operand reading a fact not given counts
    as 0, so what was entered is a floor (amounts are never negative); the blanks are kept in
    ``ctx.blank`` as ways to add more. With nothing entered at all the amount still needs the facts.
    """
    vals: list[Value] = []
    blanks: list[str] = []
    for f in items:
        mark = len(ctx.steps)
        try:
            vals.append(f(ctx))
        except MissingFact as exc:
            if not floor:
                raise
            del ctx.steps[mark:]
            blanks.append(exc.fact)
    if not vals:
        raise MissingFact(blanks[0])
    if blanks:
        ctx.blank.update(blanks)
        labels = {
            lang: ("、" if lang == "zh" else ", ").join(
                ctx.fact_label(b, lang) if b in ctx.meta else b for b in blanks
            )
            for lang in ("zh", "en")
        }
        ctx.steps.append(
            (
                f"未填写：{labels['zh']}（按0计，金额为下限）",
                f"not given: {labels['en']} (counted as 0: the amount is a floor)",
            )
        )
    return vals


def _whole(expr: Expr, ctx: Context) -> Value:
    """An operand that must be complete (subtracted, divided by): a floor there is no bound at all."""
    before = set(ctx.blank)
    value = expr(ctx)
    if ctx.blank - before:
        raise MissingFact(min(ctx.blank - before))
    return value


def _combine(name: str, sym: str) -> Callable[[dict, dict], Expr]:
    def compiler(node: dict, meta: dict[str, dict]) -> Expr:
        items = [compile_expr(n, meta) for n in node[name]]

        def run(ctx: Context) -> Value:
            if name == "diff":  # a floor cannot be subtracted: the amount taken off needs its facts
                first = items[0](ctx)
                vals = [first, _whole(items[1], ctx)]
            else:
                vals = _operands(items, ctx, floor=name in ("sum", "max"))
            for v in vals:
                ctx.note(v.how)
            unit = next((v.unit for v in vals if v.unit != "rate"), vals[0].unit)
            if name == "sum":
                lo = None if any(v.lo is None for v in vals) else sum((v.lo for v in vals), ZERO)
                out = Value(lo, sum((v.hi for v in vals), ZERO), unit)
                joined = {lang: f" {sym} ".join(v.label(lang) for v in vals) for lang in ("zh", "en")}
            elif name == "diff":
                a, b = vals
                lo = None if a.lo is None else max(a.lo - b.hi, ZERO)
                out = Value(lo, max(a.hi - (b.lo if b.lo is not None else ZERO), ZERO), unit)
                joined = {lang: f"{a.label(lang)} − {b.label(lang)}" for lang in ("zh", "en")}
            else:
                pick = min if name == "min" else max
                los = [v.lo for v in vals]
                if name == "min":
                    lo = None if any(x is None for x in los) else min(los)
                else:
                    known = [x for x in los if x is not None]
                    lo = max(known) if known else None
                out = Value(lo, pick(v.hi for v in vals), unit)
                joined = {lang: f"{name}({', '.join(v.label(lang) for v in vals)})" for lang in ("zh", "en")}
            if len(vals) > 1:  # one operand left (the others blank): nothing was combined
                out.how = (f"{joined['zh']} = {out.label('zh')}", f"{joined['en']} = {out.label('en')}")
            return out

        return run

    return compiler


def _cap(node: dict, meta: dict[str, dict]) -> Expr:
    base = compile_expr(node["of"], meta)
    caps = [
        (compile_expr(c["max"], meta), CAP_SCOPE[c["per"]], relaxed(c.get("relaxable_for")))
        for c in node["cap"]
    ]

    def run(ctx: Context) -> Value:
        v = base(ctx)
        zh = [v.how[0] if v.how else v.label("zh")]
        en = [v.how[1] if v.how else v.label("en")]
        lo, hi = v.lo, v.hi
        seen = []
        for cap_fn, (scope_zh, scope_en), relax in caps:
            c = cap_fn(ctx)
            seen.append((c, scope_zh + relax[0], scope_en + relax[1]))
            ctx.note(c.how)
            if c.hi < hi:
                hi = c.hi
                zh.append(f"上限 {c.label('zh')}（{scope_zh}{relax[0]}）")
                en.append(f"cap {c.label('en')} ({scope_en}{relax[1]})")
            if lo is not None:  # the lower bound is capped by the cap's own lower side (原则上…)
                lo = min(lo, c.lo) if c.lo is not None else None
        out = Value(lo, hi, v.unit)
        if len(zh) > 1:
            zh.append(out.label("zh"))
            en.append(out.label("en"))
        else:
            scopes_zh = "、".join(f"{c.label('zh')}（{zh_scope}）" for c, zh_scope, _ in seen)
            scopes_en = ", ".join(f"{c.label('en')} ({en_scope})" for c, _, en_scope in seen)
            zh[-1] += f"，未超过上限 {scopes_zh}"
            en[-1] += f", within the cap of {scopes_en}"
        out.how = (" → ".join(zh), " → ".join(en))
        return out

    return run


def relaxed(who: dict | None) -> Text:
    """ "…企业可以放宽申领上限": said beside the cap's scope; the stated cap still counts."""
    if not who:
        return ("", "")
    return (
        f"；主管部门可为{who['zh']}放宽上限，本估算按原文上限计",
        f"; the authority may relax it for {who['en']}: the stated cap is counted",
    )


def _per_month(node: dict, meta: dict[str, dict]) -> Expr:
    """ "最多支持1年": a monthly base counted for the months given, but at most N months."""
    monthly, months = compile_expr(node["per_month"], meta), compile_expr(node["months"], meta)
    limit = Decimal(node["at_most_months"])

    def run(ctx: Context) -> Value:
        b, m = monthly(ctx), months(ctx)
        ctx.note(b.how)
        ctx.note(m.how)
        n_hi = min(m.hi, limit)
        n_lo = None if m.lo is None else min(m.lo, limit)
        out = Value(_mul(b.lo, n_lo), b.hi * n_hi, b.unit)
        most = _fmt(limit, "months", "zh"), _fmt(limit, "months", "en")
        if m.hi > limit:
            said = (
                f"填写{_fmt(m.hi, 'months', 'zh')}，原文最多支持{most[0]}，按{most[0]}计",
                f"{_fmt(m.hi, 'months', 'en')} given; the text supports at most {most[1]}",
            )
        else:
            said = (f"原文最多支持{most[0]}", f"the text supports at most {most[1]}")
        out.how = (
            f"每月 {b.label('zh')} × {_fmt(n_hi, 'months', 'zh')}（{said[0]}）= {out.label('zh')}",
            f"{b.label('en')} a month × {_fmt(n_hi, 'months', 'en')} ({said[1]}) = {out.label('en')}",
        )
        return out

    return run


def _steps(node: dict, meta: dict[str, dict]) -> Expr:
    base = compile_expr(node["steps"], meta)
    every, _ = parse_literal(node["every"])
    pay, _ = parse_literal(node["pay"])

    def run(ctx: Context) -> Value:
        v = base(ctx)
        ctx.note(v.how)
        n_hi = (v.hi // every) if v.hi > 0 else ZERO
        n_lo = None if v.lo is None else (v.lo // every if v.lo > 0 else ZERO)
        out = Value(None if n_lo is None else n_lo * pay, n_hi * pay, "CNY")
        out.how = (
            f"{v.label('zh')} 每满 {_fmt(every, v.unit, 'zh')} 给予 {fmt_cny(pay, 'zh')}："
            f"{fmt_number(n_hi)} × {fmt_cny(pay, 'zh')} = {out.label('zh')}",
            f"{fmt_cny(pay, 'en')} for each full {_fmt(every, v.unit, 'en')} of {v.label('en')}: "
            f"{fmt_number(n_hi)} × {fmt_cny(pay, 'en')} = {out.label('en')}",
        )
        return out

    return run


def _reached(value: Decimal, levels: list[tuple[Decimal, bool, Any]]) -> int:
    """Index of the highest level reached by ``value`` (-1 for none)."""
    best = -1
    for i, (start, above, _) in enumerate(levels):
        if value > start or (not above and value == start):
            best = i
    return best


def _shown(node: Any, meta: dict[str, dict]) -> Callable[[Value, str], str]:
    """How a selector's value reads: a level by its name (国家级), anything else by its label."""
    fmeta = meta.get(node.get("fact", "")) if isinstance(node, dict) and set(node) == {"fact"} else None
    if fmeta is not None and fmeta.get("unit") == "level" and fmeta.get("choices"):
        return lambda v, lang: _choice_label(fmeta, v.hi, lang)
    return lambda v, lang: v.label(lang)


def _tiers(node: dict, meta: dict[str, dict]) -> Expr:
    sel = compile_expr(node["tiers"], meta)
    shown = _shown(node["tiers"], meta)
    levels = [
        (parse_literal(lv["from"])[0], bool(lv.get("above")), compile_expr(lv["value"], meta))
        for lv in node["levels"]
    ]

    def run(ctx: Context) -> Value:
        s = sel(ctx)
        ctx.note(s.how)
        i = _reached(s.hi, levels)
        if i < 0:
            first = _fmt(levels[0][0], s.unit, "zh"), _fmt(levels[0][0], s.unit, "en")
            out = Value(ZERO, ZERO, "CNY")
            out.how = (
                f"{shown(s, 'zh')} 未达到最低档 {first[0]} → {fmt_cny(0, 'zh')}",
                f"{shown(s, 'en')} is below the lowest tier of {first[1]} → {fmt_cny(0, 'en')}",
            )
            return out
        start, above, value = levels[i]
        sym = ">" if above else "≥"
        ctx.steps.append(
            (
                f"{shown(s, 'zh')} {sym} {_fmt(start, s.unit, 'zh')} → 适用第{i + 1}档",
                f"{shown(s, 'en')} {sym} {_fmt(start, s.unit, 'en')} → tier {i + 1} applies",
            )
        )
        return value(ctx)

    return run


def _ladder(node: dict, meta: dict[str, dict]) -> Expr:
    sel = compile_expr(node["ladder"], meta)
    shown = _shown(node["ladder"], meta)
    prev = compile_expr(node["top_up_from"], meta) if "top_up_from" in node else None
    shown_prev = _shown(node.get("top_up_from"), meta)
    levels = [
        (parse_literal(lv["from"])[0], bool(lv.get("above")), parse_literal(lv["amount"])[0])
        for lv in node["levels"]
    ]

    def amount(value: Decimal) -> Decimal:
        i = _reached(value, levels)
        return levels[i][2] if i >= 0 else ZERO

    def run(ctx: Context) -> Value:
        s = sel(ctx)
        ctx.note(s.how)
        now = amount(s.hi)
        zh = f"{shown(s, 'zh')} 对应 {fmt_cny(now, 'zh')}"
        en = f"{shown(s, 'en')} reaches the level worth {fmt_cny(now, 'en')}"
        total = now
        if prev is not None:
            p = _whole(prev, ctx)
            before = amount(p.hi)
            total = max(now - before, ZERO)
            zh += f"；此前 {shown_prev(p, 'zh')} 对应 {fmt_cny(before, 'zh')}；补差 = {fmt_cny(total, 'zh')}"
            en += (
                f"; before, {shown_prev(p, 'en')} was worth {fmt_cny(before, 'en')}; "
                f"top-up of the difference = {fmt_cny(total, 'en')}"
            )
        return Value(total, total, "CNY", (zh, en))

    return run


def _if(node: dict, meta: dict[str, dict]) -> Expr:
    test = compile_cond(node["if"], meta)
    then = compile_expr(node["then"], meta)
    other = compile_expr(node.get("else", 0), meta)

    def run(ctx: Context) -> Value:
        check = test(ctx)
        if check.state is None:  # which branch applies is unknown: the amount needs the fact
            raise MissingFact(min(check.missing))
        chosen = then(ctx) if check.state else other(ctx)
        zh, en = check.text
        ctx.steps.append((f"{zh} → 适用 {chosen.label('zh')}", f"{en} → {chosen.label('en')} applies"))
        return Value(chosen.lo, chosen.hi, chosen.unit, chosen.how)

    return run


def _grades(node: dict, meta: dict[str, dict]) -> Expr:
    items = [compile_expr(n, meta) for n in node["grades"]]

    def run(ctx: Context) -> Value:
        vals = [f(ctx) for f in items]
        for v in vals:
            ctx.note(v.how)
        los = [v.lo for v in vals]
        lo = None if any(x is None for x in los) else min(los)
        out = Value(lo, max(v.hi for v in vals), vals[0].unit)
        names = " / ".join(v.label("zh") for v in vals), " / ".join(v.label("en") for v in vals)
        unit = out.unit
        out.how = (
            f"按评审分档 {names[0]}：最高档 {_fmt(out.hi, unit, 'zh')}"
            + (f"，最低档 {_fmt(lo, unit, 'zh')}" if lo is not None else ""),
            f"graded by evaluation {names[1]}: best grade {_fmt(out.hi, unit, 'en')}"
            + (f", lowest grade {_fmt(lo, unit, 'en')}" if lo is not None else ""),
        )
        return out

    return run


def _up_to(node: dict, meta: dict[str, dict]) -> Expr:
    inner = compile_expr(node["up_to"], meta)

    def run(ctx: Context) -> Value:
        v = inner(ctx)
        ctx.note(v.how)
        out = Value(None, v.hi, "CNY")
        out.how = (
            f"原文仅规定最高额：{out.label('zh')}",
            f"the text states only a maximum: {out.label('en')}",
        )
        return out

    return run


def _ordinarily(node: dict, meta: dict[str, dict]) -> Expr:
    """ "原则上不超过X，最高不超过Y": X is what is ordinarily paid (the lower side), Y the ceiling."""
    usual, ceiling = compile_expr(node["ordinarily"], meta), compile_expr(node["at_most"], meta)

    def run(ctx: Context) -> Value:
        u, c = usual(ctx), ceiling(ctx)
        ctx.note(u.how)
        ctx.note(c.how)
        lo = u.hi if u.lo is None else u.lo
        out = Value(min(lo, c.hi), max(u.hi, c.hi), u.unit)
        out.how = (
            f"原则上不超过 {_fmt(u.hi, u.unit, 'zh')}，最高不超过 {_fmt(c.hi, c.unit, 'zh')}",
            f"ordinarily at most {_fmt(u.hi, u.unit, 'en')}, never more than {_fmt(c.hi, c.unit, 'en')}",
        )
        return out

    return run


def _ratio(node: dict, meta: dict[str, dict]) -> Expr:
    part, whole = (compile_expr(n, meta) for n in node["ratio"])

    def run(ctx: Context) -> Value:
        p, w = part(ctx), _whole(whole, ctx)
        ctx.note(p.how)
        ctx.note(w.how)
        hi = p.hi / w.hi if w.hi > 0 else ZERO
        lo = None if p.lo is None or w.lo is None else (p.lo / w.lo if w.lo > 0 else ZERO)
        out = Value(lo, hi, "rate")
        out.how = tuple(
            f"{_fmt(p.hi, w.unit, lang)} ÷ {w.label(lang)} = {fmt_rate(hi.quantize(Decimal('0.0001')))}"
            for lang in ("zh", "en")
        )
        return out

    return run


def _ref(node: dict, meta: dict[str, dict]) -> Expr:
    name = node["ref"]

    def run(ctx: Context) -> Value:
        if name in ctx.skipped:  # the part it builds on lacked facts: so does this one
            raise MissingFact(name)
        v = ctx.parts[name]
        return Value(v.lo, v.hi, v.unit)

    return run


_RELAXABLE = "Who the authority may relax this cap for (可以放宽申领上限): the stated cap still counts"
_LEVEL_FROM = Arg("from", "amount")
_ABOVE = Arg("above", "flag", optional=True)

# The registry: every formula operator, once (documented for authors in policies/AUTHORING.md).
# The order is the published schema's order of branches.
OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        Operator("fact", (Arg("fact", "fact"),), _fact, "a fact's value"),
        Operator("rate", (Arg("rate", "expr"), Arg("of", "expr")), _rate, "a rate of a base"),
        Operator("per", (Arg("per", "expr"), Arg("units", "expr_or_exprs")), _per, "an amount per unit"),
        Operator("sum", (Arg("sum", "exprs"),), _combine("sum", "+"), "the sum"),
        Operator("diff", (Arg("diff", "pair"),), _combine("diff", "−"), "the first less the second"),
        Operator("min", (Arg("min", "exprs"),), _combine("min", ","), "the least"),
        Operator("max", (Arg("max", "exprs"),), _combine("max", ","), "the greatest"),
        Operator(
            "cap",
            (
                Arg(
                    "cap",
                    "records",
                    fields=(
                        Arg("max", "expr"),
                        Arg("per", "scope"),
                        Arg("relaxable_for", "bilingual", optional=True, description=_RELAXABLE),
                    ),
                ),
                Arg("of", "expr"),
            ),
            _cap,
            "an amount capped, each cap with its scope",
        ),
        Operator(
            "steps",
            (Arg("steps", "expr"), Arg("every", "amount"), Arg("pay", "amount")),
            _steps,
            "每满X给予Y: an amount for each full step",
        ),
        Operator(
            "tiers",
            (
                Arg("tiers", "expr"),
                Arg("levels", "records", fields=(_LEVEL_FROM, Arg("value", "expr"), _ABOVE)),
            ),
            _tiers,
            "the value of the highest tier reached",
        ),
        Operator(
            "ladder",
            (
                Arg("ladder", "expr"),
                Arg("levels", "records", fields=(_LEVEL_FROM, Arg("amount", "amount"), _ABOVE)),
                Arg("top_up_from", "expr", optional=True),
            ),
            _ladder,
            "the amount of the level reached, or the top-up from an earlier level",
        ),
        Operator(
            "if",
            (Arg("if", "cond"), Arg("then", "expr"), Arg("else", "expr", optional=True)),
            _if,
            "one amount or another, by a condition",
        ),
        Operator("grades", (Arg("grades", "exprs"),), _grades, "graded by evaluation: lowest..best"),
        Operator("up_to", (Arg("up_to", "expr"),), _up_to, "the text states only a maximum"),
        Operator(
            "ordinarily",
            (Arg("ordinarily", "expr"), Arg("at_most", "expr")),
            _ordinarily,
            "原则上不超过X，最高不超过Y",
        ),
        Operator("ref", (Arg("ref", "id"),), _ref, "another part's amount"),
        Operator("ratio", (Arg("ratio", "pair"),), _ratio, "the first as a share of the second"),
        # "最多支持1年": a monthly base counted for the months given, at most N of them
        Operator(
            "per_month",
            (Arg("per_month", "expr"), Arg("months", "expr"), Arg("at_most_months", "months")),
            _per_month,
            "a monthly amount for the months given, at most N",
        ),
    )
}


def require(walker: str, rules: Collection[str]) -> None:
    """Fail loudly (:class:`UnhandledOperator`) unless a walker's ``rules`` name every operator."""
    operators.require(walker, rules, OPERATORS)


def operator_of(node: dict[str, Any]) -> str | None:
    """The registered operator a node is keyed by, or None for a plain record."""
    return operators.operator_of(node, OPERATORS)


# --- conditions --------------------------------------------------------------------------------

_OPS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "gte": ("≥", lambda a, b: a >= b),
    "gt": (">", lambda a, b: a > b),
    "lte": ("≤", lambda a, b: a <= b),
    "lt": ("<", lambda a, b: a < b),
    "eq": ("=", lambda a, b: a == b),
}
_NEGATED = {"≥": "<", ">": "≤", "≤": ">", "<": "≥", "=": "≠"}


def _choice_label(meta: dict, value: Any, lang: str) -> str:
    for choice in meta.get("choices", ()):
        if Decimal(choice["value"]) == value:
            return choice["label"][lang]
    return fmt_number(value)


def fact_value(meta: dict, value: Any, lang: str) -> str:
    """A fact's value as the reader gave it, worded as the conditions word it (是/否, 20万元, a level)."""
    if meta["unit"] == "boolean":
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if meta["unit"] == "level":
        return _choice_label(meta, value, lang)
    return _fmt(Decimal(value), meta["unit"], lang)


def _unknown(zh: str, en: str, *facts: str) -> Check:
    return Check(None, (zh, en), frozenset(facts))


def compile_cond(node: dict, meta: dict[str, dict]) -> Cond:
    """Turn a data condition into a function returning a three-valued :class:`Check`."""
    if "all" in node or "any" in node:
        is_all = "all" in node
        parts = [compile_cond(n, meta) for n in node["all" if is_all else "any"]]

        def run_group(ctx: Context) -> Check:
            # Kleene logic: `any` holds if one part holds, `all` fails if one part fails;
            # otherwise an unknown part leaves the group unknown.
            checks = [p(ctx) for p in parts]
            states = [c.state for c in checks]
            decider = not is_all
            if decider in states:
                shown = [c for c in checks if c.state is decider]
                state: bool | None = decider
            elif None in states:
                shown = [c for c in checks if c.state is None] if not is_all else checks
                state = None
            else:
                shown, state = checks, not decider
            zh = ("；" if is_all else " 或 ").join(c.text[0] for c in shown)
            en = ("; " if is_all else " or ").join(c.text[1] for c in shown)
            missing = frozenset().union(*(c.missing for c in checks)) if state is None else frozenset()
            return Check(state, (zh, en), missing)

        return run_group
    if "not" in node:
        inner = compile_cond(node["not"], meta)

        def run_not(ctx: Context) -> Check:
            c = inner(ctx)
            zh, en = c.text
            state = None if c.state is None else not c.state
            return Check(state, (f"并非（{zh}）", f"not ({en})"), c.missing)

        return run_not
    if "growth" in node:
        now, before = node["growth"]
        op = "gt" if "gt" in node else "gte"
        threshold, _ = parse_literal(node[op])
        sym, test = _OPS[op]

        def run_growth(ctx: Context) -> Check:
            label = ctx.fact_label(now, "zh"), ctx.fact_label(now, "en")
            lacking = [f for f in (now, before) if f not in ctx.facts]
            if lacking:
                return _unknown(
                    f"{label[0]}增长率 {sym} {fmt_rate(threshold)}",
                    f"growth of {label[1]} {sym} {fmt_rate(threshold)}",
                    *lacking,
                )
            a, b = ctx.get(now), ctx.get(before)
            if b > 0:
                growth = (a - b) / b
                ok = test(growth, threshold)
                shown = fmt_rate(growth.quantize(Decimal("0.0001")))
            else:  # nothing before: any positive value is growth
                ok = a > 0
                shown = "∞" if a > 0 else "0%"
            s = sym if ok else _NEGATED[sym]
            return _marked(
                ok,
                f"{label[0]}增长率 {shown} {s} {fmt_rate(threshold)}",
                f"growth of {label[1]} {shown} {s} {fmt_rate(threshold)}",
            )

        return run_growth
    name = node["fact"]
    fmeta = meta[name]
    unit = fmeta["unit"]
    if "is" in node:
        want = node["is"]

        def run_is(ctx: Context) -> Check:
            label = ctx.fact_label(name, "zh"), ctx.fact_label(name, "en")
            if name not in ctx.facts:
                return _unknown(
                    f"{label[0]}：{'是' if want else '否'}", f"{label[1]}: {'yes' if want else 'no'}", name
                )
            value = ctx.facts[name]
            return _marked(
                bool(value) == want,
                f"{label[0]}：{'是' if value else '否'}",
                f"{label[1]}: {'yes' if value else 'no'}",
            )

        return run_is
    op = next(k for k in node if k != "fact")
    threshold, _ = parse_literal(node[op])
    sym, test = _OPS[op]

    def show(value: Decimal, lang: str) -> str:
        if unit == "level":
            return _choice_label(fmeta, value, lang)
        return _fmt(value, unit, lang)

    def run_cmp(ctx: Context) -> Check:
        label = ctx.fact_label(name, "zh"), ctx.fact_label(name, "en")
        if name not in ctx.facts:
            return _unknown(
                f"{label[0]} {sym} {show(threshold, 'zh')}", f"{label[1]} {sym} {show(threshold, 'en')}", name
            )
        value = ctx.facts[name]
        ok = test(value, threshold)
        s = sym if ok else _NEGATED[sym]
        return _marked(
            ok,
            f"{label[0]} {show(value, 'zh')} {s} {show(threshold, 'zh')}",
            f"{label[1]} {show(value, 'en')} {s} {show(threshold, 'en')}",
        )

    return run_cmp


def _marked(ok: bool, zh: str, en: str) -> Check:
    """A stated fact against its gate, marked as the explanation shows it (✓ holds, ✗ fails)."""
    mark = "✓" if ok else "✗"
    return Check(ok, (f"{zh} {mark}", f"{en} {mark}"))


def check_all(conds: Iterable[Cond], ctx: Context) -> list[Check]:
    """Evaluate gates in order (all must hold): each one's :class:`Check`."""
    return [cond(ctx) for cond in conds]
