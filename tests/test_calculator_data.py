"""Where the engine finds its data: compiled JSON only, with one message naming the command to run
when the checkout's copy is missing or older than ``policies/``."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import POLICIES, ROOT

from policy_explorer.calculator import data as calculator_data
from policy_explorer.calculator.data import fingerprint, load_data, stale
from policy_explorer.calculator.errors import CalculatorError
from policy_explorer.compile import write_compiled


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A copy of policies/ as the checkout's YAML and an empty place for the bundled copy."""
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    monkeypatch.setattr(calculator_data, "CHECKOUT_POLICIES", policies)
    monkeypatch.setattr(calculator_data, "BUNDLED", tmp_path / "_data" / "policies.json")
    monkeypatch.setattr(calculator_data, "_cache", {})
    monkeypatch.delenv("CALCULATOR_DATA", raising=False)
    return policies


def test_the_compiled_copy_is_read_while_the_yaml_is_unchanged(checkout):
    write_compiled(checkout, calculator_data.BUNDLED)
    data = load_data()
    documents = {p.stem for p in (checkout / "documents").glob("*.yaml")}
    assert {p["id"] for p in data["policies"]} == documents
    assert not stale(data, checkout)


def test_an_edit_to_the_yaml_makes_the_copy_stale_with_the_command_to_run(checkout):
    write_compiled(checkout, calculator_data.BUNDLED)
    document = next((checkout / "documents").glob("*.yaml"))
    document.write_text(document.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(CalculatorError) as caught:
        load_data()
    assert caught.value.field == "data"
    assert "compiled from other policy data than" in str(caught.value)
    assert "run `python -m policy_explorer compile`" in str(caught.value)


def test_an_installed_package_without_data_says_what_a_site_runs(tmp_path, monkeypatch):
    """No checkout beside the package (pip install): not site-packages or ./dev setup, but the site's
    own command and where it writes."""
    monkeypatch.setattr(calculator_data, "CHECKOUT_POLICIES", tmp_path / "no-checkout")
    monkeypatch.setattr(calculator_data, "BUNDLED", tmp_path / "_data" / "policies.json")
    monkeypatch.setattr(calculator_data, "_cache", {})
    monkeypatch.delenv("CALCULATOR_DATA", raising=False)
    with pytest.raises(CalculatorError) as caught:
        load_data()
    assert str(caught.value) == (
        "data: no compiled policy data: in your site's folder run `policy-explorer compile` (it writes "
        ".cache/policies.json), then CALCULATOR_DATA=.cache/policies.json "
        "python -m policy_explorer.calculator …"
    )


def test_a_missing_copy_names_the_command_and_the_variable(checkout):
    expected = r"no compiled policy data in .*policy_explorer compile.*CALCULATOR_DATA"
    with pytest.raises(CalculatorError, match=expected):
        load_data()


def test_calculator_data_is_read_as_given_without_a_staleness_check(checkout, tmp_path, monkeypatch):
    elsewhere = write_compiled(checkout, tmp_path / "elsewhere.json")
    (checkout / "extra.txt").write_text("the checkout moved on")
    monkeypatch.setenv("CALCULATOR_DATA", str(elsewhere))
    assert load_data()["policies"]


@pytest.mark.parametrize(
    ("text", "message"),
    [("{", "is not readable JSON"), ("[]", r"is not compiled policy data \(expected a JSON object\)")],
)
def test_a_bad_data_file_is_one_message(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(CalculatorError, match=message):
        load_data(path)
    with pytest.raises(CalculatorError, match="no compiled policy data at"):
        load_data(tmp_path / "none.json")


def test_the_fingerprint_names_files_and_contents(tmp_path):
    (tmp_path / "a.yaml").write_text("x")
    first = fingerprint(tmp_path)
    (tmp_path / "a.yaml").rename(tmp_path / "b.yaml")
    renamed = fingerprint(tmp_path)
    (tmp_path / "b.yaml").write_text("y")
    assert len({first, renamed, fingerprint(tmp_path)}) == 3


def test_the_cli_says_so_in_one_line_and_exits_2(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "policy_explorer.calculator", "clauses"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "CALCULATOR_DATA": str(tmp_path / "none.json")},
    )
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == f"error: data: no compiled policy data at {tmp_path / 'none.json'}\n"


def test_a_copy_that_is_not_compiled_data_counts_as_stale(tmp_path):
    assert stale([], tmp_path) and stale({"policies": []}, tmp_path)
    assert not stale({"fingerprint": fingerprint(tmp_path)}, tmp_path)
