"""``mkdocs build`` validates the policy data first and fails with the validator's messages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]


def _build(cwd: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [*MKDOCS, "--site-dir", str(site)], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_build_succeeds_on_valid_data(tmp_path):
    run = _build(ROOT, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_build_fails_with_the_validator_messages(tmp_path):
    copy = tmp_path / "repo"
    copy.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    for name in ("content", "policies"):
        shutil.copytree(ROOT / name, copy / name)
    doc = copy / "policies/documents/xiamen-ai-2023.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("{fact: compute_spend}", "{fact: gpu_spend}", 1))
    run = _build(copy, tmp_path / "site")
    assert run.returncode != 0
    assert (
        "policies/documents/xiamen-ai-2023.yaml:" in run.stderr and "unknown fact `gpu_spend`" in run.stderr
    )
    assert not (tmp_path / "site" / "index.html").exists()
