"""The search-ranking check: queries readers type, the page each must find first, and recall.

Most queries follow from the data, so they grow with it: each category's name and search terms find
its comparison table (in the English edition its Chinese ones do too), each jurisdiction's name and
search terms its page, each policy's short title its page. ``policies/search_queries.yaml`` adds
what readers also type (short place names, abbreviations such as 揭榜挂帅, glossary terms), each
naming its page by what it is
(``category: jiebang``, ``jurisdiction: <place id>``, ``glossary: true``…), never by a built path.

The queries run through Material's own search worker on the built site (``tools/node/search.mjs``),
so the ranking measured is the one readers get. The Traditional Chinese edition is generated, and so
are its queries: each Simplified query converted as its pages are (:func:`converted`).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .yamlload import load_clean

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tools" / "node" / "search.mjs"
EDITIONS = {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}  # each edition's folder in the built site
AUTHORED = ("zh", "en")  # the editions whose queries are written; zh-Hant's are converted
_TARGETS = ("category", "jurisdiction", "policy", "glossary", "page")


class SearchQueryError(Exception):
    """The query file is malformed, or the search could not run (message says where and what to do)."""


@dataclass(frozen=True)
class Query:
    lang: str
    text: str
    page: str  # the page that must come first, as the search lists it: "compare/jiebang/"
    origin: str  # where the query comes from: "categories.yaml", "search_queries.yaml:12"…


def _page(target: dict[str, Any]) -> str:
    if "category" in target:
        return f"compare/{target['category']}/"
    if "jurisdiction" in target:
        return f"jurisdictions/{target['jurisdiction']}/"
    if "policy" in target:
        return f"policies/{target['policy']}/"
    if "glossary" in target:
        return "glossary/"
    return target["page"]


def _listed(data: dict[str, Any]) -> set[str]:
    """The jurisdictions with a page: those with a policy at or under them."""
    parents = {j["id"]: j.get("parent") for j in data["jurisdictions"]}
    listed: set[str] = set()
    for jid in {p["jurisdiction"] for p in data["policies"]}:
        while jid:
            listed.add(jid)
            jid = parents[jid]
    return listed


def derived(data: dict[str, Any], lang: str) -> list[Query]:
    """The queries that follow from the data, for the ``lang`` edition."""
    out = []
    for c in data["categories"]:
        out.append(Query(lang, c["label"][lang], f"compare/{c['id']}/", "categories.yaml"))
        if lang == "en":  # readers of the English edition type the Chinese term too
            out.append(Query(lang, c["label"]["zh"], f"compare/{c['id']}/", "categories.yaml"))
        out += [Query(lang, t, f"compare/{c['id']}/", "categories.yaml") for t in terms(c, lang)]
    listed = _listed(data)
    for j in data["jurisdictions"]:
        if j["id"] in listed:
            page = f"jurisdictions/{j['id']}/"
            out.append(Query(lang, j["name"][lang], page, "jurisdictions.yaml"))
            out += [Query(lang, t, page, "jurisdictions.yaml") for t in terms(j, lang)]
    for p in data["policies"]:
        out.append(Query(lang, p["short_title"][lang], f"policies/{p['id']}/", p["file"]))
    return out


def terms(item: dict[str, Any], lang: str) -> list[str]:
    """A category's or place's search terms as the ``lang`` edition shows them: the English edition
    shows the Chinese ones too (``also_called`` in the templates)."""
    found = item.get("search_terms") or {}
    return [*found.get(lang, []), *(found.get("zh", []) if lang == "en" else [])]


def topical(query: Query) -> bool:
    """A query for a topic (a category, a place, a policy), which no page about the site itself may
    answer first."""
    return query.page.startswith(("compare/", "jurisdictions/", "policies/"))


def extra(path: Path, data: dict[str, Any], lang: str) -> list[Query]:
    """The queries in ``path`` (``policies/search_queries.yaml``) for the ``lang`` edition."""
    if not path.exists():
        return []
    loaded = load_clean(path, SearchQueryError)
    known = {
        "category": {c["id"] for c in data["categories"]},
        "jurisdiction": {j["id"] for j in data["jurisdictions"]},
        "policy": {p["id"] for p in data["policies"]},
    }
    listed = _listed(data)
    out = []
    for i, entry in enumerate(loaded.data or []):
        where = f"{path}:{loaded.line((i,))}"
        if not isinstance(entry, dict) or not isinstance(entry.get("query"), dict):
            raise SearchQueryError(f"{where}: write `- query: {{zh: …, en: …}}` and what it finds")
        targets = [k for k in _TARGETS if k in entry]
        if len(targets) != 1:
            raise SearchQueryError(f"{where}: name exactly one page to find: one of {', '.join(_TARGETS)}")
        key = targets[0]
        if key in known and entry[key] not in known[key]:
            raise SearchQueryError(f"{where}: no {key} `{entry[key]}` in the data")
        if key == "jurisdiction" and entry[key] not in listed:
            continue  # a place whose documents were all removed has no page to find (nor a query)
        unknown = set(entry["query"]) - set(AUTHORED)
        if unknown:
            raise SearchQueryError(f"{where}: `query` takes zh and en, not {', '.join(sorted(unknown))}")
        for text in entry["query"].get(lang) or []:
            if not isinstance(text, str) or not _plain(text):
                raise SearchQueryError(
                    f"{where}: `{text}` is not a plain query: no quotes, no word starting with * + - : ^ ~"
                )
            out.append(Query(lang, text, _page(entry), f"search_queries.yaml:{loaded.line((i,))}"))
    return out


def converted(queries: list[Query]) -> list[Query]:
    """The Simplified queries in Traditional characters, for the zh-Hant edition (OpenCC, as its
    pages are converted: 语料券 → 語料券), each finding the same page."""
    from .sitegen.hant import HANT, to_hant

    return [Query(HANT, to_hant(q.text), q.page, q.origin) for q in queries if q.lang == "zh"]


def _plain(text: str) -> bool:
    """Words only: quotes and leading operators are lunr's query syntax, which readers do not type."""
    return bool(text.strip()) and '"' not in text and not any(w[0] in "*+-:^~" for w in text.split())


def ranked(site: Path, queries: list[Query]) -> list[list[str]]:
    """The pages each query finds in the built ``site``, in the search dialog's order."""
    out: list[list[str]] = []
    for lang, prefix in EDITIONS.items():
        mine = [q for q in queries if q.lang == lang]
        if not mine:
            continue
        payload = json.dumps({"site": str(site / prefix), "queries": [q.text for q in mine]})
        try:
            proc = subprocess.run(
                ["node", str(RUNNER)], input=payload, capture_output=True, text=True, check=False
            )
        except FileNotFoundError:
            raise SearchQueryError("node is needed to run the site's search: install Node.js 20+") from None
        if proc.returncode:
            raise SearchQueryError(proc.stderr.strip() or f"{RUNNER} failed ({proc.returncode})")
        out.extend(json.loads(proc.stdout))
    return out


def recall(queries: list[Query], results: list[list[str]], k: int) -> float:
    """The share of queries whose page is among the first ``k`` pages found."""
    hits = sum(q.page in found[:k] for q, found in zip(queries, results, strict=True))
    return hits / len(queries) if queries else 0.0
