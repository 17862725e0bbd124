"""Estimate what a company can claim: match clauses, compute each amount, then stack the totals.

Matching: a company in a jurisdiction gets the clauses of that jurisdiction and every one above it.
A fact the profile does not give is unknown, never 0 or "no". A clause whose amount needs a fact
the profile lacks is listed in ``needs``; one whose stated gates fail is listed in ``ineligible``
with the reason; the rest are ``items``. A gate on an unknown fact (a rating, a selection…) is
*assumed* when the amount follows from facts given, and the item says so; a fixed or "up to"
part whose only inputs are such gates stays in ``needs`` (the reader is asked). Parts a clause
pays either-or count once (the larger). How the items add up is :mod:`policy_explorer.calculator.stacking`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .ceilings import apply_ceilings
from .dates import IN_FORCE, START_UNKNOWN, status_on
from .errors import CalculatorError
from .factnames import full_names
from .formula import ZERO, Check, Context, MissingFact, Text, Value, check_all
from .model import Clause, Model, Part, Policy
from .money import fmt_cny, fmt_range, parse_literal, to_yuan
from .profile import check_profile
from .result import Estimate, EvaluatedPart, Ineligible, Item, Needs, pair
from .result import Part as ItemPart
from .stacking import INELIGIBLE, NEEDS, SET_BY_AUTHORITY, assume_in_force, finish, implement, stack, step
from .whynot import trace, why_not

PAID_IN_VOUCHERS = (
    "以券的形式发放（如算力券、模型券），抵扣服务费用",
    "paid in vouchers (算力券, 模型券…) that pay for the service",
)
# A clause's budget pool by the period the text states (资金池: 每年 / 总额 / no period).
BUDGET_PER = {
    "year": ("每年", "a year"),
    "total": ("总额", "in total"),
    "not_stated": ("（期间未说明）", "(period not stated)"),
}
NO_AMOUNT = ("适用；原文未规定金额", "applies; the text states no amount")
# A part that applies but whose text states no amount (并推荐申报国家智能券补贴): listed, never counted.
PART_NO_AMOUNT = ("适用；原文未规定金额，不计入合计", "applies; no amount stated, not in the totals")


def paid_by_text(level: Text, others: Text) -> Text:
    """ "市本级按不超过…": the amount is this level's share; the other levels' share is not stated."""
    return (
        f"以上为{level[0]}承担的部分；{others[0]}承担的部分原文未规定，不计入",
        f"this is the share paid by {level[1]}; the share of {others[1]} is not stated (not counted)",
    )


ONLY_ONE = ("（只能取其一：不计入）", " (only one of these is paid: not added)")


def amount_label(item: Item, lang: str) -> str:
    """An item's amount as a reader sees it (``300万元``, a range, ``≤ X``), or "no amount stated"."""
    if item.get("no_amount"):
        return NO_AMOUNT[0 if lang == "zh" else 1]
    return fmt_range(item["min_cny"], item["max_cny"], lang)


def _assumed(check: Check) -> Text:
    return (f"假设成立（未填写）：{check.text[0]}", f"assumed (not given): {check.text[1]}")


def _review(check: Check, meta: dict[str, dict]) -> bool:
    """An unknown condition on review outcomes only (经评审, 择优…): assumed for the maximum, never
    counted in the conservative total, and not a reason to hold back a fixed amount."""
    return bool(check.missing) and all(meta.get(f, {}).get("review") for f in check.missing)


@dataclass(slots=True)
class Evaluation:
    """One clause computed for the profile: ``parts`` (an item), else the facts it ``needs``, else
    why it is ``ineligible`` (the conditions that failed)."""

    parts: list[EvaluatedPart] | None = None
    steps: list[Text] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)  # with parts: facts that would add to the amount
    part_steps: dict[str, list[Text]] = field(default_factory=dict)  # each part's own steps (trace)
    ineligible: list[Text] | None = None  # the conditions that failed (None: not ineligible)


