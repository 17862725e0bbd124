"""Estimate what a company can claim: match clauses, compute each amount, then stack the totals.

Matching: a company in a jurisdiction gets the clauses of that jurisdiction and every one above it.
A fact the profile does not give is unknown, never 0 or "no". A clause whose amount needs a fact
the profile lacks is listed in ``needs``; one whose stated gates fail is listed in ``ineligible``
with the reason; the rest are ``items``. A gate on an unknown fact (a rating, a selection…) is
*assumed* when the amount follows from facts given, and the item says so; a fixed or "up to"
part whose only inputs are such gates stays in ``needs`` (the reader is asked).

Implementation: an operating-rule clause that ``implements`` a measure clause (or one of its
parts) is how that measure is paid. Where the rule computes an amount, the measure's part takes it,
bounded by the measure's own amount; where the rule is silent, the measure's amount stands.

Stacking works on claims, one per paid part, each naming the expense it pays for (or ``reward``):
``total_max_cny`` counts the claims of items in force whose conditions hold or are assumed, after
each in-force policy's non-duplication rule (就高不重复) keeps only the largest claim per expense
within its scope. ``total_conservative_cny`` counts only claims whose conditions the profile
confirms, one per expense (the largest) across all policies, plus the rewards tied to no spending.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .dates import IN_FORCE, status_on
from .formula import Check, Context, MissingFact, Text, Value, check_all
from .model import REWARD, Clause, Model, Policy
from .money import fmt_cny, to_yuan
from .profile import check_profile


def _assumed(check: Check) -> Text:
    return (f"假设成立（未填写）：{check.text[0]}", f"assumed (not given): {check.text[1]}")


def _evaluate(clause: Clause, facts: dict[str, Any], meta: dict[str, dict]) -> dict[str, Any]:
    """Compute one clause for the profile: an item, an ineligible entry, or the facts it needs."""
    given = clause.facts & facts.keys()
    if not given:
        return {"needs": sorted(clause.facts)}
    ctx = Context(facts, meta)
    gates = check_all(clause.gates, ctx)
    if any(c.state is False for c in gates):
        return {"ineligible": [c.text for c in gates if c.state is not None]}
    ctx.steps.extend(c.text for c in gates if c.state)
    open_gates = [c for c in gates if c.state is None]
    needs: set[str] = set()
    failed: list[Text] = []
    parts: list[dict[str, Any]] = []
    for part in clause.parts:
        checks = check_all(part.gates, ctx)
        if any(c.state is False for c in checks):
            failed.extend(c.text for c in checks if c.state is not None)
            ctx.steps.extend(c.text for c in checks if c.state is not None)
            ctx.parts[part.name] = Value(Decimal(0), Decimal(0), "CNY")  # not eligible: worth 0
            continue
        unknown = open_gates + [c for c in checks if c.state is None]
        lacking = {f for f in part.amount_facts if f not in facts}.union(*(c.missing for c in unknown))
        if unknown and not part.amount_facts:  # fixed / "up to": only its gates decide, so ask
            needs.update(lacking)
            ctx.skipped.add(part.name)
            continue
        mark = len(ctx.steps)
        try:
            value = part.amount(ctx)
        except MissingFact as exc:  # the amount reads a fact not given
            del ctx.steps[mark:]
            needs.update(lacking | {exc.fact})
            ctx.skipped.add(part.name)
            continue
        ctx.steps.extend(c.text for c in checks if c.state)
        ctx.steps.extend(_assumed(c) for c in unknown if c not in open_gates)
        ctx.parts[part.name] = value
        if value.how is not None:
            ctx.steps.append(value.how)
        parts.append(
            {
                "name": part.name,
                "label": {"zh": part.label[0], "en": part.label[1]},
                "lo": value.lo,
                "hi": value.hi,
                "expense": part.expense,
                "assumed": [{"zh": a[0], "en": a[1]} for a in (_assumed(c) for c in unknown)],
                "alternative": False,
                "conservative": False,  # counted in the conservative total
            }
        )
    if not parts:
        return {"needs": sorted(needs)} if needs else {"ineligible": failed}
    ctx.steps[0:0] = [_assumed(c) for c in open_gates]
    _either(clause, parts, ctx.steps)
    if len(clause.parts) > 1:
        for p in parts:
            label = Value(p["lo"], p["hi"], "CNY")
            extra = ("（二选一，不计入）", " (either-or: not added)") if p["alternative"] else ("", "")
            ctx.steps.append(
                (
                    f"{p['label']['zh']}：{label.label('zh')}{extra[0]}",
                    f"{p['label']['en']}: {label.label('en')}{extra[1]}",
                )
            )
    return {"parts": parts, "steps": ctx.steps, "needs": sorted(needs)}


def _either(clause: Clause, parts: list[dict], steps: list[Text]) -> None:
    """Of the parts paid either-or, keep the larger; the others are shown as the alternative."""
    group = [p for p in parts if p["name"] in clause.either]
    if len(group) < 2:
        return
    best = max(group, key=lambda p: (p["hi"], p["lo"] or 0))
    for p in group:
        if p is not best:
            p["alternative"] = True
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


def _item(clause: Clause, status: str, result: dict) -> dict[str, Any]:
    paid_to = None if clause.paid_to is None else {"zh": clause.paid_to[0], "en": clause.paid_to[1]}
    parts = [
        {
            **{k: v for k, v in p.items() if k not in ("hi", "lo")},
            "max_cny": to_yuan(p["hi"]),
            "min_cny": _yuan(p["lo"]),
            "paid_to": paid_to,
        }
        for p in result["parts"]
    ]
    item = {
        "policy": clause.policy,
        "clause": clause.id,
        "jurisdiction": clause.jurisdiction,
        "category": clause.category,
        "title": {"zh": clause.title[0], "en": clause.title[1]},
        "kind": clause.kind,
        "status": status,
        "max_cny": 0,
        "min_cny": None,
        "explain": {"zh": [s[0] for s in result["steps"]], "en": [s[1] for s in result["steps"]]},
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
    }
    _finish(item)
    if clause.budget:
        item["budget"] = clause.budget
    if result["needs"]:
        item["needs"] = result["needs"]
    return item


def _finish(item: dict) -> None:
    """Set the item's amount, assumptions and closing line from its parts (again after a change)."""
    paid = [p for p in item["parts"] if not p["alternative"]]
    hi = sum(p["max_cny"] for p in paid)
    lo = None if any(p["min_cny"] is None for p in paid) else sum(p["min_cny"] for p in paid)
    item["max_cny"], item["min_cny"] = hi, lo
    assumed = [a for p in paid for a in p["assumed"]]
    item["assumed"] = list({a["en"]: a for a in assumed}.values())
    item["confirmed"] = not item["assumed"]
    if lo is None and not any(v["en"] == _SET_BY_AUTHORITY[1] for v in item["verify"]):
        item["verify"].append({"zh": _SET_BY_AUTHORITY[0], "en": _SET_BY_AUTHORITY[1]})
    for lang in ("zh", "en"):
        lines = [s for s in item["explain"][lang] if not s.startswith(_FINAL[lang])]
        total = fmt_cny(hi, lang) if lo == hi else _range(lo, hi, lang)
        lines.append(f"{_FINAL[lang]}{total}")
        item["explain"][lang] = lines


