"""What if I spend more: the claim against one expense, from 0 to a few times what was entered.

Why: a reader deciding whether to buy more compute wants to see where the money stops growing (a cap
is reached), starts (a threshold is met) or steps (a tier); the clause tells them which sentence says
so. Every point is :func:`policy_explorer.calculator.estimate`'s own result for the profile with that one fact
changed, so the curve can never disagree with the estimate. The breakpoints come from the data where they can:
thresholds in conditions (``{fact, gte: 30万}``), tier and ladder starts on the fact, and caps over an
amount that grows linearly with the fact (50% × spend ≤ 50万 → 100万), each kept only where the clause's
counted amount really changes slope or jumps there. What the data cannot give exactly (a ceiling
shared by several claims, 每满… steps) is found by sampling and marked ``"found": "sampled"``.
Money is whole yuan throughout (a breakpoint is the first whole yuan where it bites).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any

from . import load_model
from .dates import parse_date
from .engine import run
from .errors import CalculatorError, clip
from .factnames import full_names
from .formula import CAP_SCOPE, Context, MissingFact, compile_expr
from .model import Model
from .money import fmt_cny, fmt_rate, parse_literal
from .profile import check_profile

TOTALS = ("total_max_cny", "total_conservative_cny", "vouchers_max_cny", "vouchers_conservative_cny")
GRID = 16  # equal steps over the range: where the data gives no breakpoint, the curve is sampled here
DELTA = 1000  # yuan: the step either side of a breakpoint that shows the change of slope
SLACK = 2  # yuan: amounts are rounded down to the yuan, so a straight line may wobble by this much
MAX_UP_TO = Decimal(100)
MAX_STEPS = 60  # 每满… steps labelled one by one; beyond this many, the rest are left to sampling


def parse_up_to(text: str | int | Decimal) -> Decimal:
    """``4x``, ``4×`` or ``4`` → 4: how many times the entered value the range goes up to."""
    raw = str(text).strip().rstrip("xX×倍").strip()
    try:
        value = Decimal(raw)
    except ArithmeticError:
        raise CalculatorError("up_to", f"`{clip(str(text))}` is not a multiple: write e.g. 4x") from None
    if not value.is_finite() or value <= 0 or value > MAX_UP_TO:
        raise CalculatorError("up_to", f"must be above 0 and at most {MAX_UP_TO}, got `{clip(str(text))}`")
    return value


def _resolve(model: Model, profile: Any, fact: Any) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The fact's full id, the profile with full fact names, and its checked facts."""
    if not isinstance(fact, str) or not fact:
        raise CalculatorError("what_if", "name the expense to vary, e.g. compute_spend")
    asked = profile.get("jurisdiction") if isinstance(profile, dict) else None
    if isinstance(asked, str) and asked in model.jurisdictions:
        homes = {p.id: p.jurisdiction for p in model.policies}
        places = set(model.chain(asked))
        profile, _ = full_names(profile, model.facts, places, homes)
        named, _ = full_names({"facts": {fact: 0}}, model.facts, places, homes)
        fact = next(iter(named["facts"]))
    _, facts = check_profile(profile, model.jurisdictions, model.facts)
    meta = model.facts.get(fact)
    expenses = sorted(f for f, m in model.facts.items() if m["unit"] == "CNY" and f in facts)
    hint = f"the profile's amounts are {', '.join(expenses)}" if expenses else "the profile gives no amount"
    if meta is None:
        raise CalculatorError("what_if", f"`{clip(fact)}` is not a fact of the calculator; {hint}")
    if meta["unit"] != "CNY":
        raise CalculatorError("what_if", f"`{fact}` is not an amount in yuan ({meta['unit']}); {hint}")
    if fact not in facts:
        raise CalculatorError("what_if", f"`{fact}` is not in the profile: enter it first; {hint}")
    if facts[fact] <= 0:
        raise CalculatorError(f"facts.{fact}", "is 0: enter the amount spent to see what more would give")
    return fact, profile, facts


