"""Open data: every clause as JSON and CSV, in the edition's language.

Both files carry the ids (stable,
for joining), the original Chinese text, the edition's translation, the one-line benefit with its rate,
base, cap and amount (the same summary the pages show, sitegen/terms.py: a cap is only a cap; an "up to"
or fixed amount is ``amount``), and the policy's validity and status as of the build date. The JSON adds
the machine-readable benefit itself. The CSV starts with a UTF-8 byte-order mark so spreadsheet programs
read the Chinese correctly, and a text cell that a spreadsheet would take for a formula (starting with
``=``, ``+``, ``-``, ``@``, their full-width forms, a tab or a carriage return, at its start or after a
``,``/``;``/tab list separator) gets an apostrophe before it, as OWASP advises against CSV injection;
the JSON keeps every text as it is.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from policy_explorer.calculator.model import clause_page

from .view import ClauseView, SiteView

COLUMNS = (
    "policy", "clause", "jurisdiction", "jurisdiction_name", "policy_title", "category", "category_label",
    "title", "text_zh", "translation_en", "benefit_kind", "summary", "rate", "base", "cap", "cap_cny",
    "amount", "amount_cny", "status", "valid_from", "valid_to", "page",
)  # fmt: skip


def _record(clause: ClauseView, view: SiteView, lang: str, categories: dict[str, dict]) -> dict[str, Any]:
    policy = clause.policy
    terms = clause.terms
    cap, paid = terms.max_cap, terms.max_paid
    return {
        "policy": policy.id,
        "clause": clause.id,
        "jurisdiction": policy.jurisdiction["id"],
        "jurisdiction_name": policy.jurisdiction["name"][lang],
        "policy_title": policy.title[lang],
        "category": clause.category,
        "category_label": categories[clause.category]["label"][lang],
        "title": clause.title[lang],
        "text_zh": clause.text["zh"],
        "translation_en": clause.text["en"],
        "benefit_kind": clause.benefit["kind"],
        "summary": (clause.benefit.get("summary") or {}).get(lang, ""),
        "rate": terms.rate_label(lang),
        "base": ", ".join(view.facts[f]["label"][lang] for f in terms.bases if f in view.facts),
        "cap": terms.cap_label(lang),
        "cap_cny": int(cap) if cap is not None else None,
        "amount": terms.amount_label(lang),
        "amount_cny": int(paid) if paid is not None else None,
        "status": policy.status,
        "valid_from": policy.start,
        "valid_to": policy.end,
        "page": clause_page(policy.id, clause.id),
    }


def records(view: SiteView, lang: str) -> list[dict[str, Any]]:
    """One flat record per clause, in site order."""
    categories = {c["id"]: c for c in view.categories}
    return [_record(c, view, lang, categories) for c in view.clauses]


def clauses_json(view: SiteView, lang: str) -> str:
    """``{"on": …, "lang": …, "clauses": [record + benefit]}`` as pretty-printed JSON."""
    rows = [{**r, "benefit": c.benefit} for r, c in zip(records(view, lang), view.clauses, strict=True)]
    doc = {"on": view.on.isoformat(), "lang": lang, "count": len(rows), "clauses": rows}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# Full-width forms too: a spreadsheet used with a Chinese or Japanese input method reads ＝ as =.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# A formula start at the beginning of a cell, or after a list separator: a spreadsheet whose separator
# is `;` (or a tab) splits `x;=1+2` into `x` and the formula `=1+2`. Spaces and quotes may come between.
_FORMULA_AT = re.compile(r'^([ "]*)(?=[=+\-@＝＋－＠\t\r])|([,;\t][ "]*)(?=[=+\-@＝＋－＠])')


def csv_cell(value: Any) -> Any:
    """A CSV cell no spreadsheet runs: text that would start a formula, in the cell or after a
    separator in it, gets an apostrophe before it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _FORMULA_AT.sub(lambda m: (m[1] or m[2] or "") + "'", value)
    return value


def clauses_csv(view: SiteView, lang: str, strings: dict[str, dict[str, str]]) -> str:
    """The flat records as CSV (header row of column ids), with a byte-order mark."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in records(view, lang):
        writer.writerow({k: csv_cell(row[k]) for k in COLUMNS})
    return "\ufeff" + buf.getvalue()
