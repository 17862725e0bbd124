"""Policy diffs between git revisions, the change history and the ``diff`` command."""

from __future__ import annotations

import copy
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from policy_explorer.history import (
    ClauseChange,
    PolicyChange,
    diff_documents,
    diff_markdown,
    history,
    load_documents,
    main,
)
from policy_explorer.yamlload import load_text

DEMO = """\
id: demo-2024
title: {zh: 示例措施, en: Demo measures}
jurisdiction: shenzhen
kind: measures
validity:
  from: 2024-12-18
  years: 2
clauses:
  - id: "1"
    title: {zh: 算力补贴, en: Compute subsidy}
    category: compute_voucher
    text: {zh: 按合同金额30%资助，最高200万元。, en: "30% of the contract, up to CNY 2M."}
    benefit:
      kind: formula
      summary: {zh: 30%，最高200万元, en: "30%, up to CNY 2M"}
      amount:
        cap: [{max: "200万", per: enterprise}]
        of: {rate: "30%", of: {fact: compute_spend}}
"""

OTHER = """\
id: other-2023
title: {zh: 另一政策, en: Another policy}
jurisdiction: xiamen
kind: measures
validity: {from: 2023-01-01, to: 2025-12-31}
clauses: []
"""

NEW_CLAUSE = {
    "id": "2",
    "title": {"zh": "模型奖励", "en": "Model award"},
    "category": "model_filing",
    "text": {"zh": "给予10万元奖励。", "en": "An award of CNY 100,000."},
    "benefit": {
        "kind": "fixed",
        "summary": {"zh": "奖励10万元", "en": "CNY 100,000 award"},
        "amount": "10万",
    },
}


def load_text_doc(text: str) -> dict:
    return load_text(text, Path("x.yaml")).data


def demo() -> dict:
    return load_text_doc(DEMO)


def raised(doc: dict) -> dict:
    """The demo with the rate 30% → 40%, the cap 200万 → 300万, a third year and a new clause."""
    doc = copy.deepcopy(doc)
    benefit = doc["clauses"][0]["benefit"]
    benefit["amount"]["cap"][0]["max"] = "300万"
    benefit["amount"]["of"]["rate"] = "40%"
    doc["validity"]["years"] = 3
    doc["clauses"].append(NEW_CLAUSE)
    return doc


@pytest.fixture
def git_env(monkeypatch, tmp_path):
    """Run git without the user's configuration, never above ``tmp_path``."""
    for name, value in {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date} if date else None
    run = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True, env=env)
    return run.stdout.strip()


def write(repo: Path, name: str, text: str) -> None:
    path = repo / "policies" / "documents" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(repo: Path, subject: str, day: int) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", subject, date=f"2025-01-0{day}T10:00:00+08:00")
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path, git_env) -> tuple[Path, list[str]]:
    """A repository with five commits; returns it and the commit ids, oldest first.

    1 adds two documents; 2 touches only README.md; 3 raises the demo's rate and cap, adds a year
    and a clause; 4 removes the other document; 5 only reformats the demo's YAML.
    """
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    write(root, "demo-2024.yaml", DEMO)
    write(root, "other-2023.yaml", OTHER)
    commits = [commit(root, "Add two policies", 1)]
    (root / "README.md").write_text("readme\n", encoding="utf-8")
    commits.append(commit(root, "Docs only", 2))
    new_demo = raised(demo())
    write(root, "demo-2024.yaml", yaml.safe_dump(new_demo, allow_unicode=True, sort_keys=False))
    commits.append(commit(root, "Raise the demo's rate and cap", 3))
    (root / "policies" / "documents" / "other-2023.yaml").unlink()
    commits.append(commit(root, "Remove the other policy", 4))
    write(root, "demo-2024.yaml", yaml.safe_dump(new_demo, allow_unicode=True, default_flow_style=True))
    commits.append(commit(root, "Reformat the demo", 5))
    return root, commits