class _Series:
    """Estimates of the profile with the fact set to each value (cached: points are shared)."""

    def __init__(self, model: Model, profile: dict[str, Any], fact: str, on: dt.date) -> None:
        self.model, self.profile, self.fact, self.on = model, profile, fact, on
        self.parts = [f for f, m in model.facts.items() if m.get("within") == fact and f in profile["facts"]]
        self.cache: dict[int, dict[str, Any]] = {}

    def facts(self, x: int) -> dict[str, Any]:
        """The facts with the expense set to ``x``; a part of it (of which: domestic chips) kept at most x."""
        facts = {**self.profile["facts"], self.fact: x}
        for part in self.parts:
            facts[part] = min(Decimal(facts[part]), Decimal(x))
        return facts

    def at(self, x: int) -> dict[str, Any]:
        if x not in self.cache:
            result = run(self.model, {**self.profile, "facts": self.facts(x)}, self.on)
            counted = {
                (i["policy"], i["clause"]): (i["counted_max_cny"], i["counted_conservative_cny"])
                for i in result["items"]
            }
            own = {(i["policy"], i["clause"]): (i["max_cny"], i["min_cny"] or 0) for i in result["items"]}
            self.cache[x] = {"totals": {k: result[k] for k in TOTALS}, "counted": counted, "own": own}
        return self.cache[x]

    def totals(self, x: int) -> dict[str, int]:
        return {"spend_cny": x, **self.at(x)["totals"]}

    def bites(self, x: int, key: tuple[str, str]) -> bool:
        """Whether the clause's breakpoint shows at x: in what the clause adds to the totals, or (a clause
        paid through another, 实施细则 of a measure) in its own amount where the totals bend too."""
        return self.bent(x, key) or (self.bent(x, None) and self.bent(x, key, "own"))

    def bent(self, x: int, key: tuple[str, str] | None, field: str = "counted") -> bool:
        """Whether the amounts (one clause's counted amounts, or the totals) jump or change slope at x.

        A jump: the last yuan before x changes the amount by more than the rounding. A change of
        slope: straight on either side (its one-yuan steps match its slope) but not the same slope.
        """
        if x <= 0:
            return False
        a = max(x - DELTA, 0)
        d = x + DELTA  # beyond the range is fine: it only tells the slope at its end

        def values(v: int) -> tuple[int, ...]:
            point = self.at(v)
            if key is None:
                return tuple(point["totals"].values())
            return point[field].get(key, (0, 0))

        rows = zip(*(values(v) for v in (a, x - 1, x, x + 1, d)), strict=True)
        for fa, fb, fx, fc, fd in rows:
            left, right = (fx - fa) * DELTA, (fd - fx) * (x - a)  # slopes, both scaled by (x - a) · DELTA
            if abs(fx - fb - (fx - fa) / (x - a)) > SLACK:
                return True  # a jump at x
            if abs((fc - fx) * DELTA - (fd - fx)) > SLACK * DELTA:
                continue  # not straight after x: whatever bends is further on
            if abs(left - right) > SLACK * (DELTA + x - a):
                return True
        return False


