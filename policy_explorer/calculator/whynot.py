"""Why a clause of the reader's place gives nothing, and the whole explanation as a tree.

A reader who does not find a clause among the items asks "why not?". For each clause the engine
could not compute (``needs``), whose stated conditions fail (``ineligible``), or whose policy is not
in force on the day asked, :func:`why_not` says which condition failed (with the reader's answer)
or is unknown (never "no"), the clause's own readable conditions (the text's words), and what would
make it apply: "fill in X", "applies only if …", "only for start-ups", "expired on D", "a draft".

:func:`trace` gives the explanation as data: clause → parts → steps, with the values each part read
and the clause's text, for a program to build on (its shape: ``calculator/trace.schema.json``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .dates import DRAFT, EXPIRED, NOT_YET_IN_FORCE, TOTALLED
from .formula import Check, Cond, Context, Text, fact_value
from .model import Clause, Model, Policy
from .result import Item

FAILED, UNKNOWN, NOT_IN_FORCE = "failed", "unknown", "not_in_force"
# Each outcome as a reader reads it, (zh, en): a failed condition is never worded as an unknown one.
OUTCOME: dict[str, Text] = {
    FAILED: ("条件不符", "a condition is not met"),
    UNKNOWN: ("条件未知", "a condition is unknown"),
    NOT_IN_FORCE: ("不在有效期内", "not in force"),
}


def why_line(entry: dict[str, Any], lang: str) -> str:
    """One entry as a line: the outcome, what the reader's answers show (failed ones), what would help."""
    i = 0 if lang == "zh" else 1
    sep = "；" if lang == "zh" else "; "
    said = entry["said"][lang]
    head = OUTCOME[entry["outcome"]][i]
    body = sep.join(dict.fromkeys([*said, entry["fix"][lang]]))
    return f"{head}：{body}" if lang == "zh" else f"{head}: {body}"


def _pair(text: Text) -> dict[str, str]:
    return {"zh": text[0], "en": text[1]}


def _status_fix(policy: Policy, status: str) -> Text | None:
    """What stands in the way when the policy is not in force that day (None when it is)."""
    if status == EXPIRED and policy.end is not None:
        end = policy.end.isoformat()
        return f"已于{end}失效", f"expired on {end}"
    if status == DRAFT:
        return "征求意见稿，尚未施行", "a draft for comment: not in force"
    if status == NOT_YET_IN_FORCE:
        if policy.start is None:
            return "尚未施行", "not yet in force"
        start = policy.start.isoformat()
        return f"尚未施行（{start}起施行）", f"not yet in force (from {start})"
    return None


def _fill_in(names: list[str], meta: dict[str, dict]) -> Text:
    zh = "、".join(f"“{meta[f]['label']['zh']}”" for f in names)
    en = ", ".join(f'"{meta[f]["label"]["en"]}"' for f in names)
    return f"填写{zh}", f"fill in {en}"


def _facts(names: list[str], facts: dict[str, Any], meta: dict[str, dict]) -> list[dict[str, Any]]:
    """Each fact a condition reads, with the reader's answer as the conditions word it (None: not given)."""
    return [
        {
            "fact": f,
            "label": dict(meta[f]["label"]),
            "answer": None
            if f not in facts
            else {lang: fact_value(meta[f], facts[f], lang) for lang in ("zh", "en")},
        }
        for f in names
    ]


def _reason(cond: Cond, got: Check, part: str | None, facts: dict[str, Any], meta: dict[str, dict]) -> dict:
    """A condition that does not hold: failed (with the answer given) or unknown (what to fill in)."""
    stated = cond(Context({}, meta))  # the condition as the text states it, and every fact it reads
    reads = sorted(stated.missing)
    if got.state is False:
        fix = (
            ("仅适用于初创企业", "only for start-ups")
            if reads == ["startup"]
            else (f"仅当{stated.text[0]}时适用", f"applies only if {stated.text[1]}")
        )
        found = _pair(got.text)
    else:
        fix, found = _fill_in(sorted(got.missing), meta), None
    return {
        "state": FAILED if got.state is False else UNKNOWN,
        "part": part,
        "condition": _pair(stated.text),
        "found": found,  # the condition against the reader's answer (✗), for a failed one
        "facts": _facts(reads, facts, meta),
        "fix": _pair(fix),
    }


