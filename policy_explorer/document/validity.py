"""A document's validity: the dates or the shape the text states, and their checks."""

from __future__ import annotations

from typing import Any

from ..yamlload import Loaded
from .common import _ISO_DATE, _parse_date
from .dataset import Dataset
from .fields import DATE


def _check_validity(ds: Dataset, doc: Loaded, validity: dict) -> None:
    start, end = validity.get("from"), validity.get("to")
    for key in ("from", "to"):
        value = validity.get(key)
        if isinstance(value, str) and _ISO_DATE.fullmatch(value) and _parse_date(value) is None:
            ds.report(doc, ("validity", key), f"`{value}` is not a real date (YYYY-MM-DD)")
    if validity.get("draft") is True:
        return
    later = validity.get("after_publication")
    unstated = validity.get("start") == "not_stated"
    if start is None and not later and not unstated:
        ds.report(
            doc,
            ("validity",),
            "give `from` (first day in force), `after_publication: {days: N}` when the text says "
            '"N days after publication", `start: not_stated` when it states no start, or `draft: true` '
            "for a draft",
        )
    if sum(bool(x) for x in (start is not None, later, unstated)) > 1:
        ds.report(
            doc,
            ("validity", "start" if unstated else "after_publication"),
            "give one of `from`, `after_publication` and `start: not_stated`",
        )
    until = validity.get("until")
    if end is None and validity.get("years") is None and until is None:
        ds.report(
            doc,
            ("validity",),
            "give `to` (last day), `years` (duration), `until: open_ended` where the text says "
            "长期有效 / until further notice, or `until: not_stated` where it states no end",
        )
    if until is not None and (end is not None or validity.get("years") is not None):
        message = f"`until: {until}` means no last day: leave out `to` and `years`"
        ds.report(doc, ("validity", "until"), message)
    if end is not None and validity.get("years") is not None:
        ds.report(doc, ("validity",), "give either `to` or `years`, not both")
    a, b = _parse_date(start), _parse_date(end)
    if a and b and b < a:
        ds.report(doc, ("validity", "to"), f"`to` {end} is before `from` {start}")


OPEN_ENDS = ("open_ended", "not_stated")


def validity_shape_properties() -> dict[str, Any]:
    """Validity the text states without dates: 长期有效, or "N days after publication"."""
    return {
        "until": {
            "description": "No last day: `open_ended` where the text says 长期有效 / until further notice, "
            "`not_stated` where it states no end at all",
            "enum": list(OPEN_ENDS),
        },
        "start": {
            "description": "`not_stated` where the text states no start (no date, no publication rule)",
            "enum": ["not_stated"],
        },
        "after_publication": {
            "description": "In force N days after publication (0: 自公布之日起施行); `published` when known",
            "type": "object",
            "required": ["days"],
            "properties": {"days": {"type": "integer", "minimum": 0, "maximum": 3650}, "published": DATE},
            "additionalProperties": False,
        },
    }
