"""Small helpers the node kinds' checks share: lists, ids, "did you mean", dates."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Hashable, Iterator
from typing import Any

from ..yamlload import Loaded
from .dataset import Dataset


def _walk(value: Any, where: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield where, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, (*where, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, (*where, i))


# These checks run on data the schema may have rejected (every problem is reported at once), so
# they read it through the three helpers below: a list where a mapping belongs is read as empty,
# and a list looked up among ids is simply not one of them.


def _dict(value: Any) -> dict:
    """``value`` if it is a mapping, else an empty one (the schema check reports the wrong type)."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    """``value`` if it is a list, else an empty one (the schema check reports the wrong type)."""
    return value if isinstance(value, list) else []


def _among(value: Any, known: Collection) -> bool:
    """``value in known``, and false for a value no id can equal (a list or mapping)."""
    return isinstance(value, Hashable) and value in known


def did_you_mean(value: Any, known: Collection) -> str:
    """``" (did you mean `x`?)"`` for the known id closest to a mistyped one, else ``""``.

    A typo (``compute_spending``) is far more common than a missing id, and the list of every
    known id that follows is long; the nearest one (difflib's ratio, at least 0.75) is the hint.
    """
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, [k for k in known if isinstance(k, str)], n=1, cutoff=0.75)
    return f" (did you mean `{close[0]}`?)" if close else ""


# Ids that name a page of their own (policies/<id>/, jurisdictions/<id>/, compare/<id>/) must not
# take the path of a page the generator writes beside them: the section's listing, index.md.
PAGE_PATHS = {"index": "the listing page of its section (index.md)"}


def _page_path_taken(ds: Dataset, loaded: Loaded, where: tuple, what: str, value: Any) -> None:
    if _among(value, PAGE_PATHS):
        ds.report(loaded, where, f"{what} id `{value}` is the path of {PAGE_PATHS[value]}: choose another id")


def _ids(ds: Dataset, loaded: Loaded | None, what: str, pages: bool = False) -> dict[str, dict]:
    out: dict[str, dict] = {}
    if loaded is None or not isinstance(loaded.data, list):
        return out
    for i, item in enumerate(loaded.data):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        if pages:
            _page_path_taken(ds, loaded, (i, "id"), what, item["id"])
        if item["id"] in out:
            ds.report(loaded, (i, "id"), f"duplicate {what} id `{item['id']}`")
        out[item["id"]] = item
    return out


_LOOSE_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_form_message(value: Any) -> str:
    """What is wrong with a date that is not written YYYY-MM-DD, with the spelling to use.

    ``2026-1-1`` is a real day in the wrong form: say how to write it (2026-01-01), rather than
    calling it "not a real date", which sends the author to check the calendar.
    """
    loose = _LOOSE_DATE.fullmatch(str(value).strip())
    if loose:
        year, month, day = (int(g) for g in loose.groups())
        with_zeros = f"{year:04d}-{month:02d}-{day:02d}"
        if not 1900 <= year <= 2199:  # the years schemas.DATE allows
            return f"`{value}`: a date's year is 1900 to 2199; give the date the text states"
        if _parse_date(with_zeros) is not None:
            return f"`{value}` is in the wrong format: write {with_zeros} (YYYY-MM-DD, with leading zeros)"
    return f"`{value}` is in the wrong format: write a date as YYYY-MM-DD, e.g. 2026-01-01"


def _parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _short(value: object, limit: int = 120) -> str:
    """A value as a message quotes it: at most ``limit`` characters."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"
