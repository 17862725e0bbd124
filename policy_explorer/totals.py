"""Worked examples of *totals*: multi-clause profiles whose totals a reader worked out from the texts.

They sit beside the data in ``policies/totals/*.yaml`` (one file per place), each a list of::

    - name: {zh: …, en: …}
      jurisdiction: example-city
      date: 2026-06-01
      startup: false               # optional
      facts: {compute_spend: 1000000, models_filed: 1}
      total_max_cny: 800000
      total_conservative_cny: 800000
      why: "…the sentences quoted and the sums, worked out by hand…"

A per-clause example checks one clause; these check how the clauses stack (operating rules that
pay a measure, one claim per expense, assumed conditions, either-or parts). ``validate`` and the
tests run them through the engine; a difference is one ``file:line`` problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policy_explorer.calculator import CalculatorError, estimate

from .validate import Dataset, Problem, _load
from .yamlload import Loaded

TOTALS_DIR = "totals"
KEYS = {"name", "jurisdiction", "date", "startup", "facts", "total_max_cny", "total_conservative_cny", "why"}
REQUIRED = KEYS - {"startup"}


def load_totals(policies_dir: Path) -> tuple[list[Loaded], list[Problem]]:
    """Every ``policies/totals/*.yaml`` file, parsed, with syntax and shape problems."""
    ds = Dataset(root=policies_dir)
    files = []
    for path in sorted((policies_dir / TOTALS_DIR).glob("*.yaml")):
        loaded = _load(ds, path)
        if loaded is None:
            continue
        files.append(loaded)
        if not isinstance(loaded.data, list):
            ds.report(loaded, (), "a totals file is a list of examples")
            continue
        for i, example in enumerate(loaded.data):
            if not isinstance(example, dict):
                ds.report(
                    loaded, (i,), "an example is a mapping (name, jurisdiction, date, facts, totals, why)"
                )
                continue
            missing = sorted(REQUIRED - example.keys())
            if missing:
                ds.report(loaded, (i,), f"missing {', '.join(missing)}")
            for key in sorted(set(example) - KEYS):
                ds.report(loaded, (i, key), f"unknown key `{key}`; an example has {', '.join(sorted(KEYS))}")
            name = example.get("name")
            if not (isinstance(name, dict) and name.get("zh") and name.get("en")):
                ds.report(loaded, (i, "name"), "give the name in both languages: {zh: …, en: …}")
            for key in ("total_max_cny", "total_conservative_cny"):
                value = example.get(key)
                if key in example and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                    ds.report(loaded, (i, key), f"`{key}` is a whole number of yuan, got `{value}`")
            if "why" in example and not (isinstance(example["why"], str) and example["why"].strip()):
                ds.report(loaded, (i, "why"), "say how the totals follow from the texts")
    return files, ds.problems


def _profile(example: dict[str, Any]) -> dict[str, Any]:
    return {
        "jurisdiction": example.get("jurisdiction"),
        "startup": example.get("startup", False),
        "facts": dict(example.get("facts") or {}),
    }


def check_totals(policies_dir: Path, data: dict[str, Any]) -> list[Problem]:
    """Run every totals example through the engine; one problem per example that differs."""
    files, problems = load_totals(policies_dir)
    if problems:
        return problems
    ds = Dataset(root=policies_dir)
    for loaded in files:
        for i, example in enumerate(loaded.data):
            try:
                result = estimate(_profile(example), on=str(example["date"]), data=data)
            except CalculatorError as exc:
                ds.report(loaded, (i, exc.field.split(".")[0]), f"the profile is refused: {exc}")
                continue
            got = (result["total_max_cny"], result["total_conservative_cny"])
            want = (example["total_max_cny"], example["total_conservative_cny"])
            if got != want:
                ds.report(
                    loaded,
                    (i, "total_max_cny"),
                    f"{example['name']['en']}: expected max {want[0]} / conservative {want[1]}, "
                    f"the engine gives {got[0]} / {got[1]}; the example says: {example['why']}",
                )
    return ds.problems


def examples(policies_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    """(file:index, example) for every totals example (for the tests)."""
    files, _ = load_totals(policies_dir)
    return [
        (f"{loaded.path.stem}[{i}]", example)
        for loaded in files
        if isinstance(loaded.data, list)
        for i, example in enumerate(loaded.data)
    ]
