"""AI policy calculator: what a company can claim under the policies in ``policies/``, and why.

Standard library only; runs unchanged in CPython 3.11+ and in Pyodide.

>>> from policy_explorer.calculator import estimate
>>> profile = {"jurisdiction": "example-city", "facts": {"compute_spend": 10_000_000}}
>>> result = estimate(profile, on="2026-06-01")

Bad input raises :class:`CalculatorError` (a ``ValueError``) whose ``field`` names the input at fault.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .dates import parse_date
from .errors import CalculatorError
from .model import Model
from .money import use_currency

__all__ = ["CalculatorError", "clauses", "estimate", "load_model"]
__version__ = "0.1.0"

_models: dict[int, Model] = {}


def load_model(data: dict[str, Any] | None = None) -> Model:
    """The compiled model for ``data`` (default: the project's policy data), built once.

    Its site's currency (``site.currency`` in the compiled data; none: CNY) becomes the one amounts are
    written in (:func:`policy_explorer.calculator.money.use_currency`), so every caller formats money as its
    data says.
    """
    if data is None:
        from .data import load_data

        data = load_data()
    use_currency((data.get("site") or {}).get("currency"))
    key = id(data)
    if key not in _models:
        _models[key] = Model(data)
    return _models[key]


def estimate(
    profile: dict[str, Any],
    on: dt.date | str | None = None,
    data: dict[str, Any] | None = None,
    explained: bool = False,
) -> dict:
    """Estimate every claim open to ``profile`` on the day ``on`` (default: today).

    ``profile`` is ``{"jurisdiction": id, "startup": bool, "facts": {fact id: number}}`` with amounts
    in yuan. The result is the JSON-ready dict documented in the README (items, totals, needs);
    ``explained=True`` adds ``why_not`` and ``trace`` (:mod:`policy_explorer.calculator.whynot`).
    """
    from .engine import run

    if on is None:
        day = dt.date.today()
    elif isinstance(on, dt.datetime):  # a date too, but one that cannot be compared with dates
        raise CalculatorError("on", f"give a date, not a date and time (`{on}`): use its .date()")
    elif isinstance(on, dt.date):
        day = on
    else:
        day = parse_date(on)
    return run(load_model(data), profile, day, explained=explained)


def clauses(data: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every clause as a flat record (the ``python -m policy_explorer.calculator clauses`` export)."""
    from .export import clause_records

    return clause_records(load_model(data))