def _first_yuan(value: Decimal, above: bool) -> int:
    """The first whole yuan at ``value`` (``above``: strictly above it)."""
    if above:
        return int(value.to_integral_value(rounding=ROUND_FLOOR)) + 1
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def _walk(node: Any) -> list[dict]:
    out, stack = [], [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            out.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def _candidates(model: Model, series: _Series, chain: set[str], top: int) -> list[dict[str, Any]]:
    """Breakpoints the data states: thresholds, tier starts and caps on the fact, per clause."""
    fact = series.fact
    found: list[dict[str, Any]] = []
    for policy in model.policies:
        if policy.jurisdiction not in chain:
            continue
        for clause in policy.clauses:
            if fact not in clause.facts:
                continue
            ref = {"policy": clause.policy, "clause": clause.id}
            for node in _walk(model.clause_data[(clause.policy, clause.id)].get("benefit", {})):
                if node.get("fact") == fact:
                    for op in ("gte", "gt", "lte", "lt"):
                        if op in node:
                            t = parse_literal(node[op])[0]
                            at = _first_yuan(t, above=op in ("gt", "lte"))
                            grows = op in ("gte", "gt")
                            label = (
                                (f"门槛{fmt_cny(t, 'zh')}达到", f"threshold {fmt_cny(t, 'en')} met")
                                if op == "gte"
                                else (f"超过门槛{fmt_cny(t, 'zh')}", f"threshold {fmt_cny(t, 'en')} exceeded")
                                if grows
                                else (
                                    f"超过{fmt_cny(t, 'zh')}，不再适用",
                                    f"above {fmt_cny(t, 'en')}: no longer applies",
                                )
                            )
                            found.append({**ref, "at_cny": at, "kind": "threshold", "label": label})
                growth = node.get("growth")
                if isinstance(growth, list) and growth[0] == fact and growth[1] in series.profile["facts"]:
                    op = "gt" if "gt" in node else "gte"
                    r = parse_literal(node[op])[0]
                    t = Decimal(series.profile["facts"][growth[1]]) * (1 + r)
                    word = ("超过", "above") if op == "gt" else ("达到", "reached at")
                    label = (
                        f"增长率{word[0]}{fmt_rate(r)}（{fmt_cny(t, 'zh')}）",
                        f"growth {word[1]} {fmt_rate(r)} ({fmt_cny(t, 'en')})",
                    )
                    found.append(
                        {**ref, "at_cny": _first_yuan(t, op == "gt"), "kind": "threshold", "label": label}
                    )
                if node.get("steps") == {"fact": fact}:  # 每满200万元给予10万元: a stair, one point a step
                    every, pay = parse_literal(node["every"])[0], parse_literal(node["pay"])[0]
                    count = int(top // every) if every > 0 else 0
                    for k in range(1, min(count, MAX_STEPS) + 1):
                        label = (
                            f"每满{fmt_cny(every, 'zh')}加{fmt_cny(pay, 'zh')}（第{k}级）",
                            f"each full {fmt_cny(every, 'en')} adds {fmt_cny(pay, 'en')} (step {k})",
                        )
                        found.append(
                            {**ref, "at_cny": _first_yuan(every * k, False), "kind": "step", "label": label}
                        )
                for key in ("tiers", "ladder"):
                    if node.get(key) == {"fact": fact}:
                        for i, level in enumerate(node["levels"], start=1):
                            t = parse_literal(level["from"])[0]
                            at = _first_yuan(t, above=bool(level.get("above")))
                            label = (
                                f"第{i}档（{fmt_cny(t, 'zh')}起）",
                                f"tier {i} (from {fmt_cny(t, 'en')})",
                            )
                            found.append({**ref, "at_cny": at, "kind": "tier", "label": label})
                if "cap" in node and isinstance(node["cap"], list):
                    found.extend(_cap_points(node, series, ref, top))
    return [c for c in found if 0 < c["at_cny"] <= top]


def _cap_points(node: dict, series: _Series, ref: dict[str, str], top: int) -> list[dict[str, Any]]:
    """Where an amount growing in a straight line with the fact reaches a stated cap (solved exactly)."""
    meta = series.model.facts
    base = compile_expr(node["of"], meta)

    def value(x: int, side: int) -> Decimal | None:
        try:
            v = base(Context(series.facts(x), meta))
        except (MissingFact, KeyError, ArithmeticError):
            return None  # the base reads another part or a fact not given: left to sampling
        return v.hi if side else v.lo

    out: list[dict[str, Any]] = []
    # side 1: the maximum (best grade); side 0: the lowest grade, which the conservative total counts
    for side, (grade_zh, grade_en) in ((1, ("", "")), (0, ("；按最低档", "; at the lowest grade"))):
        y0, y1 = value(0, side), value(top, side)
        if y0 is None or y1 is None or y1 <= y0:
            continue
        if side == 0 and (y0, y1) == (value(0, 1), value(top, 1)):
            continue  # one rate, not graded: the same point
        slope = (y1 - y0) / top
        for cap in node["cap"]:
            limit = cap.get("max")
            if not isinstance(limit, (int, str)) or isinstance(limit, bool):
                continue
            m, is_rate = parse_literal(limit)
            if is_rate or m <= y0:
                continue
            at = _first_yuan((m - y0) / slope, above=False)
            reached = value(at, side)
            if reached is None or reached < m:  # not a straight line after all: sampling finds it
                continue
            zh, en = CAP_SCOPE.get(cap.get("per", "not_stated"), CAP_SCOPE["not_stated"])
            label = (
                f"达到上限{fmt_cny(m, 'zh')}（{zh}{grade_zh}）",
                f"cap {fmt_cny(m, 'en')} reached ({en}{grade_en})",
            )
            out.append({**ref, "at_cny": at, "kind": "cap", "label": label})
    return out


def _sampled(series: _Series, xs: list[int], known: set[int]) -> list[dict[str, Any]]:
    """Jumps and bends between sampled points that no stated breakpoint explains, each located by halving."""
    found = []
    for a, b in itertools.pairwise(xs):
        while (at := _first_off(series, a, b)) is not None:
            a = at
            if at in known:
                continue
            changed = sorted(_changed_clauses(series, at))
            for policy, clause in changed or [(None, None)]:
                label = (
                    f"金额变化（抽样查得，约{fmt_cny(at, 'zh')}）",
                    f"amount changes (found by sampling, about {fmt_cny(at, 'en')})",
                )
                found.append(
                    {"policy": policy, "clause": clause, "at_cny": at, "kind": "sampled", "label": label}
                )
    return found


def _first_off(series: _Series, a: int, b: int) -> int | None:
    """The first whole yuan in (a, b] where the amounts leave the straight line they follow after a.

    The line's slope is read over the first DELTA yuan after a. Exact for a jump (to the yuan); a
    bend shows once it has moved the amount by more than the rounding, so it is "about" that point.
    """
    if b - a < 2:
        return None
    d = min(DELTA, b - a)
    base, ahead = (tuple(series.at(v)["totals"].values()) for v in (a, a + d))

    def off(x: int) -> bool:
        now = tuple(series.at(x)["totals"].values())
        # f(x) against f(a) + slope · (x − a), cross-multiplied by d to stay in integers
        return any(
            abs((y - y0) * d - (y1 - y0) * (x - a)) > SLACK * (d + x - a)
            for y0, y1, y in zip(base, ahead, now, strict=True)
        )

    if not off(b):
        return None
    lo, hi = a, b
    while hi - lo > 1:
        m = (lo + hi) // 2
        lo, hi = (lo, m) if off(m) else (m, hi)
    # A bend shows only some yuan after it: where the line from a meets the line after hi.
    now, later = (tuple(series.at(v)["totals"].values()) for v in (hi, hi + d))
    for y0, y1, y, z in zip(base, ahead, now, later, strict=True):
        left, right = Fraction(y1 - y0, d), Fraction(z - y, d)
        if left != right:
            meet = (y - y0 + left * a - right * hi) / (left - right)
            at = math.ceil(meet)
            if a < at < hi and series.bent(at, None):
                return at
            break
    return hi


def _changed_clauses(series: _Series, x: int) -> set[tuple[str, str]]:
    """The clauses whose counted amounts jump or bend at x."""
    keys = set().union(*(series.at(v)["counted"] for v in (max(x - DELTA, 0), x, x + DELTA)))
    return {k for k in keys if series.bites(x, k)}


def what_if(
    profile: dict[str, Any],
    fact: str,
    up_to: str | int | Decimal = 4,
    on: dt.date | str | None = None,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The claim (both totals, vouchers apart) against ``fact`` from 0 to ``up_to`` × the value entered.

    Returns ``{fact, label, entered_cny, up_to, jurisdiction, on, points, breakpoints, method}``:
    ``points`` are the totals at each value (sorted; each breakpoint and the whole yuan before it are
    among them), ``breakpoints`` each clause's threshold, tier or cap where it bites, labelled in zh
    and en. Raises :class:`CalculatorError` naming the input at fault.
    """
    model = load_model(data)
    day = dt.date.today() if on is None else (on if isinstance(on, dt.date) else parse_date(on))
    times = parse_up_to(up_to)
    fact, profile, facts = _resolve(model, profile, fact)
    jurisdiction = profile["jurisdiction"]
    entered = int(Decimal(facts[fact]).to_integral_value(rounding=ROUND_FLOOR))
    top = max(int((Decimal(facts[fact]) * times).to_integral_value(rounding=ROUND_CEILING)), 1)
    series = _Series(model, {**profile, "facts": dict(facts)}, fact, day)
    chain = set(model.chain(jurisdiction))
    biting = []
    for c in _candidates(model, series, chain, top):
        key = (c["policy"], c["clause"])
        if series.bites(c["at_cny"], key) and not any(
            (b["policy"], b["clause"], b["at_cny"]) == (*key, c["at_cny"]) for b in biting
        ):
            biting.append(c)
    grid = sorted({0, entered, top, *(top * i // GRID for i in range(1, GRID))})
    known = {b["at_cny"] for b in biting}
    xs = sorted(set(grid) | known | {k - 1 for k in known if k > 0})
    sampled = _sampled(series, xs, known)
    breakpoints = sorted(biting + sampled, key=lambda b: (b["at_cny"], b["policy"] or "", b["clause"] or ""))
    xs = sorted(set(xs) | {b["at_cny"] for b in sampled} | {b["at_cny"] - 1 for b in sampled})
    label = model.facts[fact]["label"]
    return {
        "fact": fact,
        "label": {"zh": label["zh"], "en": label["en"]},
        "entered_cny": entered,
        "up_to": str(times),
        "jurisdiction": jurisdiction,
        "on": day.isoformat(),
        "vouchers": any(series.at(x)["totals"]["vouchers_max_cny"] for x in xs),
        "points": [series.totals(x) for x in xs],
        "breakpoints": [
            {
                "at_cny": b["at_cny"],
                "policy": b["policy"],
                "clause": b["clause"],
                "kind": b["kind"],
                "found": "sampled" if b["kind"] == "sampled" else "data",
                "label": {"zh": b["label"][0], "en": b["label"][1]},
                "before": series.totals(b["at_cny"] - 1),
                "after": series.totals(b["at_cny"]),
            }
            for b in breakpoints
        ],
        "method": {
            "zh": f"每个点均为同一计算器的估算，仅改变{label['zh']}；转折点取自条款的门槛、分档和上限；"
            f"其余在{GRID}等分点间抽样查找（标为“抽样”）。",
            "en": f"Each point is the calculator's own estimate with only {label['en']} changed; "
            f"breakpoints come from the clauses' thresholds, tiers and caps; "
            f"others are found by sampling {GRID} equal steps (marked “sampled”).",
        },
    }


def render_what_if(result: dict[str, Any], lang: str) -> str:
    """The series as a text table, the breakpoints marked and listed with their clauses."""
    zh = lang == "zh"
    marks = {b["at_cny"]: b for b in result["breakpoints"]}
    vouchers = result["vouchers"]
    head = ["支出", "最多", "保守"] if zh else ["Spend", "Maximum", "Conservative"]
    if vouchers:
        head += ["其中券（最多）"] if zh else ["of which vouchers (max)"]
    head.append("转折" if zh else "Breakpoint")
    rows = [head]
    for p in result["points"]:
        row = [fmt_cny(p["spend_cny"], lang), fmt_cny(p["total_max_cny"], lang)]
        row.append(fmt_cny(p["total_conservative_cny"], lang))
        if vouchers:
            row.append(fmt_cny(p["vouchers_max_cny"], lang))
        b = marks.get(p["spend_cny"])
        row.append("" if b is None else f"◆ {b['label'][lang]}")
        rows.append(row)
    from .table import _pad, _width

    widths = [max(_width(r[i]) for r in rows) for i in range(len(head))]
    lines = [
        f"{result['label'][lang]}：0 – {result['up_to']}×"
        if zh
        else f"{result['label'][lang]}: 0 – {result['up_to']}×"
    ]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    if result["breakpoints"]:
        lines.append("")
        lines.append("转折点：" if zh else "Breakpoints:")
        for b in result["breakpoints"]:
            where = (
                f"{b['policy']} §{b['clause']}"
                if b["policy"]
                else ("（多项合计）" if zh else "(several claims)")
            )
            moves = [
                f"{name} {fmt_cny(b['before'][key], lang)} → {fmt_cny(b['after'][key], lang)}"
                for key, name in (
                    ("total_max_cny", "最多" if zh else "max"),
                    ("total_conservative_cny", "保守" if zh else "conservative"),
                )
            ]
            lines.append(f"- {fmt_cny(b['at_cny'], lang)}: {where} {b['label'][lang]} ({'; '.join(moves)})")
    lines.append(result["method"][lang])
    return "\n".join(lines)


def labels(result: dict[str, Any], model: Model | None = None) -> dict[str, Any]:
    """The series' amounts and places in words, per language, for a page that formats no money itself:
    each point's spend and both totals, each breakpoint's spend, clause and both totals before → after,
    the value entered and the range's end. The page draws the curve from the integers and writes these."""
    model = model or load_model()
    titles = {p["id"]: p.get("short_title") or p["title"] for p in model.data["policies"]}
    keys = ("total_max_cny", "total_conservative_cny")

    def where(b: dict[str, Any], lang: str) -> str:
        if not b["policy"]:
            return "（多项合计）" if lang == "zh" else "(several claims)"
        title = titles.get(b["policy"], {}).get(lang, b["policy"])
        return f"{title} · 条款 {b['clause']}" if lang == "zh" else f"{title} · clause {b['clause']}"

    out: dict[str, Any] = {}
    for lang in ("zh", "en"):
        out[lang] = {
            "fact": result["label"][lang],
            "entered": fmt_cny(result["entered_cny"], lang),
            "top": fmt_cny(result["points"][-1]["spend_cny"], lang),
            "points": [
                {"spend": fmt_cny(p["spend_cny"], lang), **{k: fmt_cny(p[k], lang) for k in keys}}
                for p in result["points"]
            ],
            "breakpoints": [
                {
                    "at": fmt_cny(b["at_cny"], lang),
                    "where": where(b, lang),
                    "label": b["label"][lang],
                    **{k: f"{fmt_cny(b['before'][k], lang)} → {fmt_cny(b['after'][k], lang)}" for k in keys},
                }
                for b in result["breakpoints"]
            ],
        }
    return out
