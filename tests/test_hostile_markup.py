"""Markup and script in the data are shown as text everywhere: navigation, titles, tables, search,
calculator, timeline, feed and the open-data files.

A copy of the repository's site sources is built with hostile text (HTML, script, event handlers, a
``javascript:`` Markdown link and a Markdown attribute list) in every data and strings file: one
policy's titles, clause title and text (and so its source text) and a provenance note; a category's
label and description; a jurisdiction's name; a fact's label and help; a glossary entry; and site
strings that are navigation and page titles. The change is committed to git so that the change feed
carries it too. Most checks do not lean on the Content-Security-Policy (the browser checks of
escaping run with it bypassed); one loads every page type with it enforced, in a site whose
hand-written page holds a raw script, and fails on any script that no template wrote.

The fields are not listed by hand: every string field whose schema accepts the payload is found in
the JSON Schemas (:func:`text_fields`) and, after the hand-placed edits above, filled by
:func:`_fill_every_text_field` (a block the corpus lacks, such as `application` or `diverges`, is
added first); :func:`test_every_text_field_of_the_schema_carries_the_payload` fails on a new field
the fixture does not reach. Every URL field carries the most hostile address the validator accepts.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
import yaml
from browser import search
from conftest import BUILD_DATE, ROOT

from policy_explorer import schema as schemas
from policy_explorer.audit.browser import serve
from policy_explorer.audit.repro import build
from policy_explorer.yamlload import load_file

# Every edition's MkDocs config (the root build builds the others): mkdocs.yml, mkdocs.en.yml, …
EDITION_CONFIGS = sorted(p.name for p in ROOT.glob("mkdocs*.yml"))

DOC = "policies/documents/shenzhen-longgang-ai-2025.yaml"
SOURCE = "policies/sources/001_21c5d811067842b9.txt"
POLICY = "shenzhen-longgang-ai-2025"
# Each payload sets window.__pwned if it ever runs; PWNTOKEN makes them findable by search.
PAYLOADS = [
    '<script>window.__pwned="script"</script> PWNTOKEN ',
    "<img src=x onerror=\"window.__pwned='img'\">",
    "</td></tr></table><svg onload=\"window.__pwned='svg'\">",
    "[click](javascript:window.__pwned='md')",
    "{: onclick=\"window.__pwned='attr'\" }",
]
HOSTILE = "".join(PAYLOADS)


# The most hostile address the validator accepts: Markdown emphasis, an entity, Material's config id.
HOSTILE_URL = "https://pwnurl.example.gov.cn/_x_*y*!$a&b=1;c=2,d+e@f~g%20h/附件#__config"
SCHEMA_FILES = {
    "document": "documents/*.yaml",
    "facts": "facts.yaml",
    "categories": "categories.yaml",
    "glossary": "glossary.yaml",
    "jurisdictions": "jurisdictions.yaml",
}


def _leaves(node: dict, root: dict, path: str, seen: tuple = ()) -> list[tuple[str, dict]]:
    """(path, schema) of every string in a schema: ``.clauses[].title.zh``, ``[].label.en``."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return [] if name in seen else _leaves(root["$defs"][name], root, path, (*seen, name))
    out = []
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, ()):
            out += _leaves(branch, root, path, seen)
    kind = node.get("type")
    if kind == "string" or (isinstance(kind, list) and "string" in kind):
        out.append((path, node))
    for key, sub in node.get("properties", {}).items():
        out += _leaves(sub, root, f"{path}.{key}", seen)
    if isinstance(node.get("items"), dict):
        out += _leaves(node["items"], root, f"{path}[]", seen)
    return out


def _schema(name: str) -> dict:
    return json.loads((ROOT / "policies" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))


def text_fields(name: str) -> set[str]:
    """The paths of a schema's string fields that accept the payload: text a page may show."""
    return {
        path
        for path, node in _leaves(_schema(name), _schema(name), "")
        if node != schemas.URL and jsonschema.Draft202012Validator(node).is_valid(HOSTILE)
    }


def url_fields(name: str) -> set[str]:
    return {path for path, node in _leaves(_schema(name), _schema(name), "") if node == schemas.URL}