def _evaluate(clause: Clause, facts: dict[str, Any], meta: dict[str, dict]) -> Evaluation:
    """Compute one clause for the profile: an item, an ineligible entry, or the facts it needs."""
    given = clause.facts & facts.keys()
    if not given:
        return Evaluation(needs=sorted(clause.facts))
    ctx = Context(facts, meta)
    gates = check_all(clause.gates, ctx)
    if any(c.state is False for c in gates):
        return Evaluation(ineligible=[c.text for c in gates if c.state is not None])
    ctx.steps.extend(c.text for c in gates if c.state)
    open_gates = [c for c in gates if c.state is None]
    needs: set[str] = set()
    failed: list[Text] = []
    parts: list[dict[str, Any]] = []
    starts: list[tuple[str, int]] = []  # where each part's steps begin: the trace's per-part steps
    for part in clause.parts:
        starts.append((part.name, len(ctx.steps)))
        checks = check_all(part.gates, ctx)
        if any(c.state is False for c in checks):
            failed.extend(c.text for c in checks if c.state is not None)
            ctx.steps.extend(c.text for c in checks if c.state is not None)
            ctx.parts[part.name] = Value(Decimal(0), Decimal(0), "CNY")  # not eligible: worth 0
            continue
        unknown = open_gates + [c for c in checks if c.state is None]
        lacking = {f for f in part.amount_facts if f not in facts}.union(*(c.missing for c in unknown))
        asking = [c for c in unknown if not _review(c, meta)]
        if asking and not part.amount_facts:  # fixed / "up to": only its gates decide, so ask
            needs.update(lacking)
            ctx.skipped.add(part.name)
            continue
        if part.no_amount:  # it applies: listed with its label, worth nothing in the totals
            ctx.steps.extend(c.text for c in checks if c.state)
            ctx.steps.extend(_assumed(c) for c in unknown if c not in open_gates)
            parts.append(_part(part, Value(ZERO, ZERO, "CNY"), unknown, at_least=False))
            continue
        mark = len(ctx.steps)
        ctx.blank = set()
        try:
            value = part.amount(ctx)
        except MissingFact as exc:  # the amount reads a fact not given
            del ctx.steps[mark:]
            needs.update(lacking | {exc.fact})
            ctx.skipped.add(part.name)
            continue
        blank = {f for f in ctx.blank if f in meta}
        needs.update(blank)  # what was left blank: ways to add more
        ctx.steps.extend(c.text for c in checks if c.state)
        ctx.steps.extend(_assumed(c) for c in unknown if c not in open_gates)
        ctx.parts[part.name] = value
        if value.how is not None:
            ctx.steps.append(value.how)
        if part.paid_by is not None:
            ctx.steps.append(paid_by_text(*part.paid_by))
        parts.append(_part(part, value, unknown, at_least=bool(ctx.blank)))
    if not parts or (needs and all(p["no_amount"] for p in parts)):  # nothing computed: ask first
        return Evaluation(needs=sorted(needs)) if needs else Evaluation(ineligible=failed)
    ends = [start for _, start in starts[1:]] + [len(ctx.steps)]
    part_steps = {name: ctx.steps[a:b] for (name, a), b in zip(starts, ends, strict=True)}
    ctx.steps[0:0] = [_assumed(c) for c in open_gates]
    _either(clause, parts, ctx.steps)
    if len(clause.parts) > 1:
        for p in parts:
            label = Value(p["lo"], p["hi"], "CNY")
            extra = ONLY_ONE if p["alternative"] else ("", "")
            shown = PART_NO_AMOUNT if p["no_amount"] else (label.label("zh"), label.label("en"))
            ctx.steps.append(
                (
                    f"{p['label']['zh']}：{shown[0]}{extra[0]}",
                    f"{p['label']['en']}: {shown[1]}{extra[1]}",
                )
            )
    return Evaluation(parts, ctx.steps, sorted(needs), part_steps)


def _part(part: Part, value: Value, unknown: list[Check], at_least: bool) -> EvaluatedPart:
    """A computed part as the item lists it (a part with no amount stated is marked, worth 0)."""
    return {
        "name": part.name,
        "label": {"zh": part.label[0], "en": part.label[1]},
        "lo": value.lo,
        "hi": value.hi,
        "expense": part.expense,
        "category": part.category,
        "paid_in": part.paid_in,
        "no_amount": part.no_amount,
        "assumed": [{"zh": a[0], "en": a[1]} for a in (_assumed(c) for c in unknown)],
        "at_least": at_least,  # a floor: some inputs of a sum were left blank
        "alternative": False,
        "conservative": False,  # counted in the conservative total
    }


