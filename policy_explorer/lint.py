"""Lint: money that a review, a selection, a grade or a "原则上" ceiling decides must say so in the data.

The conservative total counts only what the profile confirms (issue 28). A clause whose Chinese text
says the money follows a review is counted there as soon as its other facts are given, unless its
data gates the money on a yes/no fact marked ``review: true``; a graded award is counted at its best
grade unless written as ``grades``; "原则上不超过X，最高不超过Y" at Y unless written as ``ordinarily``.
This lint reads each money clause's ``text.zh`` and reports, once per shape, what the data lacks.

The words, and why (each sentence of the text is read on its own):

- **Review** (decided in this very application; the company cannot know it beforehand), needs a
  ``when`` gate on a ``review: true`` fact: 评审 (经评审, 经综合评审, 择优评审, 评审认定), 经…评估 and
  评估结果, 择优, 遴选, 评选, 评定的 / 评定为 / 经…评定 (not 合格评定, a body's name, nor "开展…评定",
  which names another level's programme whose outcome is the status 入选), 经…认定, 经…同意, 经…考核,
  考核评价, 获评.
- **Status** (a standing another programme or level granted earlier, which the company can state):
  入选, 被认定为, 首次认定, …认定的…; needs a gate on a yes/no, level or count fact (how many products
  were selected); a review fact will do.
  Not 认定登记 (技术合同认定登记 registers the contract whose amount is the base), nor "经数据交易平台
  认定交易成功" (the exchange records a completed sale, whose amount the company enters).
- **Not reviews**: 核定 / 审定 (经核定的投入, 审定总投入) fix the amount the rate applies to after the
  fact, not whether the company is paid; 评估价 is a price, 资产评估 a service, 绩效评价 a platform's task.
- **Grades**: 分档, 分等级, 一等/二等… and "择优/评审…给予X、Y、Z" need ``grades`` (best first, lowest
  last); any other enumeration of amounts ("分别给予60万元、40万元、20万元" by the standard's level) needs
  each amount somewhere in the benefit.
- **原则上 ceilings**: 原则上不超过/不高于/最高 needs ``ordinarily``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from policy_explorer.calculator.money import parse_literal

Report = Callable[[tuple, str], None]
MONEY = ("formula", "fixed", "up_to")
_GAP = r"[^，,。；;：:]{0,14}"  # 经…评估: the words between 经 and the verb, within one phrase

REVIEW = re.compile(
    rf"评审|经{_GAP}评估|评估结果|择优|遴选|评选|(?<!合格)评定(?:的|为)|经{_GAP}评定|经{_GAP}认定(?!交易成功)|经{_GAP}同意|经{_GAP}考核|考核评价|获评"
)
STATUS = re.compile(r"入选|被认定为|首次认定|认定的(?!技术合同)")
GRADE = re.compile(r"分档|分等级|等次|[一二三]等(?:奖|项目)?")
ORDINARILY = re.compile(r"原则上(?:不超过|不高于|最高)")
_AMOUNT = r"\d+(?:\.\d+)?(?:万元|亿元|元|%)"
ENUMERATION = re.compile(rf"{_AMOUNT}(?:、{_AMOUNT})+")  # 50%、35%、20% (not "50%、最高100万元")
_SENTENCE = re.compile(r"[^。；;\n]+")


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _gate_facts(benefit: dict) -> set[str]:
    """Every fact a ``when`` gate reads (the benefit's and each part's, inside any/all/not)."""
    gates = [benefit.get("when")] + [p.get("when") for p in benefit.get("parts") or [] if isinstance(p, dict)]
    return {n["fact"] for n in _walk(gates) if isinstance(n, dict) and isinstance(n.get("fact"), str)}


def _amounts(benefit: dict) -> list[Any]:
    return [benefit.get("amount")] + [
        p.get("amount") for p in benefit.get("parts") or [] if isinstance(p, dict)
    ]


def _literals(node: Any) -> set[Decimal]:
    """Every number the amounts state (``"60万"`` → 600000, ``"35%"`` → 0.35)."""
    out: set[Decimal] = set()
    for n in _walk(node):
        if isinstance(n, (int, str)) and not isinstance(n, bool):
            try:
                out.add(parse_literal(n)[0])
            except (ArithmeticError, ValueError):
                continue
    return out


def _parts_by_level(benefit: dict, facts: dict[str, dict]) -> bool:
    """Either-or parts, one per grade, each gated on a value of one level fact (the grade the reader
    answers): graded as a `tiers` on that fact would be."""
    parts = [
        p
        for p in benefit.get("parts") or []
        if isinstance(p, dict) and p.get("name") in (benefit.get("either") or [])
    ]
    levels = set()
    for part in parts:
        gates = [g for g in part.get("when") or [] if isinstance(g, dict) and "eq" in g]
        levels.update(g.get("fact") for g in gates if facts.get(g.get("fact"), {}).get("unit") == "level")
    return len(parts) > 1 and len(levels) == 1


def _has(node: Any, key: str) -> bool:
    return any(isinstance(n, dict) and key in n for n in _walk(node))


def _grades_lowest_last(node: Any) -> bool:
    """Every ``grades`` list of literals runs from the best grade down to the lowest."""
    for n in _walk(node):
        if isinstance(n, dict) and isinstance(n.get("grades"), list):
            values = [_literals(v) for v in n["grades"]]
            if all(len(v) == 1 for v in values):
                flat = [v.pop() for v in values]
                if flat != sorted(flat, reverse=True):
                    return False
    return True


def _text_amount(word: str) -> Decimal:
    return parse_literal(word.replace("元", ""))[0]


def _quote(sentence: str) -> str:
    sentence = sentence.strip(" ，,")
    return sentence if len(sentence) <= 80 else sentence[:79] + "…"


def lint_clause(clause: dict, facts: dict[str, dict], where: tuple, report: Report) -> None:
    """Report each shape the clause's text names and its money does not encode (once per shape)."""
    benefit = clause.get("benefit")
    text = clause.get("text")
    if not isinstance(benefit, dict) or benefit.get("kind") not in MONEY or not isinstance(text, dict):
        return
    zh = text.get("zh")
    if not isinstance(zh, str):
        return
    at = (*where, "benefit")
    cid = clause.get("id")
    gated = _gate_facts(benefit)
    reviewed = any(facts.get(f, {}).get("review") for f in gated)
    status = reviewed or any(
        facts.get(f, {}).get("unit") in ("boolean", "level", "count") and f != "startup" for f in gated
    )
    amounts = _amounts(benefit)
    graded = _has(amounts, "grades")
    by_level = _parts_by_level(benefit, facts)
    stated = _literals(amounts)
    said: set[str] = set()

    def once(kind: str, message: str) -> None:
        if kind not in said:
            said.add(kind)
            report(at, f"clause {cid}: {message}")

    for sentence in _SENTENCE.findall(zh):
        quote = _quote(sentence)
        review = REVIEW.search(sentence)
        if review and not reviewed:
            once(
                "review",
                f"the text pays after a review ({review[0]}: “{quote}”) but no gate asks whether it was "
                "passed: declare a yes/no fact with `review: true` quoting this sentence in its help, and "
                "gate the money on it (`when: [{fact: <id>, is: true}]`)",
            )
        found = STATUS.search(sentence)
        if found and not status:
            once(
                "status",
                f"the text pays for a status ({found[0]}: “{quote}”) but no gate asks for it: gate the "
                "money on a yes/no, level or count fact saying the company holds it, or a `review: true` "
                "fact if it is decided in this application",
            )
        grade = GRADE.search(sentence)
        listed = ENUMERATION.search(sentence)
        if listed and review and not graded:  # selected into grades: the company cannot know its grade
            once(
                "grade",
                f"the award is selected into grades ({listed[0]}: “{quote}”): write "
                "`{grades: [<best>, …, <lowest>]}` (best first, lowest last) so that the conservative total "
                "takes the lowest grade",
            )
        elif grade and not (graded or _has(amounts, "tiers") or _has(amounts, "ladder") or by_level):
            once(
                "grade",
                f"the text grades the award ({grade[0]}: “{quote}”) but the amount is not graded: write "
                "`{grades: [<best>, …, <lowest>]}` (best first, lowest last; a `tiers` on a fact where the "
                "company knows its grade) so that the conservative total takes the lowest grade",
            )
        elif listed and not review:
            missing = [w for w in re.findall(_AMOUNT, listed[0]) if _text_amount(w) not in stated]
            if missing:
                once(
                    "grade",
                    f"the text enumerates amounts ({listed[0]}: “{quote}”) but the benefit does not state "
                    f"{'、'.join(missing)}: give each its own case "
                    "(`tiers` on a level fact, a part, or `grades`)",
                )
        if ORDINARILY.search(sentence) and not _has(amounts, "ordinarily"):
            once(
                "ordinarily",
                f"the text sets an ordinary ceiling (“{quote}”): write it as "
                "`{ordinarily: <原则上 amount>, at_most: <最高 amount>}` so that the conservative total "
                "takes the ordinary amount",
            )
    if graded and not _grades_lowest_last(amounts):
        once(
            "order",
            "a `grades` list must run from the best grade to the lowest (lowest last): the conservative "
            "total takes the last one",
        )


def lint_document(data: dict[str, Any], facts: dict[str, dict], report: Report) -> None:
    """Lint every clause of a document; ``facts`` are those its references may name."""
    clauses = data.get("clauses")
    for i, clause in enumerate(clauses if isinstance(clauses, list) else []):
        if isinstance(clause, dict):
            lint_clause(clause, facts, ("clauses", i), report)
