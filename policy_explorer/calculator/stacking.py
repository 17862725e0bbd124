"""Stacking: how the items of one estimate add up to the two totals.

An operating-rule clause that ``implements`` a measure clause (or one of its parts) is how that
measure is paid: where the rule computes, the measure's part takes the rule's amount, bounded by its
own, and the rule is not counted again; where the rule is silent (it needs facts, its conditions
are not met, or it is not in force), the measure's own amount stands.

Claims are one per item and expense (the parts of one clause are paid together), each naming the
expense it pays for or ``reward``. ``total_max_cny`` counts the claims of items in force, after
each in-force policy's non-duplication rule (就高不重复) keeps the largest claim per expense within
its scope. ``total_conservative_cny`` counts only what the profile confirms (no assumed condition),
one claim per expense across all policies, plus every confirmed reward. A policy whose start is not
known (the text states none, or "N days after publication" with the date unknown) is assumed in
force: its items count in the maximum, never in the conservative total.
"""

from __future__ import annotations

from .dates import TOTALLED
from .formula import Text
from .model import REWARD, Model
from .money import floor_label, fmt_cny
from .result import Item, Totals, pair

NEEDS = ("需补充信息", "it needs facts not given")
INELIGIBLE = ("条件不符", "its conditions are not met")
NO_AMOUNT = ("原文未规定金额", "its text states no amount")


IN_FORCE_ASSUMED = (
    "假设成立：政策在该日已施行（原文未载明施行日期）",
    "assumed: the policy is in force that day (its text gives no start date)",
)
COUNTED = TOTALLED


def assume_in_force(item: Item) -> None:
    """A policy whose start is not known: each part is assumed, so it counts in the maximum only."""
    zh, en = IN_FORCE_ASSUMED
    for part in item["parts"]:
        if pair(IN_FORCE_ASSUMED) not in part["assumed"]:
            part["assumed"].append(pair(IN_FORCE_ASSUMED))
    if item["parts"]:
        step(item, zh, en)
    finish(item)


def finish(item: Item) -> None:
    """Set the item's amount, assumptions and closing line from its parts (again after a change)."""
    paid = [p for p in item["parts"] if not p["alternative"]]
    hi = sum(p["max_cny"] for p in paid)
    lo = None if any(p["min_cny"] is None for p in paid) else sum(p["min_cny"] for p in paid)
    item["max_cny"], item["min_cny"] = hi, lo
    assumed = [a for p in paid for a in p["assumed"]]
    item["assumed"] = list({(a["zh"], a["en"]): a for a in assumed}.values())
    item["confirmed"] = not item["assumed"]
    if lo is None and pair(SET_BY_AUTHORITY) not in item["verify"]:
        item["verify"].append(pair(SET_BY_AUTHORITY))
    silent = [p for p in paid if p.get("no_amount")]
    for i, lang in enumerate(("zh", "en")):
        lines = list(dict.fromkeys(s for s in item["explain"][lang] if not s.startswith(_FINAL[lang])))
        total = fmt_cny(hi, lang) if lo == hi else _range(lo, hi, lang)
        if item.get("at_least"):
            total = floor_label(total, lo is None, lang)
        if silent and len(silent) == len(paid):  # never "0": the text states no amount
            total = _NO_AMOUNT_STATED[i]
        elif silent:
            names = ("、" if lang == "zh" else ", ").join(p["label"][lang] for p in silent)
            total += (
                f"（另有{names}：原文未规定金额，不计入）"
                if lang == "zh"
                else (f" (and {names}: no amount stated, not counted)")
            )
        lines.append(f"{_FINAL[lang]}{total}{_out_of_totals(item, lang)}")
        item["explain"][lang] = lines


_FINAL = {"zh": "本条金额：", "en": "clause amount: "}
_NO_AMOUNT_STATED = ("适用，原文未规定金额", "applies; no amount stated")


def _out_of_totals(item: Item, lang: str) -> str:
    """Why an item's amount is left out of the company's totals, said on its closing line."""
    paid = [p for p in item["parts"] if not p["alternative"]]
    if paid and all(p.get("paid_to") for p in paid):
        to = paid[0]["paid_to"]
        if lang == "zh":
            return f"（拨付至{to['zh']}，不计入企业合计）"
        return f" (paid to {to['en']}: not in the totals)"
    return ""


# Added to an item's points to verify where the text states no lower figure (and taken off again
# for a clause that states no amount at all).
SET_BY_AUTHORITY = ("具体金额由主管部门核定", "The amount is set by the authority")


def _amount(lo: int | None, hi: int, lang: str) -> str:
    """An amount as a reader sees it: one figure, a range, or "up to"."""
    return fmt_cny(hi, lang) if lo == hi else _range(lo, hi, lang)


def _range(lo: int | None, hi: int, lang: str) -> str:
    if lo is None:
        return f"最高{fmt_cny(hi, 'zh')}" if lang == "zh" else f"up to {fmt_cny(hi, 'en')}"
    return f"{fmt_cny(lo, lang)}–{fmt_cny(hi, lang)}"