def _reasons(clause: Clause, facts: dict[str, Any], meta: dict[str, dict]) -> list[dict]:
    """Every condition of the clause that does not hold or is unknown, failed ones first."""
    ctx = Context(facts, meta)
    gates = [(c, c(ctx)) for c in clause.gates]
    out = [_reason(c, got, None, facts, meta) for c, got in gates if got.state is not True]
    if not any(got.state is False for _, got in gates):
        for part in clause.parts:
            checks = [(c, c(ctx)) for c in part.gates]
            failed = any(got.state is False for _, got in checks)
            shown = [
                (c, got) for c, got in checks if got.state is False or (got.state is None and not failed)
            ]
            out += [_reason(c, got, part.name, facts, meta) for c, got in shown]
            missing = sorted(part.amount_facts - facts.keys())
            if missing and not failed:  # the amount reads facts not given
                out.append(
                    {
                        "state": UNKNOWN,
                        "part": part.name,
                        "condition": {
                            "zh": "金额按" + "、".join(meta[f]["label"]["zh"] for f in missing) + "计算",
                            "en": "the amount is computed from "
                            + ", ".join(meta[f]["label"]["en"] for f in missing),
                        },
                        "found": None,
                        "facts": _facts(missing, facts, meta),
                        "fix": _pair(_fill_in(missing, meta)),
                    }
                )
    unique: dict[tuple[str, str], dict] = {}
    for reason in sorted(out, key=lambda r: r["state"] != FAILED):
        unique.setdefault((reason["state"], reason["condition"]["en"]), reason)
    return list(unique.values())


def why_not(
    model: Model,
    facts: dict[str, Any],
    policies: dict[str, Policy],
    statuses: dict[str, str],
    items: dict[tuple[str, str], Item],
    asked: dict[tuple[str, str], str],
) -> list[dict[str, Any]]:
    """One entry per clause of the place that gives nothing (see the module docstring).

    ``asked`` maps each clause the engine listed without an item to its outcome: ``failed`` (listed
    in ``ineligible``: its stated conditions fail) or ``unknown`` (in ``needs``). A failed part
    beside a part still unknown leaves the clause unknown, as the engine does.
    """
    out = []
    for pid, policy in policies.items():
        status = statuses[pid]
        blocked = _status_fix(policy, status)
        for clause in policy.clauses:
            key = (pid, clause.id)
            item = items.get(key)
            if item is not None and (status in TOTALLED or blocked is None):
                continue
            if item is None and key not in asked:
                continue
            reasons = [] if item is not None else _reasons(clause, facts, model.facts)
            if blocked is not None:
                outcome, fix = NOT_IN_FORCE, _pair(blocked)
            elif asked.get(key) == FAILED:  # filling in cannot help: say what would have to hold
                outcome = FAILED
                fixes = list(dict.fromkeys((r["fix"]["zh"], r["fix"]["en"]) for r in reasons if r["found"]))
                fix = {"zh": "；".join(f[0] for f in fixes), "en": "; ".join(f[1] for f in fixes)}
            else:  # one "fill in" naming every fact not given, in the order the conditions read them
                outcome = UNKNOWN
                blank = [f["fact"] for r in reasons if r["state"] == UNKNOWN for f in r["facts"]]
                blank = [f for f in blank if f not in facts]
                fix = _pair(_fill_in(list(dict.fromkeys(blank)), model.facts))
                if not blank:  # nothing left blank (never expected): say what the conditions are
                    fix = {
                        "zh": "；".join(r["condition"]["zh"] for r in reasons),
                        "en": "; ".join(r["condition"]["en"] for r in reasons),
                    }
            data = model.clause_data[key]
            said = [_said(r) for r in reasons]
            out.append(
                {
                    "policy": pid,
                    "clause": clause.id,
                    "title": _pair(clause.title),
                    "page": clause.page,
                    "status": status,
                    "outcome": outcome,
                    "fix": fix,
                    # What a reader is shown beside the fix: each failed condition against the answer,
                    # and each unknown one that also reads a fact the reader gave (growth from last year).
                    "said": {lang: [s[lang] for s in said if s] for lang in ("zh", "en")},
                    "reasons": reasons,
                    "conditions": [{"zh": c["zh"], "en": c["en"]} for c in data.get("conditions", [])],
                }
            )
    return out