_FINAL = {"zh": "本条金额：", "en": "clause amount: "}
_SET_BY_AUTHORITY = ("具体金额由主管部门核定", "The amount is set by the authority")


def _range(lo: int | None, hi: int, lang: str) -> str:
    if lo is None:
        return f"最高{fmt_cny(hi, 'zh')}" if lang == "zh" else f"up to {fmt_cny(hi, 'en')}"
    return f"{fmt_cny(lo, lang)}–{fmt_cny(hi, lang)}"


def _note(item: dict, zh: str, en: str) -> None:
    old = item["note"]
    if old is not None and en in old["en"]:
        return
    if old is not None:
        zh, en = f"{old['zh']}；{zh}", f"{old['en']}; {en}"
    item["note"] = {"zh": zh, "en": en}


def _step(item: dict, zh: str, en: str) -> None:
    """Add a line to the item's explanation, before its closing amount."""
    item["explain"]["zh"].insert(len(item["explain"]["zh"]) - 1, zh)
    item["explain"]["en"].insert(len(item["explain"]["en"]) - 1, en)


def _ref(item: dict | tuple, model: Model) -> tuple[str, str]:
    """A clause named for a reader: short policy title and clause number."""
    policy, clause = (item["policy"], item["clause"]) if isinstance(item, dict) else item
    zh, en = model.short_titles[policy]
    return f"《{zh}》第{clause}条", f"{en} clause {clause}"