def _note(item: Item, zh: str, en: str) -> None:
    old = item["note"]
    if old is not None and en in old["en"]:
        return
    if old is not None:
        zh, en = f"{old['zh']}；{zh}", f"{old['en']}; {en}"
    item["note"] = {"zh": zh, "en": en}


def _count(n: int, noun: str) -> str:
    """``1 claim``, ``2 claims``: an English count with its noun."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _vouchers_line(most: int, conservative: int, lang: str) -> list[str]:
    """The part of each total paid in vouchers, said apart from cash (nothing when there is none)."""
    if not most:
        return []
    if lang == "zh":
        return [
            f"其中以券形式发放：最高 {fmt_cny(most, 'zh')}，保守 {fmt_cny(conservative, 'zh')}"
            "（抵扣服务费用，不是现金）"
        ]
    return [
        f"Of which paid in vouchers: maximum {fmt_cny(most, 'en')}, conservative "
        f"{fmt_cny(conservative, 'en')} (they pay for services; they are not cash)"
    ]


def step(item: Item, zh: str, en: str) -> None:
    """Add a line to the item's explanation, before its closing amount (used by the ceilings too)."""
    item["explain"]["zh"].insert(len(item["explain"]["zh"]) - 1, zh)
    item["explain"]["en"].insert(len(item["explain"]["en"]) - 1, en)


def _ref(item: Item | tuple, model: Model) -> tuple[str, str]:
    """A clause named for a reader: short policy title and clause number."""
    policy, clause = (item["policy"], item["clause"]) if isinstance(item, dict) else item
    zh, en = model.short_titles[policy]
    return f"《{zh}》第{clause}条", f"{en} clause {clause}"


def implement(
    items: dict[tuple[str, str], Item],
    outcomes: dict[tuple[str, str], Text],
    model: Model,
    live: set[str],
) -> None:
    """Pay each implemented measure as its operating rule computes it (see the module docstring).

    The rule computes: the measure's part takes the rule's amount, bounded by its own, and the
    rule's item is not counted again. The rule is silent (it needs facts, its conditions are not met
    for this profile, or it is not in force): the measure's own amount stands.
    """
    for key, measure in items.items():
        for rule_key, part_name in model.implemented_by.get(key, ()):
            if rule_key[0] not in live or key[0] not in live:
                continue
            rule_zh, rule_en = _ref(rule_key, model)
            rule_item = items.get(rule_key)
            if rule_item is None or rule_item.get("no_amount"):  # silent: the measure's amount stands
                why = NO_AMOUNT if rule_item is not None else outcomes.get(rule_key, NEEDS)
                step(
                    measure,
                    f"{rule_zh}规定本条的兑现方式，但{why[0]}：按本条计",
                    f"{rule_en} says how this is paid, but {why[1]}: this clause's amount stands",
                )
                continue
            parts = [p for p in measure["parts"] if part_name in (None, p["name"]) and not p["alternative"]]
            for p in parts:
                cap_hi = p["max_cny"]
                p["max_cny"] = min(rule_item["max_cny"], cap_hi)
                p["min_cny"] = None if rule_item["min_cny"] is None else min(rule_item["min_cny"], cap_hi)
                known = {a["en"] for a in p["assumed"]}
                p["assumed"] += [a for a in rule_item["assumed"] if a["en"] not in known]
                if rule_item["parts"] and rule_item["parts"][0]["paid_to"]:
                    p["paid_to"] = rule_item["parts"][0]["paid_to"]
                step(
                    measure,
                    f"{p['label']['zh']}按{rule_zh}兑现：{_amount(p['min_cny'], p['max_cny'], 'zh')}"
                    f"（不超过本条所定 {fmt_cny(cap_hi, 'zh')}）",
                    f"{p['label']['en']} is paid as {rule_en} computes it: "
                    f"{_amount(p['min_cny'], p['max_cny'], 'en')} "
                    f"(within this clause's own {fmt_cny(cap_hi, 'en')})",
                )
            finish(measure)
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
            if rule_item.get("no_amount") and (policy, clause_id) in items:
                step(
                    rule_item,
                    f"本条是{measure_zh}的兑现方式，但未载明金额：按该条所定金额计",
                    f"this is how {measure_en} is paid, but it states no amount: that clause's amount counts",
                )
                continue
            why = outcomes.get((policy, clause_id), ("未在有效期内", "it is not in force"))
            step(
                rule_item,
                f"本条是{measure_zh}的兑现方式（该条{why[0]}），按本条计",
                f"this is how {measure_en} is paid ({why[1]}); counted here",
            )