def _paths(value, path: str = ""):
    """(schema-style path, container, key) of every string in loaded data."""
    if isinstance(value, dict):
        for key, sub in value.items():
            if isinstance(sub, str):
                yield f"{path}.{key}", value, key
            yield from _paths(sub, f"{path}.{key}")
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            if isinstance(sub, str):
                yield f"{path}[]", value, i
            yield from _paths(sub, f"{path}[]")


class _Plain(yaml.SafeDumper):
    """YAML as the policy files are written: no anchors or aliases (the loader refuses them)."""

    def ignore_aliases(self, data) -> bool:
        return True


def _dump(path: Path, data) -> None:
    path.write_text(yaml.dump(data, Dumper=_Plain, allow_unicode=True, sort_keys=False), encoding="utf-8")


# Text that must stand verbatim elsewhere: filled by the hand-placed edits, never prefixed.
VERBATIM = {".clauses[].text.zh", ".clauses[].diverges[].text", ".clauses[].diverges[].source"}


def _fill_every_text_field(root: Path) -> None:
    """Give one instance of every text field of every data file the payload, and every URL the
    hostile address. Blocks the corpus has nowhere are added to the hostile document first."""
    policies = root / "policies"
    doc_path = root / DOC
    doc = load_file(doc_path).data
    clause = next(c for c in doc["clauses"] if HOSTILE in c["text"]["zh"])
    pair = {"zh": HOSTILE, "en": HOSTILE}
    block = {
        "window": {"kind": "rolling"},
        "url": HOSTILE_URL,
        "department": pair,
        "contact": pair,
        "materials": [pair],
        "quote": {"zh": HOSTILE, "en": HOSTILE},  # the source holds the payload verbatim
        "interpreted_by": [pair],  # named where the source says who interprets it (below)
    }
    doc.setdefault("application", block)
    clause.setdefault("application", block)
    clause.setdefault("diverges", [{"source": HOSTILE, "text": HOSTILE, "why": pair}])
    place = {"id": "pwn-district", "name": pair, "short": pair, "level": "district", "parent": "shenzhen"}
    place["search_terms"] = {"zh": [HOSTILE], "en": [HOSTILE]}
    doc.setdefault("jurisdictions", [place])
    # Issue 30's shapes: who a cap may be relaxed for, the share this level pays (clause and part level),
    # and a shared cap of the document's own (general_rules[].max) that may be relaxed.
    for box in _dicts(doc["clauses"]):
        for cap in box.get("cap") or []:
            if isinstance(cap, dict):
                cap.setdefault("relaxable_for", pair)
    clause["benefit"].setdefault("paid_by", {"level": pair, "others": pair})
    split = next(c for c in doc["clauses"] if len(c["benefit"].get("parts") or []) >= 2)
    for part in split["benefit"]["parts"]:
        part.setdefault("paid_by", {"level": pair, "others": pair})
    names = [part["name"] for part in split["benefit"]["parts"][:2]]
    shared = {"max": "500万", "per": "cumulative", "relaxable_for": pair}
    rule = {"kind": "combined_cap", "text": pair, "max": {"cap": [shared], "of": "500万"}}
    rule["per"] = "cumulative"
    rule["over"] = [{"clause": split["id"], "part": name} for name in names]
    doc.setdefault("general_rules", []).append(rule)
    # Official interpretations and published disbursements (issue 34): every text of each.
    seen = {"title": pair, "url": HOSTILE_URL, "date": "2026-01-05", "source": pair}
    doc.setdefault("interpretations", [{"kind": "graphic", **seen}])
    doc.setdefault("disbursements", [{**seen, "quote": HOSTILE}])
    doc["source"]["url"] = HOSTILE_URL
    _dump(doc_path, doc)
    facts = load_file(policies / "facts.yaml").data
    choices = [{"value": 1, "label": pair}, {"value": 2, "label": {"zh": "二级", "en": "Level 2"}}]
    level = {"id": "pwn_level", "unit": "level", "label": pair, "help": pair, "max": 2, "choices": choices}
    _dump(policies / "facts.yaml", [*facts, level])
    for name, pattern in SCHEMA_FILES.items():
        wanted, urls_wanted = text_fields(name), url_fields(name)
        done: set[str] = set()  # one instance of each field is enough
        files = sorted(policies.glob(pattern), key=lambda f: f != doc_path)  # the hostile document first
        for path in files:
            data = load_file(path).data
            done.update(p for p, box, key in _paths(data) if "PWNTOKEN" in box[key])
            for p, box, key in list(_paths(data)):
                if p in urls_wanted:
                    box[key] = HOSTILE_URL
                elif p in wanted and p not in done and p not in VERBATIM:
                    box[key] = HOSTILE + box[key]
                    done.add(p)
            _dump(path, data)


