"""The JavaScript checks ./dev test runs: the worker's messages are typed once (protocol.mjs), and tsc
holds both sides to them, so a field sent in one shape and read in another fails the tests."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import ROOT

TOOLS = ROOT / "tools" / "node"
TSC = TOOLS / "node_modules" / ".bin" / "tsc"
SCRIPTS = ROOT / "policy_explorer" / "defaults" / "assets" / "calculator"

pytestmark = pytest.mark.skipif(not TSC.exists(), reason="TypeScript is not installed (./dev setup)")


def _tsc(tmp_path, project: str, worker_change: tuple[str, str] | None = None) -> subprocess.CompletedProcess:
    """tsc with ``project``'s options over a copy of the calculator's modules, one line changed."""
    copy = tmp_path / "calculator"
    shutil.copytree(SCRIPTS, copy)
    if worker_change:
        text = (copy / "worker.mjs").read_text(encoding="utf-8")
        assert text.count(worker_change[0]) == 1, worker_change[0]
        (copy / "worker.mjs").write_text(text.replace(*worker_change), encoding="utf-8")
    files = json.loads((TOOLS / project).read_text(encoding="utf-8"))["files"]
    config = {
        "extends": str(TOOLS / project),
        "files": [str(copy / name.rsplit("/", 1)[1]) for name in files],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    return subprocess.run(
        [str(TSC), "-p", str(tmp_path / "tsconfig.json")], capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("project", ["tsconfig.page.json", "tsconfig.worker.json"])
def test_the_calculators_modules_type_check(tmp_path, project):
    run = _tsc(tmp_path, project)
    assert run.returncode == 0, run.stdout + run.stderr


def test_an_answer_sent_in_another_shape_than_the_protocol_says_is_an_error(tmp_path):
    # protocol.mjs: AnswerMessage {type: "answer", id: number, answer, ms}; the worker sends the id
    # as text here, which the page's `message.id >= shown` would compare as a string.
    sent = 'tell({ type: "answer", id: message.id, answer, ms: performance.now() - t0 });'
    run = _tsc(
        tmp_path, "tsconfig.worker.json", (sent, sent.replace("id: message.id", "id: String(message.id)"))
    )
    assert run.returncode != 0
    assert "worker.mjs" in run.stdout and "not assignable to type 'number'" in run.stdout, run.stdout
