"""How and when to apply (a document's or a clause's): its schema and checks."""

from __future__ import annotations

from typing import Any

from ..yamlload import Loaded
from .common import _ISO_DATE, _dict, _parse_date, _short
from .dataset import Dataset
from .fields import BILINGUAL, DATE, URL


def _check_application(ds: Dataset, doc: Loaded, where: tuple, app: Any, source_text: str | None) -> None:
    """An application block states only what the text does: a `dates` window has its real dates in
    order, other windows none (a date is never invented), and its quote stands in the source."""
    if not isinstance(app, dict):
        return
    window = _dict(app.get("window"))
    kind = window.get("kind")
    dates = {k: window[k] for k in ("from", "to") if isinstance(window.get(k), str)}
    for key, value in dates.items():
        if _ISO_DATE.fullmatch(value) and _parse_date(value) is None:
            ds.report(doc, (*where, "window", key), f"`{value}` is not a real date (YYYY-MM-DD)")
    if kind == "dates" and "to" not in window:
        ds.report(doc, (*where, "window"), "a `dates` window needs `to` (the last day to apply)")
    if kind not in (None, "dates") and dates:
        ds.report(
            doc,
            (*where, "window"),
            f"a `{kind}` window has no dates: remove `from`/`to`, "
            "or use `kind: dates` if the text states them",
        )
    start, end = _parse_date(dates.get("from")), _parse_date(dates.get("to"))
    if start and end and end < start:
        ds.report(doc, (*where, "window", "to"), f"`to` {dates['to']} is before `from` {dates['from']}")
    # An interpreting unit is never inferred: its name stands, as written, in a line of the source
    # that says who interprets the text (负责解释).
    saying = [line for line in (source_text or "").splitlines() if "负责解释" in line]
    for n, unit in enumerate(app.get("interpreted_by") or []):
        name = _dict(unit).get("zh")
        if source_text is not None and isinstance(name, str) and not any(name in line for line in saying):
            ds.report(
                doc,
                (*where, "interpreted_by", n, "zh"),
                f"`{_short(name)}` is not named where the source says who interprets it (负责解释): "
                "list a unit only as the text names it there, or remove it",
            )
    quote = _dict(app.get("quote")).get("zh")
    if source_text is not None and isinstance(quote, str) and quote not in source_text:
        ds.report(
            doc,
            (*where, "quote", "zh"),
            "the quote is not verbatim in the normalized source: copy the sentence that states it",
        )


WINDOW_KINDS = ["dates", "rolling", "yearly", "until_exhausted"]


def application_schema() -> dict[str, Any]:
    """How and when to apply (on a document, or a clause, whose fields override the document's)."""
    return {
        "description": "How and when to apply, only as the text states it: the window, the guide or "
        "notice, the department and its contact, the materials asked for",
        "type": "object",
        "minProperties": 1,
        "properties": {
            "window": {
                "type": "object",
                "required": ["kind"],
                "properties": {
                    "kind": {"enum": WINDOW_KINDS},
                    "from": DATE,
                    "to": DATE,
                },
                "additionalProperties": False,
            },
            "after_the_fact": {"type": "boolean"},
            "url": URL,
            "department": BILINGUAL,
            "contact": BILINGUAL,
            "materials": {"type": "array", "items": BILINGUAL, "minItems": 1},
            "quote": BILINGUAL,
            "interpreted_by": {
                "description": "The units the text names as interpreting it (由…负责解释), as it names them; "
                "only where it says so",
                "type": "array",
                "items": BILINGUAL,
                "minItems": 1,
            },
        },
        "additionalProperties": False,
    }
