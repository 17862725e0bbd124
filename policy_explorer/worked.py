"""Each clause's worked examples run through the engine, as ``file:line`` problems.

The examples are written from the policy text (AUTHORING.md); ``validate`` and the site build run
them, not only the tests, so a formula that disagrees with its own example never reaches readers.
A problem names the clause, the example and both amounts (the text's and the engine's).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policy_explorer.calculator import CalculatorError
from policy_explorer.calculator.examples import Case, actual, cases

from .validate import Dataset, Problem
from .yamlload import YamlSyntaxError, load_file


def _amounts(max_cny: int | None, min_cny: int | None) -> str:
    if max_cny == min_cny:
        return "none" if max_cny is None else f"{max_cny}"
    return f"max {max_cny}, min {min_cny}"


def _difference(case: Case, data: dict[str, Any]) -> str | None:
    """None when the engine gives the example's amounts, else what differs, in words."""
    try:
        got_max, got_min, outcome = actual(case, data)
    except CalculatorError as exc:
        return f"its profile is refused: {exc}"
    if outcome.startswith("needs"):
        return f"the engine asks for facts the example does not state ({outcome.split(' ', 1)[1]})"
    if outcome == "absent":
        return "the engine does not list the clause for this profile"
    if (got_max, got_min) != (case.max_cny, case.min_cny):
        return (
            f"the example says {_amounts(case.max_cny, case.min_cny)} yuan, "
            f"the engine gives {_amounts(got_max, got_min)} ({outcome})"
        )
    return None


def check_examples(policies_dir: Path, data: dict[str, Any]) -> list[Problem]:
    """Every clause example of the compiled ``data`` whose amounts the engine does not reproduce."""
    ds = Dataset(root=policies_dir)
    files = {p["id"]: policies_dir.parent / p["file"] for p in data["policies"]}
    positions = {(p["id"], c["id"]): i for p in data["policies"] for i, c in enumerate(p["clauses"])}
    loaded: dict[str, Any] = {}
    for case in cases(data):
        difference = _difference(case, data)
        if difference is None:
            continue
        if case.policy not in loaded:
            try:
                loaded[case.policy] = load_file(files[case.policy])
            except YamlSyntaxError:  # validated moments ago; changed since: report at the file
                loaded[case.policy] = None
        where = ("clauses", positions[(case.policy, case.clause)], "examples", case.index, "max_cny")
        example = f"clause {case.clause}, example {case.index + 1}"
        message = f"{example}: {difference}; the example says: {case.why}"
        if loaded[case.policy] is None:
            ds.problems.append(Problem(str(files[case.policy].relative_to(policies_dir.parent)), 1, message))
        else:
            ds.report(loaded[case.policy], where, message)
    return sorted(ds.problems)
