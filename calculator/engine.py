"""Estimate what a company can claim: match clauses, compute each amount, then stack the totals.

Matching: a company in a jurisdiction gets the clauses of that jurisdiction and every one above it.
A clause whose formula reads a fact the profile lacks is listed in ``needs``; one whose stated
gates fail is listed in ``ineligible`` with the reason; the rest are ``items``.

Stacking (``total_max_cny``): items of policies in force on the date, where
1. an operating-rule clause that ``implements`` a measure clause is the same money: only the larger
   of the linked items counts;
2. each in-force policy's non-duplication rule (就高不重复) keeps only the largest claim on the same
   expense within the rule's scope (the policy, its jurisdiction, or all levels).
``total_conservative_cny`` goes further: one claim per expense (the largest) across all policies.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .dates import IN_FORCE, status_on
from .formula import DEFAULTABLE, Context, MissingFact, Text, Value, all_hold
from .model import Clause, Model, Policy
from .money import fmt_cny, to_yuan
from .profile import check_profile


def _evaluate(clause: Clause, facts: dict[str, Any], meta: dict[str, dict]) -> dict[str, Any]:
    """Compute one clause for the profile: an item, an ineligible entry, or the facts it needs.

    A clause whose facts the profile says nothing about needs them all. Once the profile gives
    any of them, a count or yes/no fact left out counts as 0 / no, and only a missing amount,
    area, duration or level leaves a part (or the clause) needing facts.
    """
    given = clause.facts & facts.keys()
    if not given:
        return {"needs": sorted(clause.facts)}
    ctx = Context(facts, meta, defaults=True)
    try:
        ok, why = all_hold(clause.gates, ctx)
    except MissingFact:
        return {"needs": _lacking(clause.gate_facts, facts, meta)}
    ctx.steps.extend(why)
    if not ok:
        return {"ineligible": why}
    lo: Decimal | None = Decimal(0)
    hi = Decimal(0)
    needs: set[str] = set()
    computed = 0
    failed: list[Text] = []
    for part in clause.parts:
        mark = len(ctx.steps)
        try:
            part_ok, part_why = all_hold(part.gates, ctx)
            value: Value | None = part.amount(ctx) if part_ok else None
        except MissingFact:
            del ctx.steps[mark:]
            needs.update(_lacking(part.facts, facts, meta))
            ctx.skipped.add(part.name)
            continue
        ctx.steps.extend(part_why)
        if value is None:
            failed.extend(part_why)
            ctx.parts[part.name] = Value(Decimal(0), Decimal(0), "CNY")  # not eligible: worth 0
            continue
        ctx.parts[part.name] = value
        if value.how is not None:
            ctx.steps.append(value.how)
        if len(clause.parts) > 1:
            ctx.steps.append(
                (f"{part.label[0]}：{value.label('zh')}", f"{part.label[1]}: {value.label('en')}")
            )
        lo = None if (lo is None or value.lo is None) else lo + value.lo
        hi += value.hi
        computed += 1
    if computed == 0:
        return {"needs": sorted(needs)} if needs else {"ineligible": failed}
    if ctx.assumed:
        names = [(ctx.fact_label(f, "zh"), ctx.fact_label(f, "en")) for f in ctx.assumed]
        ctx.steps.insert(
            0,
            (
                "未填写，按 0 / 否 计：" + "、".join(n[0] for n in names),
                "not given, taken as 0 / no: " + ", ".join(n[1] for n in names),
            ),
        )
    return {"lo": lo, "hi": hi, "steps": ctx.steps, "needs": sorted(needs)}


def _lacking(names: frozenset[str], facts: dict[str, Any], meta: dict[str, dict]) -> list[str]:
    """The facts among ``names`` that are missing and have no default."""
    return sorted(n for n in names if n not in facts and meta[n]["unit"] not in DEFAULTABLE)


def _item(clause: Clause, status: str, result: dict) -> dict[str, Any]:
    hi, lo = to_yuan(result["hi"]), None if result["lo"] is None else to_yuan(result["lo"])
    steps = result["steps"]
    final = (
        (f"本条合计：{fmt_cny(hi, 'zh')}" if lo == hi else f"本条金额：{_range(lo, hi, 'zh')}"),
        (f"clause total: {fmt_cny(hi, 'en')}" if lo == hi else f"clause amount: {_range(lo, hi, 'en')}"),
    )
    verify = [{"zh": zh, "en": en} for zh, en in clause.verify]
    if lo is None:
        verify.append({"zh": "具体金额由主管部门核定", "en": "The amount is set by the authority"})
    item = {
        "policy": clause.policy,
        "clause": clause.id,
        "jurisdiction": clause.jurisdiction,
        "category": clause.category,
        "title": {"zh": clause.title[0], "en": clause.title[1]},
        "kind": clause.kind,
        "status": status,
        "max_cny": hi,
        "min_cny": lo,
        "explain": {"zh": [s[0] for s in steps] + [final[0]], "en": [s[1] for s in steps] + [final[1]]},
        "verify": verify,
        "page": clause.page,
        "expense": clause.expense,
        "counted": False,
        "note": None,
    }
    if clause.budget:
        item["budget"] = clause.budget
    if result["needs"]:
        item["needs"] = result["needs"]
    return item


def _range(lo: int | None, hi: int, lang: str) -> str:
    if lo is None:
        return f"最高{fmt_cny(hi, 'zh')}" if lang == "zh" else f"up to {fmt_cny(hi, 'en')}"
    return f"{fmt_cny(lo, lang)}–{fmt_cny(hi, lang)}"


def _note(item: dict, zh: str, en: str) -> None:
    item["counted"] = False
    item["note"] = {"zh": zh, "en": en}


def _keep_largest(group: list[dict], zh: str, en: str) -> None:
    """Within ``group`` only the largest counted claim stays counted; note why on the others."""
    group = [i for i in group if i["counted"]]
    if len(group) < 2:
        return
    best = max(group, key=lambda i: (i["max_cny"], i["min_cny"] or 0))
    ref = f"{best['policy']} {best['clause']}"
    for item in group:
        if item is not best:
            _note(item, f"{zh}，只计 {ref}", f"{en}; only {ref} counts")


def _stack(
    items: list[dict],
    clauses: dict[tuple[str, str], Clause],
    policies: dict[str, Policy],
    statuses: dict[str, str],
) -> dict[str, Any]:
    live = [i for i in items if i["status"] == IN_FORCE]
    for item in live:
        item["counted"] = True
    for item in items:
        if item["status"] != IN_FORCE:
            _note(
                item,
                "政策不在有效期内，不计入合计",
                "the policy is not in force on this date; not in the totals",
            )

    # 1. Same money: a clause and the clauses that implement it.
    index = {(i["policy"], i["clause"]): i for i in live}
    groups: dict[tuple[str, str], list[dict]] = {}
    for item in live:
        for target in clauses[(item["policy"], item["clause"])].implements:
            if target in index:
                groups.setdefault(target, [index[target]]).append(item)
    for group in groups.values():
        _keep_largest(group, "与所实施的措施条款为同一笔资金", "the same money as the measure it implements")

    # 2. Non-duplication rules of in-force policies, within the scope each names.
    for pid, policy in policies.items():
        if statuses.get(pid) != IN_FORCE:
            continue
        for rule in policy.non_duplication:
            scope = rule.get("scope", "policy")
            by_expense: dict[str, list[dict]] = {}
            for item in live:
                if item["expense"] is None:
                    continue
                if scope == "policy" and item["policy"] != pid:
                    continue
                if scope == "jurisdiction" and item["jurisdiction"] != policy.jurisdiction:
                    continue
                by_expense.setdefault(item["expense"], []).append(item)
            for group in by_expense.values():
                if any(i["policy"] == pid for i in group):
                    _keep_largest(
                        group,
                        f"{policy.title[0]}规定就高不重复",
                        f"{policy.title[1]} pays only the highest (no duplication)",
                    )

    counted = [i for i in live if i["counted"]]
    total_max = sum(i["max_cny"] for i in counted)
    best_per_expense: dict[str, dict] = {}
    singles = []
    for item in counted:
        if item["expense"] is None:
            singles.append(item)
        elif item["max_cny"] > best_per_expense.get(item["expense"], {"max_cny": -1})["max_cny"]:
            best_per_expense[item["expense"]] = item
    conservative = singles + list(best_per_expense.values())
    total_conservative = sum(i["max_cny"] for i in conservative)
    skipped = len(live) - len(counted)
    explain = {
        "zh": [
            f"最高合计 {fmt_cny(total_max, 'zh')}：有效期内可同时申领的 {len(counted)} 项之和"
            + (f"（另有 {skipped} 项因同一笔资金或就高不重复未重复计入）" if skipped else ""),
            f"保守合计 {fmt_cny(total_conservative, 'zh')}：同一笔费用只计金额最高的一项"
            f"（{len(best_per_expense)} 类费用），加上不针对费用的 {len(singles)} 项奖励",
            "两者均为上限估算，实际以主管部门审核为准；“最高X”类条款按最高额计入。",
        ],
        "en": [
            f"Maximum total {fmt_cny(total_max, 'en')}: "
            f"the {len(counted)} claims in force that can be made together"
            + (
                f" ({skipped} more not counted twice: the same money, or pay-only-the-highest rules)"
                if skipped
                else ""
            ),
            f"Conservative total {fmt_cny(total_conservative, 'en')}: only the largest claim per expense "
            f"({len(best_per_expense)} kinds of expense), plus {len(singles)} rewards not tied to an expense",
            "Both are upper estimates; the authorities decide. Clauses stated as 'up to X' count at X.",
        ],
    }
    return {
        "total_max_cny": total_max,
        "total_conservative_cny": total_conservative,
        "totals_explain": explain,
    }


def run(model: Model, profile: Any, on: dt.date) -> dict[str, Any]:
    """The full estimate for ``profile`` on the day ``on`` (see :func:`calculator.estimate`)."""
    jurisdiction, facts = check_profile(profile, model.jurisdictions, model.facts)
    chain = set(model.chain(jurisdiction))
    items: list[dict] = []
    needs: list[dict] = []
    ineligible: list[dict] = []
    statuses: dict[str, str] = {}
    policies: dict[str, Policy] = {}
    clauses: dict[tuple[str, str], Clause] = {}
    for policy in model.policies:
        if policy.jurisdiction not in chain:
            continue
        status = status_on(on, policy.start, policy.end, policy.draft)
        statuses[policy.id] = status
        policies[policy.id] = policy
        for clause in policy.clauses:
            if not clause.parts:
                continue
            result = _evaluate(clause, facts, model.facts)
            ref = {"policy": clause.policy, "clause": clause.id, "status": status, "page": clause.page}
            if "steps" in result:
                items.append(_item(clause, status, result))
                clauses[(clause.policy, clause.id)] = clause
                if result["needs"]:
                    needs.append({**ref, "facts": result["needs"]})
            elif "needs" in result:
                needs.append({**ref, "facts": result["needs"]})
            else:
                ineligible.append(
                    {
                        **ref,
                        "why": {
                            "zh": [w[0] for w in result["ineligible"]],
                            "en": [w[1] for w in result["ineligible"]],
                        },
                    }
                )
    totals = _stack(items, clauses, policies, statuses)
    return {
        "on": on.isoformat(),
        "jurisdiction": jurisdiction,
        "jurisdictions": list(model.chain(jurisdiction)),
        "items": items,
        **totals,
        "needs": needs,
        "ineligible": ineligible,
        "policies": [{"policy": pid, "status": statuses[pid]} for pid in policies],
    }
