"""Markup and script in the data are shown as text everywhere: pages, tables, search, calculator, feed.

A copy of the repository's site sources is built with one policy made hostile: HTML, script, event
handlers, a ``javascript:`` Markdown link and a Markdown attribute list in a clause's title and text,
the policy's title and a provenance note, committed to git so that the change feed carries them too.
The checks do not lean on the Content-Security-Policy: the browser checks run with it bypassed, so
only escaping stands between the data and the page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import search
from conftest import BUILD_DATE, ROOT

from policy_explorer.audit.browser import serve
from policy_explorer.audit.repro import build

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
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, root / name)
    for name in ("content", "site_templates", "policies"):
        shutil.copytree(ROOT / name, root / name)
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
    note = re.search(r"^  - zh: (种子文件是一篇汇总文章.*)$", doc.read_text(encoding="utf-8"), re.M)
    _replace(doc, note.group(0), f"  - zh: {json.dumps(HOSTILE + note.group(1), ensure_ascii=False)}")
    # The clause text must stay verbatim in its source: change both.
    for path in (doc, root / SOURCE):
        _replace(path, "加大优质优价算力供给。支持企业", f"加大优质优价算力供给。{HOSTILE}支持企业")
    _git(root, "commit", "-qam", f"hostile {HOSTILE}")
    site = root / "site"
    build(site, BUILD_DATE, root)
    return site


class _Elements(HTMLParser):
    """Every element with its attributes, the text of scripts, and the page's visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._tag = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._tag = tag

    def handle_data(self, data):
        (self.scripts if self._tag == "script" else self.text).append(data)


def _parse(path: Path) -> _Elements:
    parsed = _Elements()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def _injected(parsed: _Elements) -> list:
    """Anything a payload would have become, had it been taken as markup."""
    found = [(t, a) for t, a in parsed.elements if any(k.startswith("on") for k in a)]
    found += [(t, a) for t, a in parsed.elements if a.get("href", "").lower().startswith("javascript:")]
    found += [(t, a) for t, a in parsed.elements if t == "img" and a.get("src") == "x"]
    found += [s for s in parsed.scripts if "__pwned" in s]
    return found


PAGES = {
    "policy": f"policies/{POLICY}/index.html",
    "clause": f"policies/{POLICY}/clause-2/index.html",
    "comparison": "compare/compute_voucher/index.html",
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
