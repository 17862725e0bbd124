"""Lighthouse (npm) on a policy page and the calculator page, against a vanilla MkDocs Material page.

The vanilla page is built in the same run by ``mkdocs build`` from a two-line configuration
(``theme: material``, nothing else) and a page of ordinary content, and served and measured the same
way: Lighthouse's defaults (mobile, simulated throttling), each page ``runs`` times, the median score
per category. The gate holds when each of our pages scores at least as high as the vanilla page in
every category; the report lists both, and any audit that cost our pages points.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from . import NODE_MODULES, Gate, package_version
from .axe import POLICY
from .browser import ARGS, CHROMIUM, serve

CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {"policy": f"policies/{POLICY}/", "calculator": "calculator/"}

VANILLA_PAGE = """# Compute vouchers

A page of ordinary documentation content, as a site built with MkDocs Material and no configuration
would show it: headings, paragraphs, a list and a table.

## Who can apply

Companies registered in the district that rent computing power from a listed provider.

- Spending on model training
- Spending on inference

## Rates

| Spending | Rate | Cap |
|---|---|---|
| Domestic compute | 60% | 5,000,000 |
| Other compute | 30% | 5,000,000 |
"""


def vanilla_site(folder: Path) -> Path:
    """Build the vanilla MkDocs Material site into ``folder/site``."""
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "docs" / "index.md").write_text(VANILLA_PAGE, encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: Vanilla\ntheme:\n  name: material\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(folder / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    if run.returncode:
        raise RuntimeError(f"the vanilla Material site did not build: {run.stderr.strip()[-500:]}")
    return folder / "site"


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run: the JSON report (``categories``, ``audits``)."""
    if not CLI.is_file():
        raise RuntimeError(f"{CLI} is missing: run ./dev setup (npm ci in tools/node)")
    run = subprocess.run(
        [
            "node",
            str(CLI),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(ARGS)}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
        check=False,
    )
    if run.returncode or not out.is_file():
        raise RuntimeError(f"Lighthouse failed on {url}: {run.stderr.strip()[-500:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def _scores(reports: list[dict]) -> dict[str, float]:
    return {c: statistics.median(r["categories"][c]["score"] or 0 for r in reports) for c in CATEGORIES}


def _lost_points(report: dict) -> list[str]:
    """The weighted audits (outside performance) that did not pass in this report."""
    lost = []
    for c in CATEGORIES[1:]:
        for ref in report["categories"][c]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{c}: {ref['id']} ({audit['title']})")
    return lost


def check_lighthouse(site_url: str, runs: int = 3) -> Gate:
    """Median scores of :data:`PAGES` (both editions' root: the Chinese one) against the vanilla page."""
    version = package_version("lighthouse")
    with (
        tempfile.TemporaryDirectory(prefix="vanilla-material-") as tmp,
        serve(vanilla_site(Path(tmp))) as vanilla_url,
    ):
        urls = {"vanilla Material": vanilla_url, **{name: site_url + path for name, path in PAGES.items()}}
        reports = {
            name: [lighthouse(url, Path(tmp) / f"{name}-{i}.json") for i in range(runs)]
            for name, url in urls.items()
        }
    scores = {name: _scores(r) for name, r in reports.items()}
    table = [["page", *CATEGORIES]] + [
        [name, *(f"{s[c] * 100:.0f}" for c in CATEGORIES)] for name, s in scores.items()
    ]
    base = scores["vanilla Material"]
    problems = [
        f"{name}: {c} {s[c] * 100:.0f} < vanilla {base[c] * 100:.0f}"
        for name, s in scores.items()
        for c in CATEGORIES
        if s[c] < base[c]
    ]
    notes = sorted({lost for name in PAGES for r in reports[name] for lost in _lost_points(r)})
    summary = f"Lighthouse {version}, median of {runs} runs per page" + (
        f"; points lost: {'; '.join(notes)}" if notes else ""
    )
    return Gate("lighthouse", summary, problems, table)
