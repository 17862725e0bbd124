"""Ceilings over several claims: shared caps and limits across levels, applied before the totals.

A clause's own caps are in its formula. Some texts limit what *several* claims add up to:

- ``combined_cap``: the listed parts (of this policy or of another level's) together at most ``max``:
  a shared cap over two vouchers (单家企业每年申领…合计不超过800万元), over clauses (同一企业累计奖励
  不超过50万元), city and district together up to a share (市区协同给予…最高100%的租金补贴),
  government money at most a share of the project (政府总资助额不超过项目总投入的50%) or a combined
  rate (可叠加补贴比例至60%). When the listed claims exceed it, the excess comes off the claims
  listed *last* first: list the other level's clause first, so that the policy stating the ceiling
  pays what is left, as such texts mean.
- ``includes_higher_levels``: money from higher levels for the same expense counts into this
  policy's amounts (市级以上(含)补助资金纳入本意见补助总额), so this policy pays only what is left.

A ceiling applies on the day its policy is in force, to claims in force. A fact it reads that the
profile lacks leaves the claims as computed and says so: one missing fact never blocks the rest.
Each change is a step in the items it changes and a line in the totals' explanation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .dates import TOTALLED
from .formula import Context, MissingFact, Text
from .model import REWARD, Ceiling, Model
from .money import fmt_cny, to_yuan
from .result import Item, Part
from .stacking import finish, step


def _claims(items: dict[tuple[str, str], Item], target: tuple[str, str, str | None]) -> Iterator[tuple]:
    """(item, part) for each part of an item in force that the target names and that is paid."""
    policy, clause, part_name = target
    item = items.get((policy, clause))
    if item is None or item["status"] not in TOTALLED or item.get("implemented"):
        return
    for part in item["parts"]:
        if part_name in (None, part["name"]) and not part["alternative"] and not part["paid_to"]:
            yield item, part


def _cut(item: Item, part: Part, amount: int) -> None:
    part["max_cny"] -= amount
    if part["min_cny"] is not None:
        part["min_cny"] = min(part["min_cny"], part["max_cny"])


def _combined(ceiling: Ceiling, items: dict, ctx: Context, rule: Text) -> Text | None:
    found = [c for target in ceiling.over for c in _claims(items, target)]
    claims = list({id(part): (item, part) for item, part in found}.values())  # a part named twice counts once
    if not claims:
        return None
    total = sum(part["max_cny"] for _, part in claims)
    try:
        value = ceiling.max(ctx)
    except MissingFact as exc:
        label = ctx.meta[exc.fact]["label"]
        why = (
            f"{rule[0]}：未填写“{label['zh']}”，无法核对合计上限，各项按本身金额计",
            f"{rule[1]}: “{label['en']}” not given, so the combined cap cannot be checked; "
            "each claim stands as computed",
        )
        for item in {id(i): i for i, _ in claims}.values():
            step(item, *why)
        return why
    cap = to_yuan(value.hi)
    scope_zh, scope_en = ceiling.scope
    if total <= cap:
        why = (
            f"{rule[0]}：合计 {fmt_cny(total, 'zh')}，未超过 {fmt_cny(cap, 'zh')}（{scope_zh}）",
            f"{rule[1]}: together {fmt_cny(total, 'en')}, within {fmt_cny(cap, 'en')} ({scope_en})",
        )
        for item in {id(i): i for i, _ in claims}.values():
            step(item, *why)
        return why
    excess = total - cap
    for item, part in reversed(claims):
        take = min(excess, part["max_cny"])
        if take == 0:
            continue
        before = part["max_cny"]
        _cut(item, part, take)
        excess -= take
        step(
            item,
            f"{rule[0]}：合计 {fmt_cny(total, 'zh')} 超过 {fmt_cny(cap, 'zh')}（{scope_zh}），"
            f"{part['label']['zh']} {fmt_cny(before, 'zh')} → {fmt_cny(part['max_cny'], 'zh')}",
            f"{rule[1]}: together {fmt_cny(total, 'en')}, above {fmt_cny(cap, 'en')} ({scope_en}): "
            f"{part['label']['en']} {fmt_cny(before, 'en')} → {fmt_cny(part['max_cny'], 'en')}",
        )
        finish(item)
        if excess == 0:
            break
    return (
        f"{rule[0]}：合计 {fmt_cny(total, 'zh')} 按上限 {fmt_cny(cap, 'zh')}（{scope_zh}）计",
        f"{rule[1]}: together {fmt_cny(total, 'en')}, "
        f"counted at the cap of {fmt_cny(cap, 'en')} ({scope_en})",
    )


def _higher_levels(ceiling: Ceiling, items: dict, model: Model, rule: Text) -> Text | None:
    """This policy pays, per expense, what is left after the money of the levels above it."""
    own = model.policies_by_id[ceiling.policy]
    above = set(model.chain(own.jurisdiction)[1:])
    applied: list[str] = []
    left: dict[str, int] = {}  # per expense: higher-level money not yet counted against this policy
    for key, item in items.items():
        if key[0] != ceiling.policy:
            continue
        for _, part in _claims(items, (*key, None)):
            if part["expense"] == REWARD or ceiling.expense not in (None, part["expense"]):
                continue
            higher = [
                (other, p)
                for other_key, other in items.items()
                if other["jurisdiction"] in above
                for _, p in _claims(items, (*other_key, None))
                if p["expense"] == part["expense"]
            ]
            got = sum(p["max_cny"] for _, p in higher)
            remaining = left.setdefault(part["expense"], got)
            if remaining == 0:
                continue
            before = part["max_cny"]
            _cut(item, part, min(remaining, before))
            left[part["expense"]] = remaining - (before - part["max_cny"])
            step(
                item,
                f"{rule[0]}：上级资金 {fmt_cny(got, 'zh')} 计入本政策金额，"
                f"{part['label']['zh']} {fmt_cny(before, 'zh')} → {fmt_cny(part['max_cny'], 'zh')}",
                f"{rule[1]}: higher-level money of {fmt_cny(got, 'en')} counts into this policy's amount: "
                f"{part['label']['en']} {fmt_cny(before, 'en')} → {fmt_cny(part['max_cny'], 'en')}",
            )
            finish(item)
            applied.append(part["label"]["en"])
    if not applied:
        return None
    return (
        f"{rule[0]}：本政策只支付上级资金之外的部分",
        f"{rule[1]}: this policy pays only what higher-level money leaves",
    )


def apply_ceilings(
    items: dict[tuple[str, str], Item], model: Model, statuses: dict[str, str], facts: dict[str, Any]
) -> list[Text]:
    """Apply every in-force policy's ceilings to the items; the lines for the totals' explanation."""
    lines: list[Text] = []
    ctx = Context(facts, model.facts)
    # Higher levels first: a district's ceiling counts the city's claims as the city's own ceilings left them.
    for policy in sorted(model.policies, key=lambda p: len(model.chain(p.jurisdiction))):
        if statuses.get(policy.id) not in TOTALLED:
            continue
        for ceiling in policy.ceilings:
            title = model.short_titles[policy.id]
            rule = (f"《{title[0]}》“{ceiling.text[0]}”", f"{title[1]}, “{ceiling.text[1]}”")
            if ceiling.kind == "combined_cap":
                line = _combined(ceiling, items, ctx, rule)
            else:
                line = _higher_levels(ceiling, items, model, rule)
            if line is not None:
                lines.append(line)
    return lines