def _either(clause: Clause, parts: list[EvaluatedPart], steps: list[Text]) -> None:
    """Of the parts paid either-or, keep the larger; the others are shown as the alternative."""
    group = [p for p in parts if p["name"] in clause.either]
    if len(group) < 2:
        return
    best = max(group, key=lambda p: (p["hi"], p["lo"] or 0))
    for p in group:
        if p is not best:
            p["alternative"] = True
    # The conservative total takes the best part whose conditions the profile confirms: whichever of
    # them is paid, the company gets at least that (an assumed larger one must not zero it).
    confirmed = [p for p in group if not p["assumed"]]
    pick = max(confirmed, key=lambda p: p["lo"] if p["lo"] is not None else p["hi"], default=None)
    for p in group:
        p["conservative_alternative"] = p is not pick
    others = [p for p in group if p is not best]
    steps.append(
        (
            f"{best['label']['zh']}与{'、'.join(p['label']['zh'] for p in others)}只能取其一：取较大者",
            f"{best['label']['en']} or {', '.join(p['label']['en'] for p in others)}, "
            "not both: the larger is taken",
        )
    )


def _yuan(value: Decimal | None) -> int | None:
    return None if value is None else to_yuan(value)


def _item(clause: Clause, status: str, result: Evaluation) -> Item:
    paid_to = None if clause.paid_to is None else {"zh": clause.paid_to[0], "en": clause.paid_to[1]}
    parts: list[ItemPart] = [
        {  # an EvaluatedPart with its amounts in whole yuan
            **{k: v for k, v in p.items() if k not in ("hi", "lo")},
            "max_cny": to_yuan(p["hi"]),
            "min_cny": _yuan(p["lo"]),
            "paid_to": paid_to,
        }
        for p in result.parts or []
    ]
    item: Item = {
        "policy": clause.policy,
        "clause": clause.id,
        "jurisdiction": clause.jurisdiction,
        "category": clause.category,
        "title": {"zh": clause.title[0], "en": clause.title[1]},
        "kind": clause.kind,
        "status": status,
        "max_cny": 0,
        "min_cny": None,
        "explain": {"zh": [s[0] for s in result.steps], "en": [s[1] for s in result.steps]},
        "verify": [{"zh": zh, "en": en} for zh, en in clause.verify],
        "page": clause.page,
        "expense": clause.expense,
        "parts": parts,
        "assumed": [],
        "confirmed": True,
        "counted": False,
        "counted_max_cny": 0,
        "counted_conservative_cny": 0,
        "note": None,
        "at_least": any(p["at_least"] for p in parts if not p["alternative"]),
    }
    paid = [p for p in parts if not p["alternative"]]
    silent = [p for p in paid if p["no_amount"]]
    if silent and len(silent) == len(paid):  # only parts whose text states no amount
        item["no_amount"] = True
        item["note"] = {"zh": NO_AMOUNT[0], "en": NO_AMOUNT[1]}
    elif silent:  # beside an amount: named in the note, so a reader of the list sees it too
        item["note"] = {
            "zh": f"{'、'.join(p['label']['zh'] for p in silent)}：{PART_NO_AMOUNT[0]}",
            "en": f"{', '.join(p['label']['en'] for p in silent)}: {PART_NO_AMOUNT[1]}",
        }
    finish(item)
    shares = list(dict.fromkeys(p.paid_by for p in clause.parts if p.paid_by is not None))
    if shares:
        (level, others), *_ = shares
        item["paid_by"] = {
            "level": {"zh": level[0], "en": level[1]},
            "others": {"zh": others[0], "en": others[1]},
        }
        zh, en = paid_by_text(level, others)
        item["note"] = {"zh": zh, "en": en} if item["note"] is None else item["note"]
    vouchers = [p for p in clause.parts if p.paid_in == "vouchers"]
    if vouchers and len(vouchers) == len(clause.parts):  # the whole clause is paid in vouchers
        item["paid_in"] = "vouchers"
        item["note"] = {"zh": PAID_IN_VOUCHERS[0], "en": PAID_IN_VOUCHERS[1]}
    elif vouchers:  # some parts only: name them, the rest is cash
        zh = "、".join(p.label[0] for p in vouchers)
        en = ", ".join(p.label[1] for p in vouchers)
        item["note"] = {
            "zh": f"{zh}：{PAID_IN_VOUCHERS[0]}；其余以现金发放",
            "en": f"{en}: {PAID_IN_VOUCHERS[1]}; the rest in cash",
        }
    if clause.budget:
        item["budget"] = clause.budget
        pool = parse_literal(clause.budget["amount"])[0]
        zh, en = BUDGET_PER[clause.budget["per"]]
        step(
            item,
            f"资金池：{zh}{fmt_cny(pool, 'zh')}，用完即止（本估算不计）",
            f"budget pool: {fmt_cny(pool, 'en')} {en}; claims stop when it runs out (not applied here)",
        )
    if clause.application:
        item["application"] = clause.application
    if result.needs:
        item["needs"] = result.needs
    return item


