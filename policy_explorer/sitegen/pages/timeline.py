"""The timeline: every policy's period as one drawing, with its legend."""

from __future__ import annotations

from collections.abc import Iterator

from .. import timeline
from . import Nav, PageSpec, Site

ORDER = 50


def pages(site: Site) -> Iterator[PageSpec]:
    view, lang, strings = site.view, site.lang, site.strings
    yield PageSpec(
        "timeline.md.j2",
        "timeline.md",
        site.text("timeline"),
        "policies/documents/",
        {"svg": timeline.svg(view, lang, strings), "legend": timeline.legend(view, lang, strings)},
        nav=Nav("timeline", 60),
    )
