"""Everything ``python -m policy_explorer validate`` checks: the data itself (:mod:`.validate`), then,
once it is sound, the worked examples of totals (:mod:`.totals`) run through the engine on the
compiled data (:mod:`.compile`).

A module of its own, above the three it joins, so that they import one way: validate ← compile,
validate ← totals (the function lived in ``validate.py`` and made two import circles).
"""

from __future__ import annotations

from pathlib import Path

from .compile import compile_policies
from .totals import check_totals
from .validate import Problem, check_dataset, load_dataset


def validate(policies_dir: Path) -> list[Problem]:
    """Every problem in the policy data under ``policies_dir``, sorted by file and line."""
    problems = check_dataset(load_dataset(policies_dir))
    if problems:
        return problems
    return sorted(set(check_totals(policies_dir, compile_policies(policies_dir))))