def stack(items: list[Item], model: Model, statuses: dict[str, str]) -> Totals:
    """Both totals and their explanation; marks what each item adds to them."""
    claims: list[dict] = []  # one per item and expense: the parts of one clause are paid together
    for item in items:
        if item["status"] not in COUNTED:
            _note(item, "政策不在有效期内，不计入合计", "the policy is not in force that day: not totalled")
            continue
        if item.get("implemented"):
            continue
        by_expense: dict[str, dict] = {}
        for part in item["parts"]:
            if part.get("no_amount"):  # listed as "applies; no amount stated": never in a total
                continue
            counted = not part["alternative"]
            confirmed = not part.get("conservative_alternative", part["alternative"]) and not part["assumed"]
            if not counted and not confirmed:
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
                {
                    "item": item,
                    "expense": part["expense"],
                    "max": 0,
                    "min": 0,
                    "confirmed": 0,
                    "cut": False,
                    "vouchers_max": 0,  # the share of "max" / "confirmed" paid in vouchers (per part)
                    "vouchers_confirmed": 0,
                },
            )
            vouchers = part.get("paid_in") == "vouchers"
            if counted:
                claim["max"] += part["max_cny"]
                claim["min"] += part["min_cny"] or 0
                claim["vouchers_max"] += part["max_cny"] if vouchers else 0
            if confirmed:  # the lowest the text supports: lowest grade, "原则上" ceiling
                least = part["max_cny"] if part["min_cny"] is None else part["min_cny"]
                claim["confirmed"] += least
                claim["vouchers_confirmed"] += least if vouchers else 0
        claims.extend(by_expense.values())

    for policy in model.policies:
        pid = policy.id
        if statuses.get(pid) not in TOTALLED:
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
            alternative = part.get("conservative_alternative", part["alternative"])
            silent = part.get("no_amount")  # listed, never counted
            if part["expense"] == claim["expense"] and not alternative and not part["assumed"] and not silent:
                part["conservative"] = not part["paid_to"]
    total_conservative = sum(c["confirmed"] for c in conservative)

    vouchers_max = sum(c["vouchers_max"] for c in kept)
    vouchers_conservative = sum(c["vouchers_confirmed"] for c in conservative)
    counted = [i for i in items if i["counted"]]
    assumed = [i for i in counted if i["assumed"]]
    live = [i for i in items if i["status"] in COUNTED and i["kind"] != "unquantified"]
    skipped = len(live) - len(counted)
    explain = {
        "zh": [
            f"最高合计 {fmt_cny(total_max, 'zh')}：有效期内可同时申领的 {len(counted)} 项之和"
            + (f"，其中 {len(assumed)} 项按假设成立的条件计入（见各项“假设”）" if assumed else "")
            + (f"；另有 {skipped} 项未重复计入（同一笔资金、就高不重复或不拨付给企业）" if skipped else ""),
            f"保守合计 {fmt_cny(total_conservative, 'zh')}：只计所填资料已确认条件的部分，同一笔费用只计金额"
            f"最高的一项（{len(best_per_expense)} 类费用），加上不针对费用的 {len(rewards)} 项奖励",
            *_vouchers_line(vouchers_max, vouchers_conservative, "zh"),
            "两者均为估算，实际以主管部门审核为准。最高合计：分档奖励按最高档，“原则上不超过X，最高不超过Y”按Y，"
            "“最高X”按X，未填写的条件假设成立。保守合计：只计所填资料确认的条件（未确认的评审、择优、认定不计），"
            "分档奖励按最低档，“原则上不超过X”按X，“最高X”按X（原文未给出更低数额）。"
            "以券形式发放的金额（算力券、模型券等）两者均计入并单独列出；拨付给其他机构（如服务中心）的金额两者均不计。",
        ],
        "en": [
            f"Maximum total {fmt_cny(total_max, 'en')}: "
            f"the {_count(len(counted), 'claim')} in force that can be made together"
            + (f", {len(assumed)} of them on assumed conditions (see each item)" if assumed else "")
            + (
                f"; {skipped} more not counted (the same money, pay-only-the-highest rules, "
                "or money not paid to the company)"
                if skipped
                else ""
            ),
            f"Conservative total {fmt_cny(total_conservative, 'en')}: only what the profile confirms, "
            f"the largest claim per expense ({_count(len(best_per_expense), 'kind')} of expense), "
            f"plus {_count(len(rewards), 'reward')} not tied to an expense",
            *_vouchers_line(vouchers_max, vouchers_conservative, "en"),
            "Both are estimates; the authorities decide. The maximum counts graded awards at the best grade, "
            "'ordinarily at most X, never more than Y' at Y, 'up to X' at X, and assumes conditions "
            "not given. "
            "The conservative total counts only conditions the profile confirms (no unconfirmed review, "
            "selection or recognition), graded awards at the lowest grade, 'ordinarily at most X' at X and "
            "'up to X' at X (the text gives no lower figure). Amounts paid in vouchers (compute, model "
            "vouchers) are in both totals and shown apart; money paid to others (e.g. a service centre) "
            "is in neither.",
        ],
    }
    return {
        "total_max_cny": total_max,
        "total_conservative_cny": total_conservative,
        "vouchers_max_cny": vouchers_max,
        "vouchers_conservative_cny": vouchers_conservative,
        "totals_explain": explain,
    }
