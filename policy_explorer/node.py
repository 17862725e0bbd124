"""Running one of the build's Node.js tools (``tools/node/*.mjs``): its output, or why it stopped.

The tools print one JSON result on stdout and, when they fail, one line on stderr saying why; a
tool that does not finish in its time is stopped (a broken Pyodide heap can spin for ever).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


class NodeTimeout(Exception):
    """The tool did not finish in its time (it was stopped)."""


@dataclass(frozen=True)
class NodeRun:
    """What a tool did: its exit code, its standard output and the last line it wrote on stderr."""

    returncode: int
    stdout: str
    reason: str  # the last line on stderr ("no output" when there is none)


def run_node(script: Path, args: list[str], cwd: Path, timeout_s: int) -> NodeRun:
    """Run ``node script args…`` in ``cwd`` (where ``pyodide`` resolves); NodeTimeout after ``timeout_s``."""
    try:
        proc = subprocess.run(
            ["node", str(script), *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=cwd,
            timeout=timeout_s,
        )
    except subprocess.TimeoutExpired:
        raise NodeTimeout(f"{script.name} did not finish in {timeout_s} s") from None
    reason = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return NodeRun(proc.returncode, proc.stdout, reason)
