"""Each policy's normalized source text (a page) and YAML (a file), which its policy page links.

A reader checks a clause against the text it was quoted from without leaving the site (and without
a forge, which some readers cannot reach). The text is a page, not a ``.txt`` file, so it is read
as UTF-8 whatever the web server says.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..templates import RenderError
from ..view import SiteView
from . import FileSpec, PageSpec, Site, Spec

ORDER = 0  # first: every other page links these


def published(view: SiteView) -> dict[str, dict[str, str]]:
    """Where each policy's YAML and source text are published: ``{policy id: {file, source}}``."""
    return {
        policy.id: {
            "file": f"sources/{policy.id}.yaml",
            "source": f"sources/{Path(policy.source['seed']).stem}.md",
        }
        for policy in view.policies
    }


def pages(site: Site) -> Iterator[Spec]:
    policies_dir = site.build.policies_dir
    by_seed: dict[str, list[Any]] = {}
    for policy in site.view.policies:
        by_seed.setdefault(policy.source["seed"], []).append(policy)
        yield FileSpec(f"sources/{policy.id}.yaml", _read(policies_dir.parent / policy.file))
    for seed, policies in by_seed.items():
        yield PageSpec(
            "source.md.j2",
            f"sources/{Path(seed).stem}.md",
            site.text("source_page").replace("{name}", seed),
            f"policies/sources/{seed}",
            {
                "policies": policies,
                "text": _read(policies_dir / "sources" / seed).decode("utf-8", errors="replace"),
            },
        )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(f"{path}: cannot read it ({exc.strerror}): is the policy's source there?") from None
