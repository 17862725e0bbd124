"""Internal links and anchors resolve in both editions, and no page loads anything from another host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from . import Gate, html_pages


class Page(HTMLParser):
    """A page's ids, links (with their attributes) and the URLs of what it loads."""

    RESOURCE_ATTRS: ClassVar[set[tuple[str, str]]] = {
        ("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("video", "src"),
        ("audio", "src"), ("embed", "src"), ("object", "data"), ("image", "href"), ("use", "href"),
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, dict]] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append((a["href"], a))
        if tag == "link" and "href" in a:
            (
                self.links.append((a["href"], a))
                if a.get("rel") == "alternate"
                else self.resources.append(a["href"])
            )
        for t, attr in self.RESOURCE_ATTRS:
            if tag == t and a.get(attr):
                self.resources.append(a[attr])
        if a.get("srcset"):
            self.resources.extend(part.split()[0] for part in a["srcset"].split(","))
        if "url(" in a.get("style", ""):
            self.resources.extend(re.findall(r"url\(['\"]?([^'\")]+)", a["style"]))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("//")


def resolve(page: Path, href: str) -> Path:
    """The file a relative link from ``page`` points at (directory URLs → index.html)."""
    path = unquote(urlsplit(href).path)
    target = (page.parent / path).resolve() if path else page
    return target / "index.html" if target.is_dir() else target


def check_links(site: Path) -> Gate:
    """Every relative link and ``#anchor`` (same page or another) in both editions resolves."""
    problems: list[str] = []
    checked = anchors = 0
    parsed: dict[Path, Page] = {}

    def load(path: Path) -> Page:
        if path not in parsed:
            parsed[path] = parse(path)
        return parsed[path]

    for page in html_pages(site):
        if page.name == "404.html":  # MkDocs roots the 404 page's links: it is served at any path
            continue
        for href, _ in load(page).links:
            if not is_local(href) or href.startswith("mailto:") or href in ("#", ""):
                continue
            checked += 1
            target = resolve(page, href)
            where = f"{page.relative_to(site)}: {href}"
            if not target.exists():
                problems.append(f"{where} → no such file")
                continue
            fragment = unquote(urlsplit(href).fragment)
            if fragment and target.suffix == ".html":
                anchors += 1
                if fragment not in load(target).ids:
                    problems.append(f"{where} → no id `{fragment}` there")
    return Gate(
        "links", f"{checked} internal links ({anchors} with an anchor) in {len(parsed)} pages", problems
    )


def check_hosts(site: Path) -> Gate:
    """No page or stylesheet loads anything from another host; internal links are relative."""
    problems: list[str] = []
    pages = html_pages(site)
    for page in pages:
        parsed = parse(page)
        where = page.relative_to(site)
        problems += [
            f"{where}: loads {u}" for u in parsed.resources if not is_local(u) and not u.startswith("data:")
        ]
        if page.name != "404.html":
            problems += [
                f"{where}: root-relative link {h}"
                for h, _ in parsed.links
                if h.startswith("/") and is_local(h)
            ]
    sheets = list(site.rglob("*.css"))
    for css in sheets:
        text = css.read_text(encoding="utf-8")
        if re.search(r"url\(\s*['\"]?(https?:)?//", text) or "@import" in text:
            problems.append(f"{css.relative_to(site)}: loads from another host")
    return Gate(
        "hosts", f"{len(pages)} pages and {len(sheets)} stylesheets load only from this host", problems
    )
