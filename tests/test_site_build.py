"""The built site (``mkdocs build`` at the root, both editions): pages, switch, search, tables, hosts.

Expected values come from the policy data and the issue: every policy and clause, both languages,
statuses for the build date (conftest.BUILD_DATE), and the terms readers search for.
"""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import BUILD_DATE

from policy_explorer.audit import html_pages, links
from policy_explorer.audit.links import resolve

EDITIONS = {"zh": "", "en": "en"}


class _Page(links.Page):
    """The audit's page reader (ids, links, resources) plus the language, status badges and table rows."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.statuses: list[str] = []
        self.rows: list[list[str]] = []
        self._in_tbody = False

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang", "")
        if "data-filter-status" in a:
            self.statuses.append(a["data-filter-status"])
        if tag == "tbody":
            self._in_tbody = True
        if tag == "tr" and self._in_tbody:
            self.rows.append([])
        if tag == "a" and self._in_tbody and self.rows and "href" in a:
            self.rows[-1].append(a["href"])

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_tbody = False


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def edition(site: Path, lang: str) -> Path:
    return site / EDITIONS[lang] if EDITIONS[lang] else site


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_policy_and_clause_has_its_page_and_anchor(built_site, data, lang):
    for policy in data["policies"]:
        page = edition(built_site, lang) / "policies" / policy["id"] / "index.html"
        assert page.is_file(), page
        ids = parse(page).ids
        for clause in policy["clauses"]:
            anchor = f"clause-{clause['id'].replace('.', '-')}"
            assert anchor in ids, (policy["id"], clause["id"])
            own = page.parent / anchor / "index.html"
            assert own in {resolve(page, href) for href, _ in parse(page).links}, own
            text = _text(own)
            assert _squash(clause["text"]["zh"]) in text, own  # the original, on both editions
            if lang == "en":
                assert _squash(clause["text"]["en"]) in text, own


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(page: Path) -> str:
    """The page's visible text without whitespace (entities decoded)."""
    chunks: list[str] = []
    parser = HTMLParser()
    parser.handle_data = chunks.append
    parser.feed(page.read_text(encoding="utf-8"))
    return _squash("".join(chunks))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_carry_their_language(built_site, lang):
    """Every page's `<html lang>` is a BCP 47 tag naming the script for Chinese (zh-Hans)."""
    expected = {"zh": "zh-Hans", "en": "en"}[lang]
    pages = html_pages(built_site, lang)
    assert len(pages) > 200
    assert {page: parse(page).lang for page in pages} == dict.fromkeys(pages, expected)


def test_no_attribute_list_is_left_as_text(built_site):
    """A template's `{: #id }` or `{: .class }` line becomes attributes, never words on the page: the
    calculator's and the widget's example totals printed "{: #pe-calc-example-totals }" (a Jinja tag
    at the end of the line above ate its newline), so the script could not mark them out of date."""
    left = {
        page.relative_to(built_site).as_posix(): found
        for page in built_site.rglob("*.html")
        if (found := re.findall(r"\{:\s*[#.][^}<]*\}", page.read_text(encoding="utf-8")))
    }
    assert not left, left
    for widget in built_site.rglob("widget/index.html"):
        assert 'id="pe-calc-example-totals"' in widget.read_text(encoding="utf-8"), widget
    for calculator in built_site.rglob("calculator/index.html"):
        assert 'id="pe-calc-example-totals"' in calculator.read_text(encoding="utf-8"), calculator


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_links_one_stylesheet_that_holds_material_and_the_site(built_site, lang):
    """Material's main and palette CSS and site.css, joined into one file (sitegen.stylesheet)."""
    sheets = set()
    for page in html_pages(built_site, lang):
        linked = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert len(linked) == 1, (page, linked)
        if page.name == "404.html":  # served at any depth, so its links start at the host's root
            assert (built_site / linked[0].lstrip("/")).is_file(), linked
        else:
            sheets.add(resolve(page, linked[0]))
    (sheet,) = sheets
    assert sheet.parent == edition(built_site, lang) / "assets" / "stylesheets"
    assert re.fullmatch(r"site-[0-9a-f]{12}\.css", sheet.name)
    text = sheet.read_text(encoding="utf-8")
    assert ".md-header{" in text and "[data-md-color-scheme=slate]" in text and ".pe-status" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_has_one_top_heading(built_site, lang):
    """Screen readers navigate by headings; the widget's is hidden from view (its host shows a title)."""
    for page in html_pages(built_site, lang):
        text = page.read_text(encoding="utf-8")
        assert len(re.findall(r"<h1[\s>]", text)) == 1, page
    widget = (edition(built_site, lang) / "widget" / "index.html").read_text(encoding="utf-8")
    title = {"zh": "计算器", "en": "Calculator"}[lang]  # site_templates/strings.yaml
    assert f'<h1 class="pe-visually-hidden">{title}</h1>' in widget


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_table_has_an_empty_header_cell(built_site, lang):
    """Key/value tables name each row with a row header instead of an empty heading row."""
    for page in html_pages(built_site, lang):
        assert not re.search(r"<th[^>]*>\s*</th>", page.read_text(encoding="utf-8")), page
    policy = edition(built_site, lang) / "policies" / "shenzhen-longgang-ai-2025" / "index.html"
    issuer = {"zh": "发布机关", "en": "Issuer"}[lang]  # site_templates/strings.yaml
    assert f'<th scope="row">{issuer}</th>' in policy.read_text(encoding="utf-8")