# --- diff_documents -------------------------------------------------------------------------------


def test_rate_cap_validity_and_new_clause_worked_out_by_hand():
    old = demo()
    [change] = diff_documents({"demo-2024": old}, {"demo-2024": raised(old)})
    assert (change.policy, change.kind, change.jurisdiction) == ("demo-2024", "changed", "shenzhen")
    assert change.details == [
        {
            "zh": "有效期 2024-12-18–2026-12-17 → 2024-12-18–2027-12-17",
            "en": "validity 2024-12-18–2026-12-17 → 2024-12-18–2027-12-17",
        }
    ]
    assert change.clauses == [
        ClauseChange(
            "1",
            "changed",
            {"zh": "算力补贴", "en": "Compute subsidy"},
            [
                {"zh": "比例 30% → 40%", "en": "rate 30% → 40%"},
                {"zh": "上限 200万元 → 300万元", "en": "cap CNY 2,000,000 → CNY 3,000,000"},
            ],
        ),
        ClauseChange("2", "added", NEW_CLAUSE["title"], [NEW_CLAUSE["benefit"]["summary"]]),
    ]


def test_texts_category_responsible_and_amounts():
    old = demo()
    new = copy.deepcopy(old)
    clause = new["clauses"][0]
    clause["text"]["zh"] += "另行规定。"
    clause["category"] = "compute_subsidy"
    clause["responsible"] = [{"zh": "市科技创新局", "en": "Science Bureau"}]
    clause["benefit"]["amount"] = {"sum": [clause["benefit"]["amount"], {"per": "5万", "units": 2}]}
    [change] = diff_documents({"d": old}, {"d": new})
    assert [d["en"] for d in change.clauses[0].details] == [
        "category compute_voucher → compute_subsidy",
        "original text changed",
        "responsible none → Science Bureau",
        "amount none → CNY 50,000",
    ]
    assert change.clauses[0].details[0]["zh"] == "类别 compute_voucher → compute_subsidy"


def test_other_fields_are_named_in_readers_words():
    """The changes page and the feed are for readers: no internal field names such as `provenance`."""
    old = demo()
    new = copy.deepcopy(old)
    new["provenance"] = [{"zh": "来源已核对", "en": "source checked"}]
    new["clauses"][0]["benefit"]["verify"] = [{"zh": "待核实", "en": "to verify"}]
    new["unheard_of"] = 1
    [change] = diff_documents({"d": old}, {"d": new})
    assert change.details == [
        {"zh": "已修改：来源说明、unheard_of", "en": "changed: notes on the source, unheard_of"}
    ]
    assert change.clauses[0].details == [{"zh": "已修改：待核实事项", "en": "changed: points to verify"}]


def test_same_figures_in_another_spelling_are_no_change_but_other_formulas_are():
    old = demo()
    new = copy.deepcopy(old)
    new["clauses"][0]["benefit"]["amount"]["cap"][0]["max"] = 2_000_000  # "200万" written as yuan
    assert diff_documents({"d": old}, {"d": new}) == []
    new["clauses"][0]["benefit"]["amount"]["of"]["of"] = {"fact": "rent_spend"}
    [change] = diff_documents({"d": old}, {"d": new})
    assert change.clauses[0].details == [{"zh": "计算公式已修改", "en": "formula changed"}]


def test_validity_to_draft_and_explicit_end():
    old = demo()
    new = copy.deepcopy(old)
    new["validity"] = {"draft": True, "years": 3}
    [change] = diff_documents({"d": old}, {"d": new})
    assert change.details == [
        {
            "zh": "有效期 2024-12-18–2026-12-17 → 草案，3年",
            "en": "validity 2024-12-18–2026-12-17 → draft, 3 years",
        }
    ]
    new["validity"] = {"from": "2024-12-18", "to": "2026-12-17"}  # the same term, spelled out
    assert diff_documents({"d": old}, {"d": new}) == []


