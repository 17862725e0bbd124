"""Policy documents and a git repository made for the history tests (a helper, not a test module).

``DEMO`` is a small measures document; ``raised`` makes a new version of it whose changes are known;
the ``repo`` fixture commits a history of five versions. The fixtures are re-exported by the test
modules that use them.
"""

from __future__ import annotations

import copy
import os
import subprocess
from pathlib import Path

import pytest
import yaml

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
