"""The Nu HTML Checker (npm ``vnu-jar``, run with Java) on every page of the built site."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from . import NODE_MODULES, Gate, html_pages, page_type

JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(paths: list[Path]) -> list[dict]:
    """The checker's messages (``type``, ``url``, ``lastLine``, ``message``) for these files or folders."""
    if shutil.which("java") is None:
        raise RuntimeError("the Nu HTML Checker needs Java: apt-get install -y default-jre-headless")
    if not JAR.is_file():
        raise RuntimeError(f"{JAR} is missing: run ./dev setup (npm ci in tools/node)")
    run = subprocess.run(
        ["java", "-Xss4m", "-jar", str(JAR), "--format", "json", "--skip-non-html", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(run.stderr)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"the Nu HTML Checker failed: {run.stderr.strip()[:500]}") from None


def check_html(site: Path) -> Gate:
    """No error on any page; errors and warnings counted per page type."""
    pages = html_pages(site)
    messages = run_vnu([site])
    types = Counter(page_type(site, p) for p in pages)
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    problems = []
    for m in messages:
        path = Path(m.get("url", "").removeprefix("file:"))
        kind = page_type(site, path) if path.is_relative_to(site) else "?"
        if m["type"] == "error" or m.get("subType") == "fatal":
            errors[kind] += 1
            problems.append(
                f"{path.relative_to(site) if kind != '?' else path}:{m.get('lastLine', '?')}: {m['message']}"
            )
        else:
            warnings[kind] += 1
    table = [["page type", "pages", "errors", "warnings"]]
    table += [[t, str(n), str(errors[t]), str(warnings[t])] for t, n in sorted(types.items())]
    summary = f"{len(pages)} pages, {len(types)} types: {errors.total()} errors, {warnings.total()} warnings"
    return Gate("html", summary, problems, table)
