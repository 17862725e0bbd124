"""The home page."""

from __future__ import annotations

from collections.abc import Iterator

from . import Nav, PageSpec, Site

ORDER = 10


def pages(site: Site) -> Iterator[PageSpec]:
    yield PageSpec("home.md.j2", "index.md", site.text("home"), "policies/documents/", nav=Nav("home", 10))