def _implement(
    items: dict[tuple[str, str], dict],
    outcomes: dict[tuple[str, str], Text],
    model: Model,
    live: set[str],
) -> None:
    """Pay each implemented measure as its operating rule computes it (see the module docstring).

    The rule computes: the measure's part takes the rule's amount, bounded by its own, and the
    rule's item is not counted again. The rule's conditions fail: the measure's part is not paid.
    The rule needs facts, or is not in force: the measure's own amount stands.
    """
    for key, measure in items.items():
        for rule_key, part_name in model.implemented_by.get(key, ()):
            if rule_key[0] not in live or key[0] not in live:
                continue
            rule_zh, rule_en = _ref(rule_key, model)
            rule_item = items.get(rule_key)
            if rule_item is None and outcomes.get(rule_key, ("", ""))[1] != _INELIGIBLE[1]:
                _step(
                    measure,
                    f"{rule_zh}规定本条的兑现方式，但{_NEEDS[0]}：按本条计",
                    f"{rule_en} says how this is paid, but {_NEEDS[1]}: this clause's amount stands",
                )
                continue
            parts = [p for p in measure["parts"] if part_name in (None, p["name"]) and not p["alternative"]]
            for p in parts:
                cap_hi = p["max_cny"]
                if rule_item is None:
                    p["max_cny"], p["min_cny"] = 0, 0
                    _step(
                        measure,
                        f"{p['label']['zh']}按{rule_zh}兑现，其条件不符：0元",
                        f"{p['label']['en']} is paid under {rule_en}, whose conditions are not met: CNY 0",
                    )
                    continue
                p["max_cny"] = min(rule_item["max_cny"], cap_hi)
                p["min_cny"] = None if rule_item["min_cny"] is None else min(rule_item["min_cny"], cap_hi)
                known = {a["en"] for a in p["assumed"]}
                p["assumed"] += [a for a in rule_item["assumed"] if a["en"] not in known]
                if rule_item["parts"] and rule_item["parts"][0]["paid_to"]:
                    p["paid_to"] = rule_item["parts"][0]["paid_to"]
                _step(
                    measure,
                    f"{p['label']['zh']}按{rule_zh}兑现：{_range(p['min_cny'], p['max_cny'], 'zh')}"
                    f"（不超过本条所定 {fmt_cny(cap_hi, 'zh')}）",
                    f"{p['label']['en']} is paid as {rule_en} computes it: "
                    f"{_range(p['min_cny'], p['max_cny'], 'en')} "
                    f"(within this clause's own {fmt_cny(cap_hi, 'en')})",
                )
            _finish(measure)
            if rule_item is not None:
                measure_zh, measure_en = _ref(key, model)
                rule_item["implemented"] = True
                _note(
                    rule_item,
                    f"本条是{measure_zh}的兑现方式，金额计入该条",
                    f"how {measure_en} is paid; counted under that clause",
                )
    for rule_key, rule_item in items.items():
        if rule_item.get("implemented") or rule_key[0] not in live:
            continue
        for policy, clause_id, _part in model.clauses[rule_key].implements:
            measure_zh, measure_en = _ref((policy, clause_id), model)
            why = outcomes.get((policy, clause_id), ("未在有效期内", "it is not in force"))
            _step(
                rule_item,
                f"本条是{measure_zh}的兑现方式（该条{why[0]}），按本条计",
                f"this is how {measure_en} is paid ({why[1]}); counted here",
            )


_NEEDS = ("需补充信息", "it needs facts not given")
_INELIGIBLE = ("条件不符", "its conditions are not met")


