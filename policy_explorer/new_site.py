"""``policy-explorer new DIR``: scaffold a site that builds with the installed package alone.

The files come from ``policy_explorer/scaffold/`` (package data): ``mkdocs.yml`` for each edition, a
``policies/`` tree with the vocabularies and one fictional example policy (its source text and worked
examples), ``content/`` pages, ``site_templates/`` with the calculator's example profile, and a CI
workflow, a README saying what to edit in which order, and the package's guides (``docs/``: the data
format, AUTHORING.md, the source language and currency, SITE_SETTINGS.md, the templates' context,
TEMPLATES.md, and the plugin's options, PLUGIN.md). Names that packaging tools drop (``.github``,
``.gitignore``) are stored without their dot.
The JSON Schemas for editors are written by :mod:`policy_explorer.schema`, never copied, so they
always match the validator that is installed.
"""

from __future__ import annotations

import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .schema import write_schemas

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
DOCS = Path(__file__).resolve().parent / "docs"
# The guides shipped in the package, copied where a site's author works: {package doc: site path}.
GUIDES = {
    "AUTHORING.md": "policies/AUTHORING.md",
    "SITE_SETTINGS.md": "policies/SITE_SETTINGS.md",
    "TEMPLATES.md": "site_templates/TEMPLATES.md",
    "PLUGIN.md": "PLUGIN.md",  # the plugin's options, beside the mkdocs.yml that sets them
}
DOTTED = {"github": ".github", "gitignore": ".gitignore"}
DISTRIBUTION = "ai-policy-explorer"


# Above the pinned generator in requirements.txt: how to install it when no index you use has it.
REQUIREMENTS_NOTE = """\
# The generator. Not on a package index you use? Replace the last line with a wheel file (its path
# relative to this folder, committed) or a git URL (README.md, step 1):
#   ./wheels/ai_policy_explorer-<version>-py3-none-any.whl[site]
#   ai-policy-explorer[site] @ git+https://github.com/OWNER/REPO@v<version>
"""


class NewSiteError(Exception):
    """The site cannot be created where asked (one message saying what to do)."""


def requirement() -> str:
    """The pip requirement of the package that made the site, pinned to its version when installed."""
    try:
        return f"{DISTRIBUTION}[site]=={version(DISTRIBUTION)}"
    except PackageNotFoundError:
        return f"{DISTRIBUTION}[site]"


def new_site(target: Path) -> list[Path]:
    """Write a new site into ``target`` (missing or empty) and return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NewSiteError(f"{target} exists and is not an empty folder: give a new folder")
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(SCAFFOLD.iterdir()):
        if entry.name == "__pycache__":
            continue
        dest = target / DOTTED.get(entry.name, entry.name)
        if entry.is_dir():
            shutil.copytree(entry, dest, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(entry, dest)
    for doc, where in GUIDES.items():
        shutil.copyfile(DOCS / doc, target / where)
    (target / "requirements.txt").write_text(REQUIREMENTS_NOTE + requirement() + "\n", encoding="utf-8")
    write_schemas(target / "policies")
    return sorted(p for p in target.rglob("*") if p.is_file())