def test_language_switch_pairs_the_same_page(built_site, data):
    pairs = 0
    for lang, other in (("zh", "en"), ("en", "zh")):
        root, other_root = edition(built_site, lang), edition(built_site, other)
        for page in html_pages(built_site, lang):
            if page.name == "404.html" or page.parent.name == "widget":  # the widget has no site chrome
                continue
            hrefs = {
                a["hreflang"]: href
                for href, a in parse(page).links
                if a.get("hreflang") and "md-select__link" in a.get("class", "")
            }
            target = resolve(page, hrefs["zh-Hans" if other == "zh" else "en"])
            assert target == (other_root / page.relative_to(root)).resolve(), page
            assert target.is_file(), target
            assert resolve(page, hrefs["zh-Hans" if lang == "zh" else "en"]) == page.resolve()
            pairs += 1
    clauses = sum(len(p["clauses"]) for p in data["policies"])
    assert pairs > 2 * (len(data["policies"]) + clauses)  # every page, clause pages included


def _index(site: Path, lang: str) -> dict:
    return json.loads((edition(site, lang) / "search" / "search_index.json").read_text(encoding="utf-8"))


def _tokens(text: str, separator: str) -> set[str]:
    return {t.lower() for t in re.split(separator, re.sub(r"<[^>]+>", " ", text)) if t}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_search_index_holds_its_own_pages(built_site, data, lang):
    index = _index(built_site, lang)
    assert index["config"]["lang"] == [lang]
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    for policy in data["policies"]:
        assert f"policies/{policy['id']}/" in locations
    titles = " ".join(d["title"] for d in index["docs"] if d["location"] == "")
    assert ("政策浏览器" in titles.replace("\u200b", "")) == (lang == "zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_clause_is_indexed_once_on_its_policy_page(built_site, data, lang):
    """A clause's text is in the index as a section of its policy page, not again from its own page."""
    docs = _index(built_site, lang)["docs"]
    locations = [d["location"] for d in docs]
    for policy in data["policies"]:
        for clause in policy["clauses"]:
            anchor = f"clause-{clause['id'].replace('.', '-')}"
            section = f"policies/{policy['id']}/#{anchor}"
            assert locations.count(section) == 1, section
            own_page = f"policies/{policy['id']}/{anchor}/"
            assert not [loc for loc in locations if loc.startswith(own_page)], own_page


def _clause_hits(index: dict, *terms: str) -> set[str]:
    """Clause sections whose words include every term (the way the client search matches words)."""
    sep = index["config"]["separator"]
    hits = set()
    for doc in index["docs"]:
        words = _tokens(doc["title"] + " " + doc["text"], sep)
        if "#clause-" in doc["location"] and all(any(w.startswith(t) for w in words) for t in terms):
            hits.add(doc["location"])
    return hits


def test_chinese_search_finds_every_compute_voucher_clause_by_the_whole_word(built_site, data):
    index = _index(built_site, "zh")
    hits = _clause_hits(index, "算力券")
    for policy in data["policies"]:
        for clause in policy["clauses"]:
            if clause["category"] == "compute_voucher":
                assert f"policies/{policy['id']}/#clause-{clause['id']}" in hits
    # jieba keeps the dictionary terms whole: these are single search words on the Chinese site.
    sep = index["config"]["separator"]
    words = set().union(*(_tokens(d["text"], sep) for d in index["docs"]))
    for term in ("算力券", "语料券", "模型券", "训力券", "揭榜挂帅", "具身智能"):
        assert term in words, term


def test_english_search_finds_compute_vouchers_in_every_jurisdiction(built_site, data):
    hits = _clause_hits(_index(built_site, "en"), "compute", "voucher")
    expected = {
        f"policies/{p['id']}/#clause-{c['id']}"
        for p in data["policies"]
        for c in p["clauses"]
        if c["category"] == "compute_voucher"
    }
    assert expected <= hits
    jurisdictions = {
        p["jurisdiction"]
        for p in data["policies"]
        for c in p["clauses"]
        if c["category"] == "compute_voucher"
    }
    assert len(jurisdictions) >= 6


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_comparison_table_holds_every_clause_of_its_category(built_site, data, lang):
    for category in data["categories"]:
        page = edition(built_site, lang) / "compare" / category["id"] / "index.html"
        parsed = parse(page)
        expected = [  # a clause under its category, and under each other category one of its parts names
            (p["id"], c["id"])
            for p in data["policies"]
            for c in p["clauses"]
            if category["id"]
            in {c["category"], *(part.get("category") for part in c["benefit"].get("parts") or [])}
        ]
        found = []
        for row in parsed.rows:
            anchors = [h for h in row if "#clause-" in h]
            if anchors:
                path, anchor = anchors[0].split("#")
                found.append((posixpath.basename(path.rstrip("/")), anchor.removeprefix("clause-")))
        assert sorted(found) == sorted((p, c.replace(".", "-")) for p, c in expected), category["id"]


def test_statuses_follow_the_build_date(built_site):
    # 2026-12-20: Shenzhen's measures (2024-12-18 for two years) ended on 2026-12-17; Longgang's
    # (2025-01-10 for three years) run to 2028-01-09; Xiamen's ended on 2025-12-31; drafts are drafts.
    assert BUILD_DATE == "2026-12-20"
    expected = {
        "shenzhen-ai-pioneer-measures-2024": ("已失效", "Expired"),
        "shenzhen-longgang-ai-2025": ("有效", "In force"),
        "xiamen-ai-2023": ("已失效", "Expired"),
        "shenzhen-nanshan-ai-draft": ("征求意见稿", "Draft"),
    }
    for policy, (zh, en) in expected.items():
        for lang, label in (("zh", zh), ("en", en)):
            text = (edition(built_site, lang) / "policies" / policy / "index.html").read_text(
                encoding="utf-8"
            )
            badge = re.search(r'<span class="pe-status pe-status--\w+"[^>]*>([^<]+)</span>', text)
            # The status, then (for a policy with a last day) when it ends or ended.
            assert badge and badge[1].split(" · ")[0] == label, (policy, lang, badge and badge[1])
    compare = parse(built_site / "compare" / "compute_voucher" / "index.html")
    assert compare.statuses.count("expired") == 2  # Shenzhen city (训力券) and Xiamen


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_open_data_and_feed_in_each_language(built_site, data, lang):
    root = edition(built_site, lang)
    doc = json.loads((root / "data" / "clauses.json").read_text(encoding="utf-8"))
    clauses = sum(len(p["clauses"]) for p in data["policies"])
    assert doc["lang"] == lang and doc["count"] == clauses
    csv = (root / "data" / "clauses.csv").read_bytes().decode("utf-8")
    assert csv.startswith("\ufeffpolicy,clause,") and csv.count("\r\n") >= clauses + 1
    feed = (root / "feed.xml").read_text(encoding="utf-8")
    assert feed.startswith('<?xml version="1.0" encoding="utf-8"?>') and "<entry>" in feed


def test_generated_pages_link_to_the_yaml_they_come_from(built_site):
    page = (built_site / "policies" / "xiamen-ai-2023" / "index.html").read_text(encoding="utf-8")
    assert "edit/main/policies/documents/xiamen-ai-2023.yaml" in page
    about = (built_site / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert "edit/main/content/en/about.md" in about


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_closed_fact_groups_come_from_the_fields_file(built_site, data, lang):
    """The calculator page holds the fields of the groups it opens; every group's are in its fields file."""
    root = edition(built_site, lang)
    page = (root / "calculator" / "index.html").read_text(encoding="utf-8")
    # The form sits in the page's layout (Markdown in HTML), which writes attributes in its own order.
    form = re.search(r'<form [^>]*id="pe-calc"[^>]*>', page).group(0)
    path = re.search(r'data-fields="([^"]+)"', form).group(1)
    fields = (root / path).read_text(encoding="utf-8")
    groups = [
        (re.search(r'data-category="([^"]+)"', tag).group(1), " open" if re.search(r"\bopen\b", tag) else "")
        for tag in re.findall(r'<details [^>]*class="pe-calc__group"[^>]*>', page)
    ]
    assert {g for g, state in groups if state == " open"} >= {"compute_voucher", "corpus_voucher"}
    assert [g for g, _ in groups] == re.findall(r'<template data-category="([^"]+)">', fields)
    facts = {f["id"] for f in data["facts"]}
    in_file = re.findall(r'<div class="pe-field" data-fact="([^"]+)"', fields)
    assert set(in_file) <= facts and len(in_file) == len(set(in_file)) > 50
    for fact in in_file:  # labelled, and on the page only when its group is open there
        assert f'<label for="pe-f-{fact}">' in fields and f'id="pe-f-{fact}"' in fields
        assert (f'id="pe-f-{fact}"' in page) == (f'data-fact="{fact}"' in page)
    assert 'id="pe-f-event_spend"' not in page  # the events group is closed in the example


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_timeline_links_its_editions_calendar(built_site, lang):
    """The timeline links calendar.ics, which calendar apps import (icalendar parses it)."""
    import icalendar

    root = edition(built_site, lang)
    page = root / "timeline" / "index.html"
    calendar = (root / "calendar.ics").resolve()
    assert calendar in {resolve(page, href) for href, _ in parse(page).links}
    assert icalendar.Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")
