"""``python -m policy_explorer.audit``: build the site, run every quality gate, print a short report.

Exit status 0 when every gate holds, 1 when one fails (its findings are listed), 2 when a tool could
not run (the message says what to install). ``--report FILE`` also writes the report as Markdown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import Gate
from .axe import check_accessibility
from .browser import chromium, serve
from .csp import check_csp
from .lighthouse import check_lighthouse
from .links import check_hosts, check_links
from .repro import build, check_reproducible
from .vnu import check_html

MAX_LISTED = 15


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"`{text}` is not a whole number of runs of at least 1")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m policy_explorer.audit", description=__doc__.splitlines()[0])
    p.add_argument(
        "--site", type=Path, help="audit this built site instead of building one (skips the rebuild)"
    )
    p.add_argument("--report", type=Path, help="also write the report to this Markdown file")
    p.add_argument(
        "--lighthouse-runs",
        type=_at_least_one,
        default=3,
        help="Lighthouse runs per page (median; default 3)",
    )
    return p


def report(gates: list[tuple[Gate, float]]) -> str:
    """The report: one line per gate, its table if any, then what failed."""
    lines = ["# Quality gates", "", "| gate | result | | time |", "|---|---|---|---|"]
    lines += [f"| {g.name} | {'pass' if g.ok else 'FAIL'} | {g.summary} | {t:.0f} s |" for g, t in gates]
    for gate, _ in gates:
        if gate.table:
            lines += ["", f"## {gate.name}", "", "| " + " | ".join(gate.table[0]) + " |"]
            lines += ["|" + "---|" * len(gate.table[0])] + [
                "| " + " | ".join(r) + " |" for r in gate.table[1:]
            ]
    for gate, _ in gates:
        if gate.problems:
            lines += ["", f"## {gate.name}: {len(gate.problems)} finding(s)", ""]
            lines += [f"- {p}" for p in gate.problems[:MAX_LISTED]]
            if len(gate.problems) > MAX_LISTED:
                lines.append(f"- … and {len(gate.problems) - MAX_LISTED} more")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    build_date = os.environ.get("POLICY_EXPLORER_BUILD_DATE") or dt.date.today().isoformat()
    results: list[tuple[Gate, float]] = []

    def run(gate: Callable[[], Gate]) -> None:
        start = time.monotonic()
        result = gate()
        results.append((result, time.monotonic() - start))
        print(f"{'pass' if result.ok else 'FAIL'}  {result.name}: {result.summary}", file=sys.stderr)

    try:
        with tempfile.TemporaryDirectory(prefix="policy-explorer-audit-") as tmp:
            site = args.site
            if site is None:
                site = Path(tmp) / "site"
                build(site, build_date)
            elif not (site / "index.html").is_file():
                print(f"error: {site} is not a built site (no index.html): run ./dev build", file=sys.stderr)
                return 2
            run(lambda: check_links(site))
            run(lambda: check_hosts(site))
            run(lambda: check_csp(site))
            run(lambda: check_html(site))
            with serve(site) as url:
                with chromium() as browser:
                    run(lambda: check_accessibility(browser, url))
                run(lambda: check_lighthouse(url, args.lighthouse_runs))
            if args.site is None:
                run(lambda: check_reproducible(site, Path(tmp) / "again", build_date))
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = report(results)
    print(text)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    return 0 if all(g.ok for g, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
