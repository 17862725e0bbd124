"""The open data: its page and the clauses as JSON and CSV."""

from __future__ import annotations

from collections.abc import Iterator

from .. import opendata
from . import FileSpec, Nav, PageSpec, Site, Spec

ORDER = 90


def pages(site: Site) -> Iterator[Spec]:
    yield PageSpec(
        "data.md.j2", "data.md", site.text("open_data"), "policies/documents/", nav=Nav("open_data", 80)
    )
    yield FileSpec("data/clauses.json", opendata.clauses_json(site.view, site.lang))
    yield FileSpec("data/clauses.csv", opendata.clauses_csv(site.view, site.lang, site.strings))