def test_validity_without_dates_is_worded_never_dated():
    # "本办法自2024年12月18日起施行，长期有效" and "自公布之日起30日后施行" with no publication date.
    old = demo()
    new = copy.deepcopy(old)
    new["validity"] = {"from": "2024-12-18", "until": "open_ended"}
    [change] = diff_documents({"d": old}, {"d": new})
    assert change.details[0]["en"] == "validity 2024-12-18–2026-12-17 → 2024-12-18–until further notice"
    new["validity"] = {"after_publication": {"days": 30}, "until": "not_stated"}
    [change] = diff_documents({"d": old}, {"d": new})
    assert change.details[0]["zh"] == "有效期 2024-12-18–2026-12-17 → 公布后30日–未规定"


def test_added_removed_and_unchanged_documents_sorted_by_id():
    other = load_text_doc(OTHER)
    changes = diff_documents({"b": demo(), "z": other}, {"a": other, "b": demo()})
    assert [(c.policy, c.kind) for c in changes] == [("a", "added"), ("z", "removed")]
    assert changes[0].details == [
        {"zh": "有效期 2023-01-01–2025-12-31", "en": "validity 2023-01-01–2025-12-31"},
        {"zh": "共 0 条条款", "en": "0 clauses"},
    ]
    assert changes[1] == PolicyChange("z", "removed", other["title"], "xiamen", [], [])


def test_removed_clause_keeps_its_place():
    old = raised(demo())
    old["clauses"].append({**NEW_CLAUSE, "id": "3"})
    new = copy.deepcopy(old)
    del new["clauses"][1]
    for clause in new["clauses"]:
        clause["title"] = {"zh": "新标题", "en": clause["title"]["en"]}
    [change] = diff_documents({"d": old}, {"d": new})
    assert [(c.clause, c.kind) for c in change.clauses] == [
        ("1", "changed"),
        ("2", "removed"),
        ("3", "changed"),
    ]
    assert change.clauses[0].details == [{"zh": "标题 算力补贴 → 新标题", "en": "title (Chinese) changed"}]


# --- Markdown -------------------------------------------------------------------------------------


def test_markdown_in_both_languages():
    old = demo()
    changes = diff_documents({"d": old, "x": load_text_doc(OTHER)}, {"d": raised(old)})
    zh = diff_markdown(changes, "zh", "v1", "v2")
    en = diff_markdown(changes, "en", "v1", "v2")
    assert zh.splitlines()[:3] == [
        "## 政策数据变更：v1 → v2",
        "",
        "政策：新增 0 项，修改 1 项，删除 1 项。条款：新增 1 条，修改 1 条，删除 0 条。",
    ]
    assert "| 1 | 修改 | 算力补贴 | 比例 30% → 40%<br>上限 200万元 → 300万元 |" in zh
    assert "### 删除：另一政策（x）" in zh
    assert "Policies: 0 added, 1 changed, 1 removed. Clauses: 1 added, 1 changed, 0 removed." in en
    assert "| 1 | Changed | Compute subsidy | rate 30% → 40%<br>cap CNY 2,000,000 → CNY 3,000,000 |" in en
    assert "- validity 2024-12-18–2026-12-17 → 2024-12-18–2027-12-17" in en


def test_markdown_when_nothing_changed():
    assert diff_markdown([], "en", "a", "b").splitlines()[-1] == "No policy changed."
    assert diff_markdown([], "zh", "a", "b").splitlines()[-1] == "政策数据无变化。"


def test_hostile_texts_are_escaped():
    hostile = "<script>alert(1)</script> | *x*"
    old = demo()
    new = copy.deepcopy(old)
    new["title"] = {"zh": hostile, "en": hostile}
    new["clauses"][0]["title"] = {"zh": hostile, "en": hostile}
    md = diff_markdown(diff_documents({"d": old}, {"d": new}), "en", "[a](http://x)", "b")
    assert "<script>" not in md and "*x*" not in md and "[a]" not in md
    escaped = r"&lt;script&gt;alert(1)&lt;/script&gt; \| \*x\*"
    assert f"### Changed: {escaped} (d)" in md
    assert f"| 1 | Changed | {escaped} | title Compute subsidy → {escaped} |" in md