def _dicts(value):
    """Every mapping inside ``value`` (itself included), depth first."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _dicts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _dicts(item)


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    for name in EDITION_CONFIGS:
        shutil.copy(ROOT / name, root / name)
    for name in ("content", "site_templates", "policies"):
        shutil.copytree(ROOT / name, root / name)
    # No .br/.gz copies: nothing here reads them, and brotli 11 of every page is a third of a build.
    _replace(root / "mkdocs.yml", "  policy-explorer:\n", "  policy-explorer:\n    precompress: false\n")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "policies")
    q = json.dumps(HOSTILE, ensure_ascii=False)  # a YAML double-quoted scalar
    doc = root / DOC
    _replace(doc, "short_title: {zh: 龙岗区人工智能若干措施,", f"short_title: {{zh: {q},")
    _replace(doc, "  zh: 深圳市龙岗区关于支持人工智能产业引领高质量发展若干措施\n", f"  zh: {q}\n")
    _replace(
        doc,
        "  en: Several Measures of Longgang District, Shenzhen to Support",
        f"  en: {q[:-1]} Several Measures",
    )
    _replace(
        doc,
        "AI Industry in Leading High-Quality Development\n",
        'AI Industry in Leading High-Quality Development"\n',
    )
    _replace(doc, 'en: "Increase the supply of high-quality, well-priced compute"}', f"en: {q}}}")
    _replace(doc, "title: {zh: 加大优质优价算力供给,", f"title: {{zh: {q},")
    note = re.search(r"^  - zh: (本站所据的来源是一篇汇总文章.*)$", doc.read_text(encoding="utf-8"), re.M)
    _replace(doc, note.group(0), f"  - zh: {json.dumps(HOSTILE + note.group(1), ensure_ascii=False)}")
    # The clause text must stay verbatim in its source: change both.
    for path in (doc, root / SOURCE):
        _replace(path, "加大优质优价算力供给。支持企业", f"加大优质优价算力供给。{HOSTILE}支持企业")
    # An interpreting unit stands in a line of the source that says so (validate checks it).
    source = root / SOURCE
    source.write_text(source.read_text(encoding="utf-8") + f"\n本措施由{HOSTILE}负责解释。\n", "utf-8")
    # A ceiling's text is shown on the policy page and on the page of each clause it names.
    ceiling = (
        f"general_rules:\n  - {{kind: combined_cap, text: {{zh: {q}, en: {q}}}, "
        'max: "600万", per: not_stated, over: [{clause: "2"}]}\n'
    )
    _replace(doc, "general_rules: []\n", ceiling)
    _hostile_vocabularies(root, q)
    _fill_every_text_field(root)
    _git(root, "commit", "-qam", f"hostile {HOSTILE}")
    # A script no template writes, in raw HTML a hand-written page may hold: only the CSP stops it.
    for lang in ("zh", "en"):
        with (root / "content" / lang / f"{RAW_PAGE}.md").open("a", encoding="utf-8") as f:
            f.write(f"\n{RAW_SCRIPT}\n")
    site = root / "site"
    build(site, BUILD_DATE, root)
    return site


def test_every_text_field_of_the_schema_carries_the_payload(hostile_site):
    """Derived from the schemas: a field added to them is in this test without anyone listing it."""
    policies = hostile_site.parent / "policies"
    for name, pattern in SCHEMA_FILES.items():
        found: set[str] = set()
        urls_found: set[str] = set()
        for path in sorted(policies.glob(pattern)):
            for p, box, key in _paths(load_file(path).data):
                if "PWNTOKEN" in box[key]:
                    found.add(p)
                if box[key] == HOSTILE_URL:
                    urls_found.add(p)
        missing = text_fields(name) - found
        assert not missing, f"{name}: no data file holds these fields to fill: {sorted(missing)}"
        assert url_fields(name) <= urls_found, sorted(url_fields(name) - urls_found)
    assert len(text_fields("document")) > 40 and url_fields("document")


@pytest.mark.parametrize("name", list(SCHEMA_FILES))
def test_no_url_field_takes_markdown(name):
    """Every URL field of every schema refuses the address of security round 3 and the payload."""
    phishing = "https://evil.example/[Official](https://phish.example/login){:style=position:fixed}"
    for path, node in _leaves(_schema(name), _schema(name), ""):
        if node == schemas.URL:
            check = jsonschema.Draft202012Validator(node)
            assert not check.is_valid(phishing) and not check.is_valid(HOSTILE), path
            assert check.is_valid(HOSTILE_URL), path


def test_a_hostile_address_is_one_plain_link(hostile_site):
    """The official text's link and the application guide's: the address, percent-encoded, and the
    link text; no second link, no attribute list, no emphasis made from the address."""
    for lang in ("", "en/"):
        for rel in (PAGES["policy"], PAGES["clause"]):
            parsed = _parse(hostile_site / lang / rel)
            links = [a for t, a in parsed.elements if t == "a" and "pwnurl" in a.get("href", "")]
            assert links, rel
            for a in links:
                assert (
                    a["href"]
                    == "https://pwnurl.example.gov.cn/_x_*y*!$a&b=1;c=2,d+e@f~g%20h/%E9%99%84%E4%BB%B6#__config"
                )
                assert set(a) <= {"href", "class"}, a
            html = (hostile_site / lang / rel).read_text(encoding="utf-8")
            assert 'id="__config"' in html and html.count('id="__config"') == 1
            assert "<em>y</em>" not in html and "<em>x</em>" not in html


# Site strings that are navigation titles (a section, a page, a hand-written section) and labels.
STRINGS = ("compare", "glossary", "changes", "about_section", "calc_facts")
RAW_PAGE = "about"
RAW_SCRIPT = '<script>window.__pwned = "raw"</script>'


def _hostile_vocabularies(root: Path, q: str) -> None:
    """Put the payload (``q``, a YAML double-quoted scalar) into every vocabulary and strings file."""
    policies = root / "policies"
    _replace(
        policies / "categories.yaml",
        "label: {zh: 算力券, en: Compute vouchers}",
        f"label: {{zh: {q}, en: {q}}}",
    )
    _replace(
        policies / "categories.yaml",
        "    zh: 对企业租用或购买智能算力（含“训力券”“算力券”）按合同金额一定比例给予的补贴。",
        f"    zh: {q}",
    )
    _replace(
        policies / "jurisdictions.yaml",
        "name: {zh: 龙岗区, en: Longgang District}",
        f"name: {{zh: {q}, en: {q}}}",
    )
    _replace(
        policies / "facts.yaml",
        "label: {zh: 算力服务支出, en: Compute spending}",
        f"label: {{zh: {q}, en: {q}}}",
    )
    _replace(
        policies / "facts.yaml",
        "    zh: 一个年度内租用或购买智能算力服务的合同或结算金额（含国产芯片算力部分）。",
        f"    zh: {q}",
    )
    _replace(
        policies / "glossary.yaml",
        "    zh: 政府向企业发放、用于抵扣租用或购买智能算力费用的补贴凭证。",
        f"    zh: {q}",
    )
    _replace(
        policies / "glossary.yaml",
        "    en: A subsidy voucher that a government issues to companies to offset what they pay to rent "
        "or buy AI compute.",
        f"    en: {q}",
    )
    strings = root / "site_templates" / "strings.yaml"  # the site's own strings replace the defaults
    shutil.copy(ROOT / "policy_explorer" / "defaults" / "strings.yaml", strings)
    for key in STRINGS:
        line = next(x for x in strings.read_text(encoding="utf-8").splitlines() if x.startswith(f"{key}:"))
        _replace(strings, line, f"{key}: {{zh: {q}, en: {q}}}")


class _Elements(HTMLParser):
    """Every element with its attributes, the text of scripts and of JSON data blocks, and the page's
    visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.data_blocks: list[str] = []
        self.text: list[str] = []
        self._tag = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._tag = "data" if tag == "script" and dict(attrs).get("type") == "application/json" else tag

    def handle_data(self, data):
        {"script": self.scripts, "data": self.data_blocks}.get(self._tag, self.text).append(data)


