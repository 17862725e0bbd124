"""The glossary, in sections by letter (by stroke count in the zh-Hant edition)."""

from __future__ import annotations

from collections.abc import Iterator

from . import Nav, PageSpec, Site

ORDER = 60


def pages(site: Site) -> Iterator[PageSpec]:
    yield PageSpec(
        "glossary.md.j2",
        "glossary.md",
        site.text("glossary"),
        "policies/glossary.yaml",
        {"glossary_letters": site.edition.glossary_letters(site.build.glossary)},
        nav=Nav("glossary", 70),
    )
