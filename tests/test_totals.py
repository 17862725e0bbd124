"""The worked examples of totals beside the data (policies/totals/), run through the engine."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import POLICIES, ROOT

from policy_explorer.calculator import estimate
from policy_explorer.totals import check_totals, examples, load_totals

EXAMPLES = examples(POLICIES)


def test_there_are_enough_examples_across_places():
    """At least twelve, and each place's totals file holds examples for that place (the files are
    those of the places the corpus has: none is assumed)."""
    assert len(EXAMPLES) >= 12
    places = {example["jurisdiction"] for _, example in EXAMPLES}
    assert places >= {path.stem for path in (POLICIES / "totals").glob("*.yaml")}


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_worked_totals(data, name, example):
    profile = {"jurisdiction": example["jurisdiction"], "facts": example["facts"]}
    result = estimate({**profile, "startup": example.get("startup", False)}, on=example["date"], data=data)
    assert (result["total_max_cny"], result["total_conservative_cny"]) == (
        example["total_max_cny"],
        example["total_conservative_cny"],
    ), example["why"]
    assert example["why"].count("“") >= 1  # the sentence it rests on is quoted


def test_real_examples_agree(data):
    assert check_totals(POLICIES, data) == []


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "policies"
    shutil.copytree(POLICIES, target)
    return target


def test_a_wrong_total_is_one_problem_at_its_line(tmp_path, data):
    policies = _copy(tmp_path)
    path = policies / "totals" / "shenzhen-futian.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("total_max_cny: 16600000")].count("\n") + 1
    path.write_text(text.replace("total_max_cny: 16600000", "total_max_cny: 16000000"), encoding="utf-8")
    problems = [str(p) for p in check_totals(policies, data)]
    assert problems == [problems[0]] and problems[0].startswith(
        f"policies/totals/shenzhen-futian.yaml:{line}:"
    )
    assert (
        "expected max 16000000 / conservative 11000000, the engine gives 16600000 / 11000000" in problems[0]
    )


def test_shape_problems_are_named(tmp_path):
    policies = _copy(tmp_path)
    (policies / "totals" / "bad.yaml").write_text(
        "- name: {zh: 坏}\n  jurisdiction: shenzhen\n  date: 2025-06-01\n  facts: {}\n"
        "  total_max_cny: -1\n  total_conservative_cny: 0\n  why: ''\n  extra: 1\n",
        encoding="utf-8",
    )
    _, problems = load_totals(policies)
    messages = [str(p) for p in problems]
    assert any("bad.yaml:1:" in m and "both languages" in m for m in messages), messages
    assert any("bad.yaml:5:" in m and "whole number of yuan" in m for m in messages), messages
    assert any("bad.yaml:7:" in m and "say how the totals follow" in m for m in messages), messages
    assert any("bad.yaml:8:" in m and "unknown key `extra`" in m for m in messages), messages


def test_a_refused_profile_is_a_problem_not_a_traceback(tmp_path, data):
    policies = _copy(tmp_path)
    path = policies / "totals" / "xiamen.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("jurisdiction: xiamen", "jurisdiction: xiamenn"))
    problems = [str(p) for p in check_totals(policies, data)]
    assert len(problems) == 1 and "the profile is refused" in problems[0] and ":4:" in problems[0]


def test_validate_runs_the_totals_and_exits_2(tmp_path):
    policies = _copy(tmp_path)
    path = policies / "totals" / "hangzhou-xihu.yaml"
    path.write_text(
        re.sub(
            r"total_conservative_cny: \d+",
            "total_conservative_cny: 1",
            path.read_text(encoding="utf-8"),
            count=1,
        )
    )
    proc = subprocess.run(
        [sys.executable, "-m", "policy_explorer", "--policies", str(policies), "validate"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "policies/totals/hangzhou-xihu.yaml:" in proc.stderr and "Traceback" not in proc.stderr
