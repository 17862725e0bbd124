"""Adding a policy touches that policy's own files: a new city's policy, added to a copy, passes it all.

The fixture in ``tests/fixtures/new_policy/`` is a fictional policy of a fictional city (its own
jurisdictions declared in the document), with its source text, that source's entry and its worked
totals: exactly what README.md and AUTHORING.md tell a maintainer to add. The copy gets nothing
else; then ``validate`` and the data, engine, totals, CLI, generator and site-build tests run on it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "new_policy"
LEFT_OUT = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "site", ".cache", "__pycache__", ".pytest_cache", ".ruff_cache"
)
# The modules that read the data: none may hard-code which documents, places or counts exist.
SUITE = [
    "tests/test_data.py",
    "tests/test_totals.py",
    "tests/test_engine.py",
    "tests/test_cli.py",
    "tests/test_sitegen.py",
    "tests/test_site_build.py",
]


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """This repository's working tree in a fresh git checkout, with the new policy's files added."""
    repo = tmp_path_factory.mktemp("copy") / "repo"
    shutil.copytree(ROOT, repo, ignore=LEFT_OUT, symlinks=True)
    (repo / "tools" / "node" / "node_modules").symlink_to(ROOT / "tools" / "node" / "node_modules")
    policies = repo / "policies"
    for name in ("documents", "sources", "totals"):
        for path in (FIXTURE / name).glob("*.*"):
            shutil.copy(path, policies / name / path.name)
    with (policies / "sources" / "sources.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write((FIXTURE / "sources.yaml").read_text(encoding="utf-8"))
    commit = ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "A new city's policy"]
    for args in (["init", "-q"], ["add", "-A"], commit):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    return repo


def test_the_new_policy_validates_and_computes(copy):
    assert _run(copy, "-m", "policy_explorer", "validate").returncode == 0
    profile = copy / "profile.json"
    profile.write_text('{"jurisdiction": "example-city", "facts": {"compute_spend": 1000000}}')
    run = _run(copy, "-m", "calculator", "estimate", str(profile), "--on", "2026-06-01")
    assert run.returncode == 0, run.stderr
    # 第一条 "按实际算力服务费用的30%给予补贴，单家企业每年最高200万元": 30% × 100万 = 30万;
    # 第三条 "按算力服务合同金额的40%发放算力券": 40% × 100万 = 40万; together 70万.
    assert json.loads(run.stdout)["total_max_cny"] == 700_000


def test_the_new_policy_and_its_places_get_their_pages(copy, tmp_path):
    assert _run(copy, "-m", "policy_explorer", "render", "--out", str(tmp_path / "pages")).returncode == 0
    for lang in ("zh", "en"):
        pages = tmp_path / "pages" / lang
        assert (pages / "policies" / "example-city-ai-2026" / "clause-2.md").is_file()
        assert "example-city-ai-2026" in (pages / "jurisdictions" / "example-city.md").read_text("utf-8")


def test_the_suite_passes_on_the_copy(copy):
    run = _run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUITE)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
