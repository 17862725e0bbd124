"""The golden manifest: the SHA-256 of every file the generator writes, for every edition.

A refactor of the generator must leave every output byte as it was; this renders the three
editions (no browser runtime, no git history, a fixed build date, the generator's own render path
without MkDocs) and compares each file's digest with ``manifest.json`` beside this module. Each
edition's page list, navigation, footer and search words (what the MkDocs plugin hands to the
build) count as one more file, ``<edition>/rendered.json``. The manifest changes only on purpose:
``./dev golden`` (``python -m tests.golden --update``) rewrites it and prints what changed.

It pins the generator on one version of the data: it records that data's fingerprint (``DATA_KEY``),
and where ``policies/`` differs (a maintainer added or removed a policy, or a copy of the project)
the test is skipped, saying so, instead of making a data change touch a file outside the policy's own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import tempfile
from pathlib import Path

from policy_explorer.calculator.data import fingerprint
from policy_explorer.sitegen import EDITIONS, Edition, RuntimeLink, SiteBuild, generate
from policy_explorer.sitegen.outdir import MANIFEST as OUTDIR_MANIFEST

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).resolve().parent / "manifest.json"
# A fixed day: statuses, "ends in N days" and the feeds' dates are worked out for it.
ON = dt.date(2026, 12, 20)
DATA_KEY = "(policies fingerprint)"  # not a file: the data the manifest was rendered from
UPDATE = "./dev golden (or: .venv/bin/python -m tests.golden --update)"


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# What the MkDocs plugin takes from a render besides the files (not the temporary out folder): named,
# so that a field added to ``Rendered`` for the generator's own use does not change the manifest.
RENDERED_FIELDS = (
    "lang",
    "pages",
    "files",
    "nav",
    "search_words",
    "stylesheet",
    "calculator_script",
    "footer",
)


def _rendered_json(rendered) -> bytes:
    fields = {name: getattr(rendered, name) for name in RENDERED_FIELDS}
    fields["pages"] = [dataclasses.asdict(page) for page in fields["pages"]]
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, indent=1).encode()


def render_all(out: Path) -> dict[str, str]:
    """Render every edition into ``out/<edition>``: ``{edition/path: sha256}``, sorted by path."""
    digests: dict[str, str] = {}
    with SiteBuild(ROOT) as build:
        templates = build.templates(ROOT / "site_templates")
        for name in EDITIONS:
            edition = Edition.of(name, templates, runtime=RuntimeLink.none())
            _render(build, edition, out / name, digests)
    return dict(sorted(digests.items()))


def _render(build: SiteBuild, edition: Edition, folder: Path, digests: dict[str, str]) -> None:
    rendered = generate(build, edition, folder, on=ON, use_history=False)
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != OUTDIR_MANIFEST:
            digests[f"{edition.name}/{path.relative_to(folder).as_posix()}"] = _digest(path.read_bytes())
    digests[f"{edition.name}/rendered.json"] = _digest(_rendered_json(rendered))


def data_version() -> str:
    """The fingerprint of the data under ``policies/`` (as the site's footer names it)."""
    return fingerprint(ROOT / "policies")[:12]


def current() -> dict[str, str]:
    """The digests of a fresh render (in a temporary folder, removed after), and the data's version."""
    with tempfile.TemporaryDirectory(prefix="policy-explorer-golden-") as tmp:
        return {DATA_KEY: data_version(), **render_all(Path(tmp))}


def committed() -> dict[str, str]:
    """The manifest as committed ({} when there is none yet)."""
    if not MANIFEST.is_file():
        return {}
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def differences(old: dict[str, str], new: dict[str, str]) -> dict[str, list[str]]:
    """The paths changed, added and removed from ``old`` to ``new`` (each list sorted)."""
    return {
        "changed": sorted(p for p in old.keys() & new.keys() if old[p] != new[p]),
        "added": sorted(new.keys() - old.keys()),
        "removed": sorted(old.keys() - new.keys()),
    }


def report(diff: dict[str, list[str]], limit: int = 40) -> str:
    """The differences as lines, ``changed: zh/index.md``; at most ``limit`` per kind."""
    lines = []
    for kind, paths in diff.items():
        lines += [f"  {kind}: {path}" for path in paths[:limit]]
        if len(paths) > limit:
            lines.append(f"  … and {len(paths) - limit} more {kind}")
    return "\n".join(lines)


def write(digests: dict[str, str]) -> None:
    MANIFEST.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")