def _unquantified(
    clause: Clause,
    status: str,
    facts: dict[str, Any],
    model: Model,
    items: dict[tuple[str, str], Item],
    needs: list[Needs],
    ineligible: list[Ineligible],
) -> None:
    """A clause that promises money with no amount (or a truncated one): listed when its gates hold.

    Only a clause whose gates read facts can match a profile; it is an item worth nothing in the
    totals, saying "applies; the text states no amount" and linking to the clause.
    """
    if clause.kind != "unquantified" or not clause.gate_facts:
        return
    ref = {"policy": clause.policy, "clause": clause.id, "status": status, "page": clause.page}
    if not clause.gate_facts & facts.keys():  # asked for, as a computed clause is
        needs.append({**ref, "facts": sorted(clause.gate_facts)})
        return
    checks = check_all(clause.gates, Context(facts, model.facts))
    if any(c.state is False for c in checks):
        why = [c.text for c in checks if c.state is not None]
        ineligible.append({**ref, "why": {"zh": [w[0] for w in why], "en": [w[1] for w in why]}})
        return
    missing = sorted(set().union(*(c.missing for c in checks if c.state is None)))
    if missing:
        needs.append({**ref, "facts": missing})
        return
    steps = [c.text for c in checks] + [NO_AMOUNT]
    item = _item(clause, status, Evaluation([], steps))
    item["explain"] = {"zh": [s[0] for s in steps], "en": [s[1] for s in steps]}
    item["verify"] = [v for v in item["verify"] if v != pair(SET_BY_AUTHORITY)]
    item["note"] = {"zh": NO_AMOUNT[0], "en": NO_AMOUNT[1]}
    item["no_amount"] = True
    items[(clause.policy, clause.id)] = item


