"""The generated pages, by family: one module per kind of page (``policies``, ``compare``, …).

Each family module has ``ORDER`` (its place among the families: the order pages and files are
written and listed in) and ``pages(site)``, which yields the family's pages (:class:`PageSpec`: the
template, output path, title, source file, navigation entry and context) and the files that belong
with them (:class:`FileSpec`). :func:`.render.render_site` writes what every family yields and builds
the navigation from the specs' :class:`Nav` entries, so adding a page family touches its module, its
template and its strings only.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from markupsafe import escape

from ..build import Edition, SiteBuild
from ..view import JurisdictionView, SiteView


@dataclass(frozen=True)
class Nav:
    """A page's place in the navigation: the section named by the site string ``key``, at ``rank``
    (lower first). A section's first page is its link; the others are listed under it by title."""

    key: str
    rank: int


@dataclass(frozen=True)
class PageSpec:
    """A generated page: the template that renders it, where it goes, its title, the repository file
    it is made from (the "edit this page" link), its navigation entry and its own context."""

    template: str
    path: str
    title: str
    source: str
    context: dict[str, Any] = field(default_factory=dict)
    nav: Nav | None = None


@dataclass(frozen=True)
class FileSpec:
    """A generated file beside the pages (data, a feed); ``final``: written in the edition's own
    script already, so the zh-Hant conversion leaves it alone."""

    path: str
    content: str | bytes
    final: bool = False


Spec = PageSpec | FileSpec


@dataclass
class Site:
    """What a family reads: the build, the edition, the view for the build date and the render's options."""

    build: SiteBuild
    edition: Edition
    view: SiteView
    on: dt.date
    history: list[Any]
    site_url: str
    runtime_config: dict[str, Any] | None
    places: list[JurisdictionView]  # the places a company can be in (the calculator's, each with a feed)
    render: Callable[..., str]  # render(template, **context): a template with the pages' common context

    @property
    def lang(self) -> str:
        return self.edition.lang

    @property
    def strings(self) -> dict[str, dict[str, str]]:
        return self.edition.strings

    def text(self, key: str) -> str:
        """A site string in the edition's language (converted later with the page, if at all)."""
        return self.strings[key][self.lang]


def families() -> list[ModuleType]:
    """Every family module of this package, in ``ORDER``."""
    found = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    return sorted(found, key=lambda module: module.ORDER)


def specs(site: Site) -> Iterator[Spec]:
    """Every family's pages and files, in order."""
    for family in families():
        yield from family.pages(site)


def nav_title(text: str) -> str:
    """A navigation title, HTML-escaped: MkDocs and Material print navigation titles as markup."""
    return str(escape(" ".join(text.split())))


def navigation(pages: Iterable[PageSpec], strings: dict[str, dict[str, str]], lang: str) -> list[Any]:
    """The generated sections of the navigation, from the pages' :class:`Nav` entries."""
    sections: dict[str, tuple[int, list[PageSpec]]] = {}
    for page in pages:
        if page.nav is not None:
            sections.setdefault(page.nav.key, (page.nav.rank, []))[1].append(page)
    out: list[Any] = []
    for key, (_, members) in sorted(sections.items(), key=lambda item: item[1][0]):
        title = nav_title(strings[key][lang])
        first, *rest = members
        if not rest:
            out.append({title: first.path})
        else:
            out.append({title: [first.path, *({nav_title(p.title): p.path} for p in rest)]})
    return out