# --- history --------------------------------------------------------------------------------------


def test_history_newest_first_skipping_commits_without_policy_changes(repo):
    root, commits = repo
    revisions = history(root)
    assert [r.commit for r in revisions] == [commits[3], commits[2], commits[0]]
    assert [r.subject for r in revisions] == [
        "Remove the other policy",
        "Raise the demo's rate and cap",
        "Add two policies",
    ]
    assert revisions[0].date == "2025-01-04T10:00:00+08:00"
    assert [(c.policy, c.kind) for c in revisions[0].changes] == [("other-2023", "removed")]
    assert [(c.policy, c.kind) for c in revisions[2].changes] == [
        ("demo-2024", "added"),
        ("other-2023", "added"),
    ]
    [raise_] = revisions[1].changes
    assert raise_.clauses[0].details[0] == {"zh": "比例 30% → 40%", "en": "rate 30% → 40%"}
    assert [r.commit for r in history(root, limit=2)] == [commits[3], commits[2]]


def test_history_outside_git_or_without_git_is_empty(tmp_path, git_env, monkeypatch):
    write(tmp_path, "demo-2024.yaml", DEMO)
    assert history(tmp_path) == []
    monkeypatch.setenv("PATH", "")
    assert history(tmp_path) == []


def test_history_stops_at_a_shallow_boundary(repo, tmp_path):
    root, _ = repo
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{root}", str(clone))
    # Depth 2 holds commits 5 and 4; 4's parent is missing, so nothing can be said about it.
    assert history(clone) == []


def test_load_documents_keeps_dates_as_text(repo):
    root, commits = repo
    assert load_documents(root, commits[0])["demo-2024"]["validity"]["from"] == "2024-12-18"
    assert set(load_documents(root, commits[0])) == {"demo-2024", "other-2023"}
    assert set(load_documents(root, None)) == {"demo-2024"}


def test_real_repository_documents():
    docs = load_documents(ROOT, None)
    assert len(docs) == 11
    assert set(docs) == {p.stem for p in (ROOT / "policies" / "documents").glob("*.yaml")}
    assert all(isinstance(d["validity"].get("from", ""), str) for d in docs.values())
    assert diff_documents(docs, docs) == []


# --- command line ---------------------------------------------------------------------------------


def test_diff_command_against_the_working_tree(repo, capsys):
    root, _ = repo
    write(root, "demo-2024.yaml", DEMO)
    assert main(["diff", "HEAD", "--root", str(root), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Policy data changes: HEAD → working tree\n")
    assert "rate 40% → 30%" in out and "| 2 | Removed | Model award |  |" in out
    assert main(["diff", "HEAD~4", "HEAD~3", "--root", str(root)]) == 0
    assert capsys.readouterr().out.endswith("政策数据无变化。\n")


def test_bad_revision_is_one_line_and_exit_2(repo, capsys):
    root, _ = repo
    assert main(["diff", "no-such-rev", "--root", str(root)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: unknown git revision `no-such-rev`: ")
    assert captured.err.count("\n") == 1


def test_outside_a_git_checkout_is_one_line_and_exit_2(tmp_path, git_env, capsys):
    write(tmp_path, "demo-2024.yaml", DEMO)
    assert main(["diff", "HEAD", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path} is not a git checkout") and err.count("\n") == 1


def test_without_git_is_one_line_and_exit_2(repo, monkeypatch, capsys):
    root, _ = repo
    monkeypatch.setenv("PATH", "")
    assert main(["diff", "HEAD", "--root", str(root)]) == 2
    assert capsys.readouterr().err == "error: git is not installed (no `git` on PATH)\n"
