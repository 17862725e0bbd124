"""The same commit built twice gives the same bytes, except what the build date changes.

Both builds use one build date (``POLICY_EXPLORER_BUILD_DATE``): the date decides statuses ("in
force", "expired"), the feed's time stamps and "expires within 180 days", which is their purpose.
The calculator's start-up snapshot is the one input not made afresh: a Pyodide memory snapshot is
not byte-for-byte repeatable, so it is cached in ``.cache/runtime/`` by the hash of its inputs, and
a second build (here, or in CI with that folder cached) reuses it.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import subprocess
import sys
from pathlib import Path

from . import ROOT, Gate


def pinned_dates(build_date: str) -> dict[str, str]:
    """The environment that fixes every date a build writes to ``build_date``: the plugin's (the day
    the site is built for) and MkDocs' own (``SOURCE_DATE_EPOCH``: the sitemap's dates and its .gz
    header), so two builds for one date are byte-identical even on either side of midnight."""
    epoch = dt.datetime.fromisoformat(build_date).replace(tzinfo=dt.UTC).timestamp()
    return {"POLICY_EXPLORER_BUILD_DATE": build_date, "SOURCE_DATE_EPOCH": str(int(epoch))}


def build(site: Path, build_date: str, root: Path = ROOT) -> None:
    """``mkdocs build --strict`` of the checkout at ``root`` (this one) into ``site`` for ``build_date``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **pinned_dates(build_date)}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        check=False,
    )
    if run.returncode:
        raise RuntimeError(f"mkdocs build failed:\n{run.stderr.strip()[-2000:]}")


def differences(a: Path, b: Path) -> list[str]:
    """Files present in only one tree, or with different bytes (paths relative to the trees)."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    only = [f"{p}: only in the first build" for p in sorted(files_a - files_b)]
    only += [f"{p}: only in the second build" for p in sorted(files_b - files_a)]
    changed = [
        f"{p}: bytes differ"
        for p in sorted(files_a & files_b)
        if not filecmp.cmp(a / p, b / p, shallow=False)
    ]
    return only + changed


def check_reproducible(site: Path, again: Path, build_date: str) -> Gate:
    """Build once more into ``again`` and compare it with ``site``, byte for byte."""
    build(again, build_date)
    files = sum(1 for p in site.rglob("*") if p.is_file())
    problems = differences(site, again)
    return Gate(
        "reproducible", f"second build for {build_date}: {files} files compared byte for byte", problems
    )
