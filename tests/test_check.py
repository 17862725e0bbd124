"""``validate``'s whole check: the data first; the worked totals only once the data is sound."""

from __future__ import annotations

import shutil

from conftest import POLICIES

from policy_explorer.check import validate


def test_a_wrong_total_is_found_only_once_the_data_is_sound(tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    totals = next((policies / "totals").glob("*.yaml"))
    text = totals.read_text(encoding="utf-8")
    totals.write_text(text.replace("total_max_cny: ", "total_max_cny: 1", 1), encoding="utf-8")
    [problem] = validate(policies)
    assert str(problem).startswith(f"policies/totals/{totals.name}:") and "the engine gives" in str(problem)
    (policies / "categories.yaml").write_text("- [not, a, category]\n", encoding="utf-8")
    problems = [str(p) for p in validate(policies)]
    assert problems and not any(p.startswith("policies/totals/") for p in problems)
