"""Benchmark: a maintainer's loop under ``./dev serve``: save one policy file, see its page change.

Reports figures; asserts nothing (a missed goal never makes it exit non-zero; a server that does not
start or a change that never shows does). In a temporary copy of the project (its configs, content,
templates and ``policies/``, ``tools/`` linked, a git repository as a checkout is) it starts
``mkdocs serve --dirty`` as ``./dev serve`` does and measures:

- **first build**: from starting the server to the first policy's page answering;
- **change visible**: from saving that policy's YAML with a marker in its Chinese title to the page
  the server sends showing it (polled every 0.1 s) — what a maintainer waits for after each edit.
  ``--edits N`` saves N times (a new marker each); the median counts. Goal: under 5 s.

``--smoke`` checks that the benchmark still runs: one edit.

    .venv/bin/python benchmarks/serve_loop.py [--edits N] [--smoke]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 5.0
START_TIMEOUT_S = 900.0  # the first build of every edition on a busy 2-CPU machine
CHANGE_TIMEOUT_S = 300.0
SERVE_ARGS = ("--dirty",)  # as ./dev serve runs it
TITLE = re.compile(r"^title:\n  zh: (.*)$", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def project_copy(dest: Path) -> Path:
    """The project's sources in ``dest``, committed (the changes page reads the history)."""
    dest.mkdir(parents=True)
    for config in ROOT.glob("mkdocs*.yml"):
        shutil.copy(config, dest / config.name)
    for name in ("content", "site_templates", "policies"):
        shutil.copytree(ROOT / name, dest / name)
    (dest / "tools").symlink_to(ROOT / "tools", target_is_directory=True)
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org"}
    env |= {"GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "policies"]):
        subprocess.run(["git", *args], cwd=dest, env=env, check=True, capture_output=True)
    return dest


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(
    url: str, server: subprocess.Popen, log: Path, timeout: float, marker: str | None = None
) -> float:
    """Seconds until ``url`` answers (holding ``marker``, if given); exits if the server stops."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if server.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
            sys.exit(f"error: mkdocs serve stopped ({server.returncode}):\n{tail}")
        text = fetch(url)
        if text is not None and (marker is None or marker in text):
            return time.perf_counter() - t0
        time.sleep(0.1)
    what = f"showing {marker!r}" if marker else "answering"
    sys.exit(f"error: {url} was not {what} after {timeout:.0f} s")


def cpu_seconds(pid: int) -> float | None:
    """The process's CPU time so far, user + system (Linux ``/proc``; None elsewhere): on a busy
    machine the wall time stretches with the load, the CPU time hardly does."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=3, help="saves of the policy file; the median counts")
    parser.add_argument("--smoke", action="store_true", help="check that the benchmark runs (one edit)")
    args = parser.parse_args()
    if args.smoke:
        args.edits = 1
    if args.edits < 1:
        parser.error("--edits must be at least 1")
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as name:
        project = project_copy(Path(name) / "project")
        document = sorted((project / "policies" / "documents").glob("*.yaml"))[0]
        text = document.read_text(encoding="utf-8")
        title = TITLE.search(text)
        if title is None:
            sys.exit(f"error: {document.name} has no `title:` with a `zh:` line first: pick another document")
        port = free_port()
        url = f"http://127.0.0.1:{port}/policies/{document.stem}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        log = Path(name) / "serve.log"  # a file, not a pipe nobody reads while the server logs
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *SERVE_ARGS, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
            start_new_session=True,
        )
        try:
            first = wait_for(url, server, log, START_TIMEOUT_S)
            changes: list[float] = []
            cpu: list[float] = []
            for k in range(1, args.edits + 1):
                marker = f"BENCH{k}{os.getpid()}"
                start, end = title.span(1)
                edited = text[:start] + title.group(1) + marker + text[end:]
                time.sleep(1.0)  # the server settles (its watcher, the browser's reload) as between edits
                before = cpu_seconds(server.pid)
                document.write_text(edited, encoding="utf-8")
                changes.append(wait_for(url, server, log, CHANGE_TIMEOUT_S, marker))
                after = cpu_seconds(server.pid)
                if before is not None and after is not None:
                    cpu.append(after - before)
            built = re.findall(r"Documentation built in ([\d.]+) seconds", log.read_text(encoding="utf-8"))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    median = statistics.median(changes)
    verdict = "met" if median < GOAL_S else "NOT met"
    print(f"serve loop (mkdocs serve, {os.cpu_count()} CPUs; page policies/{document.stem}/)")
    print(f"  first build: {first:.1f} s")
    print(
        f"  change visible after saving the policy file: median {median:.1f} s over {len(changes)} edit(s) "
        f"(each: {', '.join(f'{c:.1f}' for c in changes)} s); goal < {GOAL_S:.0f} s: {verdict}"
    )
    if cpu:
        print(
            f"  server CPU time per change: median {statistics.median(cpu):.1f} s "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
    if len(built) > 1:  # MkDocs' own figure for each rebuild (without the watcher's delay and the reload)
        print(f"  mkdocs' own rebuild times: {', '.join(f'{float(b):.1f}' for b in built[1:])} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
