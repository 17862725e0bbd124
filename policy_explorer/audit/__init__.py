"""Quality gates on a built site, each a function that returns a :class:`Gate`.

``python -m policy_explorer.audit`` (``./dev audit``) builds the site, runs every gate and prints a
short report; the test suite runs the same gates on its own build. Each module is one tool:
``links`` (internal links and anchors, and no resource from another host), ``csp`` (every page's
policy), ``vnu`` (the Nu HTML Checker), ``axe`` (axe-core in Chromium), ``lighthouse`` (against a
vanilla MkDocs Material page measured in the same run) and ``repro`` (two builds, byte for byte).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
NODE_MODULES = ROOT / "tools" / "node" / "node_modules"


def sample_policy(root: Path = ROOT) -> str:
    """The policy whose page the browser gates load: the first of the calculator example's place.

    Read from the site's own files (its example profile and compiled data), so no gate names a
    document and a site whose example is elsewhere audits its own page.
    """
    import yaml

    profile = yaml.safe_load((root / "site_templates" / "example_profile.yaml").read_text(encoding="utf-8"))
    compiled = json.loads(
        (root / "policy_explorer" / "calculator" / "_data" / "policies.json").read_text(encoding="utf-8")
    )
    ids = sorted(p["id"] for p in compiled["policies"] if p["jurisdiction"] == profile["jurisdiction"])
    if not ids:
        raise RuntimeError(f"no policy of {profile['jurisdiction']} (site_templates/example_profile.yaml)")
    return ids[0]


def package_version(name: str) -> str:
    """The version of a pinned npm tool in ``tools/node`` (for the report)."""
    return json.loads((NODE_MODULES / name / "package.json").read_text(encoding="utf-8"))["version"]


@dataclass
class Gate:
    """One check's outcome: a one-line summary for the report and the findings that failed it."""

    name: str
    summary: str
    problems: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)  # optional rows for the report (first = header)

    @property
    def ok(self) -> bool:
        return not self.problems


# Each edition's folder in the built site (mkdocs.yml's `languages`); the root edition has none.
EDITIONS = {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}
_SUB_FOLDERS = {prefix.strip("/") for prefix in EDITIONS.values() if prefix}


def html_pages(site: Path, lang: str | None = None) -> list[Path]:
    """Every HTML page of one edition (``zh``: the root, other editions' folders left out), or of all.

    Files under an ``assets/`` folder are not pages (the calculator's fields file is fetched, never
    opened), so they are left out.
    """
    pages = sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)
    if lang is None:
        return pages
    folder = EDITIONS[lang].strip("/")
    if folder:
        return [p for p in pages if p.relative_to(site).parts[0] == folder]
    return [p for p in pages if p.relative_to(site).parts[0] not in _SUB_FOLDERS]


def page_type(site: Path, page: Path) -> str:
    """The kind of page a file is (``policy``, ``clause``, ``comparison``…), the same in every edition."""
    parts = list(page.relative_to(site).parts)
    if parts[0] in _SUB_FOLDERS:
        parts = parts[1:]
    parts = parts[:-1] if parts[-1] == "index.html" else parts
    if not parts:
        return "home"
    if parts == ["404.html"]:
        return "404"
    head = parts[0]
    if head == "policies":
        return {1: "policy index", 2: "policy"}.get(len(parts), "clause")
    if head == "jurisdictions":
        return "jurisdiction index" if len(parts) == 1 else "jurisdiction"
    if head == "compare":
        return "comparison index" if len(parts) == 1 else "comparison"
    return head