def _parse(path: Path) -> _Elements:
    parsed = _Elements()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def _injected(parsed: _Elements) -> list:
    """Anything a payload would have become, had it been taken as markup."""
    found = [(t, a) for t, a in parsed.elements if any(k.startswith("on") for k in a)]
    found += [(t, a) for t, a in parsed.elements if a.get("href", "").lower().startswith("javascript:")]
    found += [(t, a) for t, a in parsed.elements if t == "img" and a.get("src") == "x"]
    found += [s for s in parsed.scripts if "__pwned" in s and f"<script>{s}</script>" != RAW_SCRIPT]
    found += [d for d in parsed.data_blocks if "<" in d]  # data text could end its block: </script>
    return found


class _Within(HTMLParser):
    """The text inside the first element whose class list holds ``name`` (nested elements too)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.depth, self.text = name, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth or self.name in (dict(attrs).get("class") or "").split():
            self.depth += 1

    def handle_endtag(self, tag):
        self.depth = max(0, self.depth - 1) if self.depth else 0

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def _text_within(path: Path, name: str) -> str:
    found = _Within(name)
    found.feed(path.read_text(encoding="utf-8"))
    return "".join(found.text)


PAGES = {
    "home": "index.html",
    "policy": f"policies/{POLICY}/index.html",
    "clause": f"policies/{POLICY}/clause-2/index.html",
    "jurisdictions": "jurisdictions/index.html",
    "jurisdiction": "jurisdictions/shenzhen-longgang/index.html",
    "comparison index": "compare/index.html",
    "comparison": "compare/compute_voucher/index.html",
    "timeline": "timeline/index.html",
    "glossary": "glossary/index.html",
    "calculator example": "calculator/index.html",
    "changes": "changes/index.html",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_shows_the_markup_as_text(hostile_site, lang):
    root = hostile_site / "en" if lang == "en" else hostile_site
    pages = [p for p in sorted(root.rglob("*.html")) if lang == "en" or p.relative_to(root).parts[0] != "en"]
    assert len(pages) > 200
    for page in pages:
        assert not _injected(_parse(page)), page
    for name, rel in PAGES.items():
        text = "".join(_parse(root / rel).text)
        assert HOSTILE in text, f"{name} does not show the payload as text"
    fields = next((root / "assets" / "calculator").glob("fields-*.html"))
    assert not _injected(_parse(fields)) and HOSTILE in "".join(_parse(fields).text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_navigation_and_titles_show_the_markup_as_text(hostile_site, lang):
    """Category labels and site strings are navigation titles: MkDocs and Material print them raw."""
    root = hostile_site / "en" if lang == "en" else hostile_site
    home = root / "index.html"
    nav = _text_within(home, "md-nav--primary")
    # The comparison section, a category under it, the glossary, changes and the about section.
    assert nav.count(HOSTILE.strip()) >= 5, nav[:500]
    assert not _injected(_parse(home))
    title = re.search(r"<title>(.*?)</title>", (root / PAGES["comparison"]).read_text(encoding="utf-8"), re.S)
    assert "&lt;script&gt;" in title[1] and "<script" not in title[1]


def test_open_data_holds_the_text_as_it_is(hostile_site):
    for lang in ("", "en/"):
        rows = list(
            csv.DictReader((hostile_site / lang / "data" / "clauses.csv").read_text("utf-8-sig").splitlines())
        )
        doc = json.loads((hostile_site / lang / "data" / "clauses.json").read_text(encoding="utf-8"))
        for records in (rows, doc["clauses"]):
            voucher = [r for r in records if r["category"] == "compute_voucher"]
            assert voucher and all(r["category_label"] == HOSTILE for r in voucher)
            assert any(
                r["jurisdiction_name"] == HOSTILE for r in records if r["jurisdiction"] == "shenzhen-longgang"
            )
            assert any(HOSTILE in r["base"] for r in records)


def test_search_index_holds_the_markup_escaped(hostile_site):
    for index in hostile_site.rglob("search_index.json"):
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        hits = [d for d in docs if "PWNTOKEN" in d["title"] + d["text"]]
        assert hits, index
        for d in hits:  # Material renders these fields as HTML: no tag of the payload may survive
            assert not re.search(r"<(script|img|svg)\\b|\\bon\\w+=\"window", d["title"] + d["text"]), d[
                "location"
            ]


def test_feed_carries_the_markup_as_text(hostile_site):
    for lang in ("", "en/"):
        feed = ET.parse(hostile_site / lang / "feed.xml").getroot()
        ns = {"a": "http://www.w3.org/2005/Atom"}
        entries = feed.findall("a:entry", ns)
        texts = [
            "".join(e.find("a:title", ns).itertext()) + "".join(e.find("a:summary", ns).itertext())
            for e in entries
        ]
        assert any(HOSTILE in t or "PWNTOKEN" in t for t in texts), texts[:3]
        assert HOSTILE.strip() in feed.find("a:title", ns).text  # the `changes` string
        for e in entries:
            for child in e:
                assert child.get("type", "text") == "text" and not list(child), child.tag


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    with serve(hostile_site) as url:
        yield url


@pytest.mark.parametrize(
    "path",
    ["policies/shenzhen-longgang-ai-2025/", "compare/compute_voucher/", "calculator/", "en/calculator/"],
)
def test_nothing_runs_in_the_browser(browser, hostile_url, path):
    context = browser.new_context(bypass_csp=True)  # escaping alone must hold
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_url + path, wait_until="load")
    if "calculator" in path:  # the live result (Python's answer, drawn by the page) names the clause
        page.wait_for_selector("#pe-calc-status[data-state=ready]", timeout=90_000)
        page.wait_for_function("document.getElementById('pe-calc-output').textContent.includes('PWNTOKEN')")
    else:
        search(page, "PWNTOKEN")
        assert "PWNTOKEN" in page.inner_text(".md-search-result")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned ?? null") is None
    assert page.locator("main img[src=x], main svg[onload], .md-search-result img").count() == 0
    assert not dialogs
    context.close()


# One page of every type (both editions for some), and the hand-written page with the raw script.
PAGE_TYPES = [
    "",
    "policies/",
    f"policies/{POLICY}/",
    f"policies/{POLICY}/clause-2/",
    "jurisdictions/",
    "jurisdictions/shenzhen-longgang/",
    "compare/",
    "compare/compute_voucher/",
    "timeline/",
    "glossary/",
    "calculator/",
    "widget/",
    "changes/",
    "data/",
    "embed/",
    "404.html",
    "en/",
    "en/compare/compute_voucher/",
    "en/calculator/",
]


@pytest.mark.parametrize("path", [*PAGE_TYPES, f"{RAW_PAGE}/", f"en/{RAW_PAGE}/"])
def test_the_csp_runs_only_what_the_templates_wrote(browser, hostile_url, path):
    """With the CSP enforced: every script the templates wrote runs (no violation), nothing else does."""
    context = browser.new_context()
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(hostile_url + path, wait_until="load")
    page.wait_for_function("() => document.body.hasAttribute('data-md-color-scheme')")  # Material's ran
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned ?? null") is None
    blocked = [e for e in errors if "Content Security Policy" in e]
    if path.rstrip("/").endswith(RAW_PAGE):
        assert len(blocked) == 1 and blocked[0].startswith("Executing inline script violates"), errors
        errors.remove(blocked[0])
    assert errors == []
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_comparisons_base_cell_shows_the_markup_as_text_exactly_once(hostile_site, lang):
    """Escaped twice, the payload reads ``&lt;script&gt;`` on the page: the comparison's "Base" cell
    did so inside the "takes the reference amount" string: ``t()`` put each escaped field in with
    ``Markup.replace``, which escapes a plain string argument a second time. Every comparison page's
    Base cells show the payload once, as text."""
    from policy_explorer.sitegen.templates import load_strings

    root = hostile_site / "en" if lang == "en" else hostile_site
    label = load_strings()["base"][lang]
    pages = sorted((root / "compare").glob("*/index.html"))
    assert pages
    for page in pages:
        text = "".join(_parse(page).text)
        at = text.find(f"{label}&lt;")
        assert at < 0, (page, text[max(0, at - 80) : at + 120].replace("\n", " "))
    taken = load_strings_pair("base_taken", lang)
    page = root / PAGES["comparison"]
    assert any(taken in t for t in _parse(page).text), f"no “{taken}” cell on {page}"
    assert f"{label}{HOSTILE.strip()[:20]}" in "".join(_parse(page).text)


def load_strings_pair(key: str, lang: str) -> str:
    """The fixed words of a site string (before its first ``{field}``), in ``lang``."""
    from policy_explorer.sitegen.templates import load_strings

    text = load_strings()[key][lang]
    return re.split(r"\{[a-z]+\}", text)[1].strip(" ；;")[:6]
