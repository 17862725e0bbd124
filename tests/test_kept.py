"""Each clause's version (sitegen/kept.py): what the calculator's "new or changed since you kept
this scenario" marks compare. A change to one clause moves its version alone; a change to its
document's validity moves every clause of that document; a clause added has a version of its own."""

from __future__ import annotations

import copy

from policy_explorer.calculator.data import load_data
from policy_explorer.sitegen.kept import clause_versions


def _data() -> dict:
    return copy.deepcopy(load_data())


def test_every_clause_has_a_version():
    data = _data()
    versions = clause_versions(data)
    assert len(versions) == sum(len(p["clauses"]) for p in data["policies"])
    assert clause_versions(_data()) == versions  # the same data, the same versions


def test_a_changed_clause_moves_its_own_version_only():
    data = _data()
    before = clause_versions(data)
    policy = data["policies"][0]
    clause = policy["clauses"][0]
    clause["text"] = {**clause["text"], "zh": clause["text"]["zh"] + "（修订）"}
    after = clause_versions(data)
    moved = sorted(k for k in before if before[k] != after[k])
    assert moved == [f"{policy['id']}/{clause['id']}"]


def test_a_document_extended_moves_each_of_its_clauses():
    data = _data()
    before = clause_versions(data)
    policy = next(p for p in data["policies"] if len(p["clauses"]) > 1)
    policy["validity"] = {**policy["validity"], "to": "2099-12-31"}
    after = clause_versions(data)
    moved = {k for k in before if before[k] != after[k]}
    assert moved == {f"{policy['id']}/{c['id']}" for c in policy["clauses"]}


def test_a_new_clause_has_a_version_the_old_data_lacks():
    data = _data()
    before = clause_versions(data)
    policy = data["policies"][0]
    policy["clauses"].append({**copy.deepcopy(policy["clauses"][0]), "id": "new-one"})
    after = clause_versions(data)
    assert set(after) - set(before) == {f"{policy['id']}/new-one"}
