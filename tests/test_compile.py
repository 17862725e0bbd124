"""compile: the calculator's JSON is written whole or not at all, with one message when it cannot be."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import POLICIES

from policy_explorer.cli import main
from policy_explorer.compile import OutputError, write_compiled


def test_the_file_is_written_whole(tmp_path):
    target = write_compiled(POLICIES, tmp_path / "out" / "policies.json")
    assert json.loads(target.read_text(encoding="utf-8"))["policies"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["policies.json"]


def test_a_folder_as_out_is_named_and_nothing_is_left(tmp_path, capsys):
    (tmp_path / "dir").mkdir()
    assert main(["compile", "--out", str(tmp_path / "dir")]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {tmp_path / 'dir'} is a folder: give the path of the JSON file to write\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir"]


def test_a_place_that_cannot_be_written_is_named(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(OutputError, match="cannot write"):
        write_compiled(POLICIES, tmp_path / "file" / "policies.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_validate_refreshes_the_checkouts_copy_and_only_that(tmp_path, monkeypatch, capsys):
    from calculator import data as calculator_data
    from policy_explorer import compile as compile_module

    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    bundled = tmp_path / "_data" / "policies.json"
    monkeypatch.setattr(compile_module, "CHECKOUT_POLICIES", policies)
    monkeypatch.setattr(compile_module, "BUNDLED", bundled)
    assert compile_module.refresh_checkout(POLICIES) is None and not bundled.exists()  # not the checkout
    assert main(["--policies", str(policies), "validate"]) == 0
    assert capsys.readouterr().out == f"policy data is valid\ncompiled for the calculator: {bundled}\n"
    written = json.loads(bundled.read_text(encoding="utf-8"))
    assert not calculator_data.stale(written, policies)
    assert compile_module.refresh_checkout(policies) is None  # fresh: nothing to write