def _said(reason: dict) -> dict[str, str] | None:
    if reason["found"] is not None:
        return reason["found"]
    if any(f["answer"] is not None for f in reason["facts"]):
        return reason["condition"]
    return None


def _value(value: Any) -> Any:
    """A fact's value as JSON holds it exactly: a boolean, a whole number, else its decimal digits."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        return value
    return int(value) if value == value.to_integral_value() else format(value, "f")


def trace(
    model: Model,
    facts: dict[str, Any],
    policies: dict[str, Policy],
    items: dict[tuple[str, str], Item],
    why: list[dict[str, Any]],
    part_steps: dict[tuple[str, str], dict[str, list[Text]]],
) -> list[dict[str, Any]]:
    """Every clause that pays or could pay, as a tree: clause → parts → steps (module docstring)."""
    nothing = {(w["policy"], w["clause"]): w for w in why}
    out = []
    for pid, policy in policies.items():
        for clause in policy.clauses:
            key = (pid, clause.id)
            item, entry = items.get(key), nothing.get(key)
            if item is None and entry is None:
                continue
            steps = part_steps.get(key, {})
            node: dict[str, Any] = {
                "policy": pid,
                "clause": clause.id,
                "title": _pair(clause.title),
                "status": (item or entry)["status"],  # type: ignore[index]
                "outcome": _outcome(item, entry),
                "source": dict(model.clause_data[key]["text"]),
                "max_cny": None,
                "min_cny": None,
                "counted_max_cny": 0,
                "counted_conservative_cny": 0,
                "values": {f: _value(facts[f]) for f in sorted(clause.gate_facts & facts.keys())},
                "steps": [],
                "parts": [],
                "reasons": [] if entry is None else entry["reasons"],
            }
            if item is not None:
                node.update(
                    {
                        k: item[k]
                        for k in ("max_cny", "min_cny", "counted_max_cny", "counted_conservative_cny")
                    }
                )
                node["parts"] = _parts(clause, item, facts, steps)
                in_parts = {s[0] for lines in steps.values() for s in lines}
                node["steps"] = [
                    {"zh": zh, "en": en}
                    for zh, en in zip(item["explain"]["zh"], item["explain"]["en"], strict=False)
                    if zh not in in_parts
                ]
            out.append(node)
    return out


def _outcome(item: Item | None, entry: dict | None) -> str:
    if entry is not None:
        return entry["outcome"]
    assert item is not None
    return "counted" if item["counted"] else "not_counted"


def _parts(
    clause: Clause, item: Item, facts: dict[str, Any], steps: dict[str, list[Text]]
) -> list[dict[str, Any]]:
    """Each part of an item: what it pays, the facts it read and its own steps."""
    paid = {p["name"]: p for p in item["parts"]}
    out = []
    for part in clause.parts:
        got = paid.get(part.name)
        lines = steps.get(part.name, [])
        if got is not None:
            outcome = "alternative" if got["alternative"] else "paid"
        else:
            outcome = FAILED if lines else UNKNOWN  # a failed part writes its ✗; a part asked writes none
        out.append(
            {
                "name": part.name,
                "label": _pair(part.label),
                "outcome": outcome,
                "max_cny": None if got is None else got["max_cny"],
                "min_cny": None if got is None else got["min_cny"],
                "values": {f: _value(facts[f]) for f in sorted(part.facts & facts.keys())},
                "steps": [_pair(s) for s in lines],
            }
        )
    return out
