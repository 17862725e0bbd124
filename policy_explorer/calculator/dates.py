"""Validity dates: the term rule and the status of a policy on a given day.

The term rule, written once: a policy "in force from D for N years" is in force on D and on every
day up to and including the day before the N-th anniversary of D. So 2 years from 2024-12-18 ends
on 2026-12-17. An anniversary that does not exist (29 February in a common year) falls on 1 March,
so 1 year from 2024-02-29 ends on 2025-02-28.
"""

from __future__ import annotations

import datetime as dt
import re

IN_FORCE = "in_force"
EXPIRED = "expired"
NOT_YET_IN_FORCE = "not_yet_in_force"
DRAFT = "draft"
# Adopted, but its first day is not known: "in force 30 days after publication" with the
# publication date unknown. Never guessed; like a draft, its items are listed, not totalled.
START_UNKNOWN = "start_unknown"
STATUSES = (IN_FORCE, EXPIRED, NOT_YET_IN_FORCE, DRAFT, START_UNKNOWN)
# Statuses whose items are totalled, and whose caps and non-duplication rules apply: in force, or
# with a start the text does not state (assumed in force: counted in the maximum only).
TOTALLED = (IN_FORCE, START_UNKNOWN)
_YYYY_MM_DD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def anniversary(start: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (1 March when that day is 29 February of a common year)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February → no such day
        return dt.date(start.year + years, 3, 1)


def term_end(start: dt.date, years: int) -> dt.date:
    """The last day in force of a term of ``years`` years starting on ``start``."""
    return anniversary(start, years) - dt.timedelta(days=1)


def after_publication(published: dt.date, days: int) -> dt.date:
    """The first day in force of a text "in force ``days`` days after publication" (施行 on that day)."""
    return published + dt.timedelta(days=days)


def status_on(on: dt.date, start: dt.date | None, end: dt.date | None, draft: bool) -> str:
    """``draft``, ``start_unknown``, ``not_yet_in_force``, ``expired`` or ``in_force`` on ``on``.

    ``end`` None is a policy with no last day (长期有效, or none stated): in force from its start.
    """
    if draft:
        return DRAFT
    if start is None:
        return START_UNKNOWN
    if on < start:
        return NOT_YET_IN_FORCE
    if end is not None and on > end:
        return EXPIRED
    return IN_FORCE


def parse_date(text: str, field: str = "on") -> dt.date:
    """Parse ``YYYY-MM-DD``; raise :class:`CalculatorError` naming ``field`` otherwise."""
    from .errors import CalculatorError, clip

    if not isinstance(text, str) or not _YYYY_MM_DD.fullmatch(text):  # not 2025-W01-1, 20250101
        raise CalculatorError(field, f"`{clip(str(text))}` is not a date: write YYYY-MM-DD, e.g. 2026-01-31")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CalculatorError(
            field, f"`{text}` is not a real date: write YYYY-MM-DD, e.g. 2026-01-31"
        ) from None
