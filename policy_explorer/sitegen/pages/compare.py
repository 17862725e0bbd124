"""The comparisons: an index, and a page per category comparing its clauses at reference amounts."""

from __future__ import annotations

from collections.abc import Iterator

from ..reference import REFERENCE_CNY, reference_amounts
from . import Nav, PageSpec, Site

ORDER = 40
SOURCE = "policies/categories.yaml"
NAV = Nav("compare", 50)


def pages(site: Site) -> Iterator[PageSpec]:
    view = site.view
    yield PageSpec("compare_index.md.j2", "compare/index.md", site.text("compare_all"), SOURCE, nav=NAV)
    for category in view.categories:
        clauses = view.by_category[category["id"]]
        yield PageSpec(
            "compare.md.j2",
            f"compare/{category['id']}.md",
            category["label"][site.lang],
            SOURCE,
            {
                "category": category,
                "clauses": clauses,
                "reference": reference_amounts(clauses, view),
                "reference_cny": REFERENCE_CNY,
            },
            nav=NAV,
        )
