"""Running a Node.js tool: its output, the one line that says why it failed, a stop after its time."""

from __future__ import annotations

import pytest

from policy_explorer.node import NodeTimeout, run_node


def _script(tmp_path, body: str):
    script = tmp_path / "tool.mjs"
    script.write_text(body, encoding="utf-8")
    return script


def test_a_tool_that_succeeds_gives_its_output(tmp_path):
    script = _script(tmp_path, "console.log(JSON.stringify(process.argv.slice(2)));\n")
    run = run_node(script, ["a", "b c"], tmp_path, 60)
    assert (run.returncode, run.stdout.strip()) == (0, '["a","b c"]')


def test_a_tool_that_fails_says_why_in_its_last_line(tmp_path):
    script = _script(
        tmp_path, 'console.error("warming up");\nconsole.error("the snapshot failed");\nprocess.exit(1);\n'
    )
    run = run_node(script, [], tmp_path, 60)
    assert (run.returncode, run.reason) == (1, "the snapshot failed")
    silent = run_node(_script(tmp_path, "process.exit(3);\n"), [], tmp_path, 60)
    assert (silent.returncode, silent.reason) == (3, "no output")


def test_a_tool_that_spins_is_stopped(tmp_path):
    script = _script(tmp_path, "for (;;) {}\n")
    with pytest.raises(NodeTimeout, match=r"tool\.mjs did not finish in 1 s"):
        run_node(script, [], tmp_path, 1)
