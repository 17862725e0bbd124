"""Policy documents from git: a revision, the working tree, and the history of changes."""

from __future__ import annotations

import yaml
from conftest import ROOT
from history_demo import DEMO, commit, demo, git, git_env, raised, repo, write

from policy_explorer.history.diff import diff_documents
from policy_explorer.history.gitlog import history, load_documents

__all__ = ["git_env", "repo"]  # fixtures


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


def test_history_by_day_lists_a_day_once_with_its_net_change(repo):
    """Issue 29: the changes page had ten identical "2026-11-30" headings and a document listed
    under each: by day, two edits of one day (rate 40% → 50%, then → 60%) are one revision, the
    document once, and the rate moved as the reader sees it, 40% → 60%."""
    root, _ = repo
    doc = raised(demo())
    for rate, subject in (("50%", "Rate to 50%"), ("60%", "Rate to 60%")):
        doc["clauses"][0]["benefit"]["amount"]["of"]["rate"] = rate
        write(root, "demo-2024.yaml", yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
        commit(root, subject, 6)
    days = history(root, by_day=True)
    assert [r.date[:10] for r in days] == ["2025-01-06", "2025-01-04", "2025-01-03", "2025-01-01"]
    [change] = days[0].changes
    assert change.policy == "demo-2024"
    assert change.clauses[0].details == [{"zh": "比例 40% → 60%", "en": "rate 40% → 60%"}]
    assert len(history(root)) == 5  # by commit, as the feed and the history command list them


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
    assert set(docs) == {p.stem for p in (ROOT / "policies" / "documents").glob("*.yaml")}
    assert all(isinstance(d["validity"].get("from", ""), str) for d in docs.values())
    assert diff_documents(docs, docs) == []
