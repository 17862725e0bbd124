"""What changed in the policy data, from the git history."""

from __future__ import annotations

from collections.abc import Iterator

from . import Nav, PageSpec, Site

ORDER = 80


def pages(site: Site) -> Iterator[PageSpec]:
    yield PageSpec(
        "changes.md.j2", "changes.md", site.text("changes"), "policies/documents/", nav=Nav("changes", 90)
    )
