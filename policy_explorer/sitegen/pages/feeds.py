"""The feeds: the site's Atom feed, its calendar of deadlines, and an Atom feed per place."""

from __future__ import annotations

from collections.abc import Iterator

from .. import feed, ical
from . import FileSpec, Site

ORDER = 100


def pages(site: Site) -> Iterator[FileSpec]:
    view, lang, strings, history, url = site.view, site.lang, site.strings, site.history, site.site_url
    yield FileSpec("feed.xml", feed.atom(view, lang, strings, history, url))
    # Converted before it is folded and written (CRLF): the page conversion would refold nothing and
    # write LF line ends.
    edition = site.edition
    yield FileSpec(
        "calendar.ics", ical.calendar(view, lang, strings, url, edition.word, edition.official), final=True
    )
    for node in site.places:
        applies = {j.id for j in node.path(view.jurisdictions)}
        yield FileSpec(
            f"feed-{node.id}.xml", feed.atom(view, lang, strings, history, url, (node.id, node.name, applies))
        )
