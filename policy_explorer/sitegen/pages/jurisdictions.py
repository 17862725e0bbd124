"""The places: an index, and a page per place with a policy in its subtree."""

from __future__ import annotations

from collections.abc import Iterator

from . import Nav, PageSpec, Site

ORDER = 30
SOURCE = "policies/jurisdictions.yaml"


def pages(site: Site) -> Iterator[PageSpec]:
    view = site.view
    yield PageSpec(
        "jurisdictions.md.j2",
        "jurisdictions/index.md",
        site.text("jurisdictions"),
        SOURCE,
        nav=Nav("jurisdictions", 40),
    )
    for node in view.listed_jurisdictions():
        yield PageSpec(
            "jurisdiction.md.j2",
            f"jurisdictions/{node.id}.md",
            node.name[site.lang],
            SOURCE,
            {"node": node, "applicable": view.applicable(node), "in_calculator": node in site.places},
        )
