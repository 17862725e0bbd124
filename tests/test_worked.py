"""Each clause's worked examples run by `validate` and by the site build, named by clause and amount."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import POLICIES, ROOT

from policy_explorer.compile import DataError, compile_policies
from policy_explorer.worked import check_examples

DOC = "documents/shenzhen-longgang-ai-2025.yaml"


@pytest.fixture()
def wrong_example(tmp_path: Path) -> Path:
    """A copy of policies/ where one Longgang example states an amount its clause does not give.

    龙岗(二) "按实际投入的30%给予补贴，最高600万元": CNY 30M of compute is 900万 at 30%, capped at
    600万; the copy claims 900万, as if the cap were forgotten.
    """
    target = tmp_path / "policies"
    shutil.copytree(POLICIES, target)
    path = target / DOC
    text = path.read_text(encoding="utf-8")
    assert text.count("        max_cny: 6000000\n") == 1
    wrong = text.replace("        max_cny: 6000000\n", "        max_cny: 9000000\n")
    path.write_text(wrong, encoding="utf-8")
    return target


def test_the_real_examples_agree(data):
    assert check_examples(POLICIES, data) == []


def test_a_wrong_example_names_its_clause_both_amounts_and_line(wrong_example):
    text = (wrong_example / DOC).read_text(encoding="utf-8").split("\n")
    line = text.index("        max_cny: 9000000") + 1
    problems = check_examples(wrong_example, compile_policies(wrong_example))
    assert [(p.file, p.line) for p in problems] == [(f"policies/{DOC}", line)]
    message = problems[0].message
    assert "clause 2, example 2" in message
    assert "the example says 9000000 yuan, the engine gives 6000000" in message


def test_validate_command_exits_2_on_a_wrong_example(wrong_example):
    run = subprocess.run(
        [sys.executable, "-m", "policy_explorer", "--policies", str(wrong_example), "validate"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2, run.stderr
    assert "clause 2, example 2" in run.stdout + run.stderr
    assert "Traceback" not in run.stderr


def test_the_build_refuses_a_wrong_example(wrong_example):
    from policy_explorer import sitegen

    with pytest.raises(DataError, match="the example says 9000000 yuan, the engine gives 6000000"):
        sitegen.compiled(wrong_example)
