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
    from policy_explorer import compile as compile_module
    from policy_explorer.calculator import data as calculator_data

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


def test_a_known_publication_date_gives_the_first_and_last_day(tmp_path):
    # "自公布之日起30日后施行，有效期3年", published 2026-01-10: first day 2026-02-09 (30 days later), last
    # day 2029-02-08 (the day before the third anniversary).
    from fixture_policies import policies_with_fixture

    from policy_explorer.compile import compile_policies

    policies = policies_with_fixture(tmp_path / "policies")
    path = policies / "documents" / "example-city-data-2026.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "after_publication: {days: 30}", "after_publication: {days: 30, published: 2026-01-10}"
    )
    text = text.replace("  until: not_stated\n", "  years: 3\n")
    text = text.replace(
        "本措施自公布之日起30日后施行；公布日期不详，文本未规定有效期。",
        "本措施自2026年1月10日公布之日起30日后施行，有效期3年。",
    )
    path.write_text(text, encoding="utf-8")
    data = compile_policies(policies)
    validity = next(p for p in data["policies"] if p["id"] == "example-city-data-2026")["validity"]
    assert (validity["from"], validity["to"]) == ("2026-02-09", "2029-02-08")