def _stack(items: list[dict], model: Model, statuses: dict[str, str]) -> dict[str, Any]:
    """Both totals and their explanation; marks what each item adds to them."""
    claims: list[dict] = []  # one per item and expense: the parts of one clause are paid together
    for item in items:
        if item["status"] != IN_FORCE:
            _note(item, "政策不在有效期内，不计入合计", "the policy is not in force that day: not totalled")
            continue
        if item.get("implemented"):
            continue
        by_expense: dict[str, dict] = {}
        for part in item["parts"]:
            if part["alternative"]:
                continue
            if part["paid_to"]:
                _note(
                    item,
                    f"资金拨付至{part['paid_to']['zh']}，不计入企业合计",
                    f"paid to {part['paid_to']['en']}, not to the company: not in the totals",
                )
                continue
            claim = by_expense.setdefault(
                part["expense"],
                {"item": item, "expense": part["expense"], "max": 0, "min": 0, "confirmed": 0, "cut": False},
            )
            claim["max"] += part["max_cny"]
            claim["min"] += part["min_cny"] or 0
            if not part["assumed"]:
                claim["confirmed"] += part["max_cny"]
        claims.extend(by_expense.values())

    for policy in model.policies:
        pid = policy.id
        if statuses.get(pid) != IN_FORCE:
            continue
        for rule in policy.non_duplication:
            scope = rule.get("scope", "policy")
            groups: dict[str, list[dict]] = {}
            for claim in claims:
                item = claim["item"]
                if claim["expense"] == REWARD or claim["cut"]:
                    continue
                if scope == "policy" and item["policy"] != pid:
                    continue
                if scope == "jurisdiction" and item["jurisdiction"] != policy.jurisdiction:
                    continue
                groups.setdefault(claim["expense"], []).append(claim)
            for group in groups.values():
                if len(group) < 2 or not any(c["item"]["policy"] == pid for c in group):
                    continue
                best = max(group, key=lambda c: (c["max"], c["min"]))
                zh, en = _ref(best["item"], model)
                for claim in group:
                    if claim is not best:
                        claim["cut"] = True
                        _note(
                            claim["item"],
                            f"{policy.title[0]}规定就高不重复，同一费用只计{zh}",
                            f"{policy.title[1]} pays only the highest: for the same expense only {en} counts",
                        )

    kept = [c for c in claims if not c["cut"]]
    for claim in kept:
        claim["item"]["counted_max_cny"] += claim["max"]
        claim["item"]["counted"] = True
    total_max = sum(c["max"] for c in kept)

    best_per_expense: dict[str, dict] = {}
    rewards = []
    for claim in claims:
        if claim["confirmed"] == 0:
            continue
        if claim["expense"] == REWARD:
            if not claim["cut"]:
                rewards.append(claim)
        else:
            best = best_per_expense.get(claim["expense"])
            if best is None or claim["confirmed"] > best["confirmed"]:
                best_per_expense[claim["expense"]] = claim
    conservative = rewards + list(best_per_expense.values())
    for claim in conservative:
        claim["item"]["counted_conservative_cny"] += claim["confirmed"]
        for part in claim["item"]["parts"]:
            if part["expense"] == claim["expense"] and not part["alternative"] and not part["assumed"]:
                part["conservative"] = not part["paid_to"]
    total_conservative = sum(c["confirmed"] for c in conservative)

    counted = [i for i in items if i["counted"]]
    assumed = [i for i in counted if i["assumed"]]
    live = [i for i in items if i["status"] == IN_FORCE]
    skipped = len(live) - len(counted)
    explain = {
        "zh": [
            f"最高合计 {fmt_cny(total_max, 'zh')}：有效期内可同时申领的 {len(counted)} 项之和"
            + (f"，其中 {len(assumed)} 项按假设成立的条件计入（见各项“假设”）" if assumed else "")
            + (f"；另有 {skipped} 项未重复计入（同一笔资金、就高不重复或不拨付给企业）" if skipped else ""),
            f"保守合计 {fmt_cny(total_conservative, 'zh')}：只计所填资料已确认条件的部分，同一笔费用只计金额"
            f"最高的一项（{len(best_per_expense)} 类费用），加上不针对费用的 {len(rewards)} 项奖励",
            "两者均为上限估算，实际以主管部门审核为准；“最高X”类条款按最高额计入。",
        ],
        "en": [
            f"Maximum total {fmt_cny(total_max, 'en')}: "
            f"the {len(counted)} claims in force that can be made together"
            + (f", {len(assumed)} of them on assumed conditions (see each item)" if assumed else "")
            + (
                f"; {skipped} more not counted (the same money, pay-only-the-highest rules, "
                "or money not paid to the company)"
                if skipped
                else ""
            ),
            f"Conservative total {fmt_cny(total_conservative, 'en')}: only what the profile confirms, "
            f"the largest claim per expense ({len(best_per_expense)} kinds of expense), "
            f"plus {len(rewards)} rewards not tied to an expense",
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
    items: dict[tuple[str, str], dict] = {}
    outcomes: dict[tuple[str, str], Text] = {}
    needs: list[dict] = []
    ineligible: list[dict] = []
    statuses: dict[str, str] = {}
    policies: dict[str, Policy] = {}
    for policy in model.policies:
        if policy.jurisdiction not in chain:
            continue
        status = status_on(on, policy.start, policy.end, policy.draft)
        statuses[policy.id] = status
        policies[policy.id] = policy
        for clause in policy.clauses:
            if not clause.parts:
                continue
            key = (clause.policy, clause.id)
            result = _evaluate(clause, facts, model.facts)
            ref = {"policy": clause.policy, "clause": clause.id, "status": status, "page": clause.page}
            if "steps" in result:
                items[key] = _item(clause, status, result)
                if result["needs"]:
                    needs.append({**ref, "facts": result["needs"]})
            elif "needs" in result:
                needs.append({**ref, "facts": result["needs"]})
                outcomes[key] = _NEEDS
            else:
                why = result["ineligible"]
                ineligible.append({**ref, "why": {"zh": [w[0] for w in why], "en": [w[1] for w in why]}})
                outcomes[key] = _INELIGIBLE
    live = {pid for pid, s in statuses.items() if s == IN_FORCE}
    _implement(items, outcomes, model, live)
    item_list = list(items.values())
    totals = _stack(item_list, model, statuses)
    return {
        "on": on.isoformat(),
        "jurisdiction": jurisdiction,
        "jurisdictions": list(model.chain(jurisdiction)),
        "items": item_list,
        **totals,
        "needs": needs,
        "ineligible": ineligible,
        "policies": [{"policy": pid, "status": statuses[pid]} for pid in policies],
    }