def run(model: Model, profile: Any, on: dt.date, explained: bool = False) -> Estimate:
    """The full estimate for ``profile`` on the day ``on`` (see :func:`policy_explorer.calculator.estimate`).

    ``explained``: add ``why_not`` and ``trace`` (:mod:`policy_explorer.calculator.whynot`): the CLI and the
    page ask for them; the comparison of places and the site's tables, which run many estimates, do not.
    """
    asked = profile.get("jurisdiction") if isinstance(profile, dict) else None
    if isinstance(asked, str) and asked in model.jurisdictions:  # short names of documents' own facts
        homes = {p.id: p.jurisdiction for p in model.policies}
        profile, given = full_names(profile, model.facts, set(model.chain(asked)), homes)
        try:
            jurisdiction, facts = check_profile(profile, model.jurisdictions, model.facts)
        except CalculatorError as exc:
            name = exc.field.removeprefix("facts.")
            raise CalculatorError(f"facts.{given[name]}", exc.message) if name in given else exc from None
    else:
        jurisdiction, facts = check_profile(profile, model.jurisdictions, model.facts)
    chain = set(model.chain(jurisdiction))
    items: dict[tuple[str, str], Item] = {}
    outcomes: dict[tuple[str, str], Text] = {}
    part_steps: dict[tuple[str, str], dict[str, list[Text]]] = {}
    needs: list[Needs] = []
    ineligible: list[Ineligible] = []
    statuses: dict[str, str] = {}
    policies: dict[str, Policy] = {}
    for policy in model.policies:
        if policy.jurisdiction not in chain:
            continue
        status = status_on(on, policy.start, policy.end, policy.draft)
        statuses[policy.id] = status
        policies[policy.id] = policy
        for clause in policy.clauses:
            key = (clause.policy, clause.id)
            if not clause.parts:
                _unquantified(clause, status, facts, model, items, needs, ineligible)
                continue
            result = _evaluate(clause, facts, model.facts)
            ref = {"policy": clause.policy, "clause": clause.id, "status": status, "page": clause.page}
            if result.parts is not None:
                items[key] = _item(clause, status, result)
                part_steps[key] = result.part_steps
                if result.needs:
                    needs.append({**ref, "facts": result.needs})
            elif result.ineligible is None:
                needs.append({**ref, "facts": result.needs})
                outcomes[key] = NEEDS
            else:
                why = result.ineligible
                ineligible.append({**ref, "why": {"zh": [w[0] for w in why], "en": [w[1] for w in why]}})
                outcomes[key] = INELIGIBLE
    for item in items.values():
        _ending(item, policies[item["policy"]], statuses[item["policy"]], on)
        if item["status"] == START_UNKNOWN:
            assume_in_force(item)
    live = {pid for pid, s in statuses.items() if s == IN_FORCE}
    implement(items, outcomes, model, live)
    ceilings = apply_ceilings(items, model, statuses, facts)
    item_list = list(items.values())
    totals = stack(item_list, model, statuses)
    for lang, i in (("zh", 0), ("en", 1)):  # before the closing "both are upper estimates" line
        totals["totals_explain"][lang][-1:-1] = [line[i] for line in ceilings]
    out: Estimate = {
        "on": on.isoformat(),
        "jurisdiction": jurisdiction,
        "jurisdictions": list(model.chain(jurisdiction)),
        "items": item_list,
        **totals,
        "needs": needs,
        "ineligible": ineligible,
        "policies": [
            {
                "policy": pid,
                "status": statuses[pid],
                "end": None if p.end is None else p.end.isoformat(),
                "days_left": _days_left(p, statuses[pid], on),
            }
            for pid, p in policies.items()
        ],
    }
    if explained:
        asked = {
            (e["policy"], e["clause"]): "unknown" for e in needs if (e["policy"], e["clause"]) not in items
        }
        asked.update({(e["policy"], e["clause"]): "failed" for e in ineligible})
        out["why_not"] = why_not(model, facts, policies, statuses, items, asked)
        out["trace"] = trace(model, facts, policies, items, out["why_not"], part_steps)
    return out


ENDING_SOON = 30  # days: an item whose policy ends this soon says so


def _days_left(policy: Policy, status: str, on: dt.date) -> int | None:
    """Days the policy stays in force after ``on`` (0 on its last day); None if it has no end."""
    if status != IN_FORCE or policy.end is None:
        return None
    return (policy.end - on).days


def _ending(item: Item, policy: Policy, status: str, on: dt.date) -> None:
    """Give the item its policy's last day; one ending within :data:`ENDING_SOON` days says so."""
    item["ends"] = None if policy.end is None else policy.end.isoformat()
    left = _days_left(policy, status, on)
    item["days_left"] = left
    if left is not None and left <= ENDING_SOON:
        end = policy.end.isoformat()
        zh = f"政策将于{end}到期（还剩{left}天）" if left else f"政策于今天（{end}）到期"
        en = (
            f"the policy ends on {end} ({left} {'day' if left == 1 else 'days'} left)"
            if left
            else f"the policy ends today ({end})"
        )
        note = item["note"]
        item["note"] = (
            {"zh": zh, "en": en}
            if note is None
            else {"zh": f"{note['zh']}；{zh}", "en": f"{note['en']}; {en}"}
        )
