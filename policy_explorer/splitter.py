"""Split a normalized policy text into clauses and print a YAML skeleton for a new document.

It recognises the common numbering styles: ``一、`` items, ``(一)``/``（一）`` items, ``第四条`` articles
and ``1、``/``1.`` items, and numbers the clauses as the data model does ((二)→"2", 第四条→"4",
1、→"1", 一、→"1"); where several styles occur (一、 headings above (一) items), the one that yields the
most distinct clauses wins.
Each clause's ``text.zh`` is copied verbatim (without its number, and without a trailing
``(责任单位：…)`` or ``（牵头单位：…）``, whose units go to ``responsible``, as AUTHORING.md says), so
the fidelity check passes from the start; everything else (titles, translation, category, benefit)
is left for the author.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# The numbering styles; the one that yields the most distinct clauses wins (section headings such as
# ``( 一 )强化关键要素供给`` above ``1、`` items yield fewer).
_STYLES = (
    ("article", re.compile(r"^第([一二三四五六七八九十百零]+)条\s*")),
    ("paren", re.compile(r"^[(（]\s*([一二三四五六七八九十]+)\s*[)）]")),
    ("arabic", re.compile(r"^(\d{1,2})[、.．](?!\d)")),
    # 一、 items (Chengdu): where they are the clauses, not section headings above (一) or 1、 items
    ("chinese", re.compile(r"^([一二三四五六七八九十]+)、")),
)
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


class SplitError(ValueError):
    """The text has no recognisable clause numbering (or the start/end markers are absent)."""


@dataclass(frozen=True)
class Clause:
    """One numbered clause: its id, its verbatim text (paragraphs joined by newlines) and the units
    its trailing (责任单位：…) names."""

    id: str
    text: str
    responsible: tuple[str, ...] = ()


# A clause's last words naming who is in charge: "(责任单位:市科技创新局)",
# "（牵头单位：区经信局、区城投集团）", or on a line of its own without brackets
# ("责任单位:市工信局、通信管理局"). A unit may hold brackets of its own
# ("各区(新区、深汕特别合作区管委会)"), so the note runs to the end of the clause.
_ROLE = r"(?:责任|牵头|主责|配合)(?:单位|部门)\s*[:：]"
_UNITS = (
    re.compile(rf"\s*[(（]\s*{_ROLE}(?P<units>.*)[)）]\s*[。.]?\s*$", re.S),
    re.compile(rf"\n\s*{_ROLE}(?P<units>[^\n]*?)\s*[。.]?\s*$"),
)


def _split_units(units: str) -> tuple[str, ...]:
    """``市财政局、市工业和信息化局,各区(新区、深汕)`` → each unit, splitting only outside brackets."""
    out, depth, current = [], 0, ""
    for ch in units:
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth == 0 and ch in "、,，;；":
            out.append(current.strip())
            current = ""
        else:
            current += ch
    out.append(current.strip())
    return tuple(u for u in out if u)


def without_units(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without its trailing responsible-units note, and the units it named."""
    for pattern in _UNITS:
        match = pattern.search(text)
        if match is None:
            continue
        units = match.group("units")
        if sum(units.count(b) for b in "(（") == sum(units.count(b) for b in ")）"):
            return text[: match.start()].rstrip(), _split_units(units)
    return text, ()


def chinese_number(text: str) -> int:
    """``十八`` → 18, ``二十二`` → 22, ``一百零五`` → 105."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[ch]
    return total + current


def split(text: str, start: str | None = None, end: str | None = None) -> list[Clause]:
    """The clauses of ``text`` (optionally only between the ``start`` and ``end`` markers)."""
    if start is not None:
        at = text.find(start)
        if at < 0:
            raise SplitError(f"start marker {start!r} not found")
        text = text[at:]
    if end is not None:
        at = text.find(end)
        if at < 0:
            raise SplitError(f"end marker {end!r} not found")
        text = text[:at]
    lines = text.split("\n")
    best = max((_split_with(lines, pattern) for _, pattern in _STYLES), key=len)
    if len(best) >= 2:
        return best
    raise SplitError(
        "no clause numbering found (一、, (一), 第一条, 1、 or 1.); pass --start/--end around the policy"
    )


def _split_with(lines: list[str], pattern: re.Pattern[str]) -> list[Clause]:
    out: list[tuple[str, list[str]]] = []
    for line in lines:
        match = pattern.match(line)
        if match:
            out.append((str(chinese_number(match.group(1))), [line[match.end() :].strip()]))
        elif out and line.strip() and not _HEADING.match(line):
            out[-1][1].append(line)
        elif out and _HEADING.match(line):
            out.append(("", []))  # a section heading ends the clause before it
    clauses = [Clause(cid, *without_units("\n".join(body).strip())) for cid, body in out if cid]
    ids = [c.id for c in clauses]
    return clauses if len(set(ids)) == len(ids) else []


def skeleton(text: str, seed: str, start: str | None = None, end: str | None = None) -> str:
    """A YAML skeleton of a document: ids and verbatim texts filled in, the rest marked TODO."""
    clauses = split(text, start, end)
    lines = [
        "# yaml-language-server: $schema=../schema/document.schema.json",
        "id: TODO-policy-id  # equals the file name",
        "title: {zh: TODO, en: TODO}",
        "issuer: {zh: TODO, en: TODO}",
        "jurisdiction: TODO",
        "kind: measures",
        "validity: {from: TODO, years: TODO}",
        f"source: {{seed: {json.dumps(seed, ensure_ascii=False)}}}",  # a name may hold YAML syntax
        "clauses:",
    ]
    for clause in clauses:
        lines += [
            f'  - id: "{clause.id}"',
            "    title: {zh: TODO, en: TODO}",
            "    category: TODO",
            "    text:",
            f"      zh: {json.dumps(clause.text, ensure_ascii=False)}",
            "      en: TODO",
            *(["    responsible:"] if clause.responsible else []),
            *(f"      - {{zh: {json.dumps(u, ensure_ascii=False)}, en: TODO}}" for u in clause.responsible),
            "    benefit: {kind: TODO, summary: {zh: TODO, en: TODO}}",
        ]
    return "\n".join(lines) + "\n"
