"""Issue 29: a policy's deadline is shown wherever its status is (clause, policy, jurisdiction pages
and comparison rows), worded as the calculator words it and dated, and the home page puts upcoming
expiries above recent changes. Read from the site built for BUILD_DATE (2026-12-20)."""

from __future__ import annotations

import re

import pytest
from conftest import BUILD_DATE

# "本措施自2024年12月18日起施行,有效期2年。" (policies/documents/shenzhen-ai-pioneer-measures-2024.yaml):
# in force 2024-12-18 to 2026-12-17, so on 2026-12-20 it has ended.
SHENZHEN = "shenzhen-ai-pioneer-measures-2024"
ENDED = {"zh": "2026-12-17已到期", "en": "ended 2026-12-17"}
AS_OF = {"zh": f"截至{BUILD_DATE}", "en": f"as of {BUILD_DATE}"}
ROOTS = {"zh": "", "en": "en/"}


def _statuses(html: str) -> list[str]:
    """The text of every status badge on a page, tags dropped."""
    spans = re.findall(r'<span class="pe-status pe-status--[^"]*"[^>]*>(.*?)</span>', html, re.S)
    return [re.sub(r"<[^>]+>", "", s) for s in spans]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_status_of_an_ended_policy_says_when_it_ended(built_site, data, lang):
    policy = next(p for p in data["policies"] if p["id"] == SHENZHEN)
    clause = policy["clauses"][0]
    root = built_site / ROOTS[lang]
    pages = {
        "policy": root / "policies" / SHENZHEN / "index.html",
        "clause": root / "policies" / SHENZHEN / f"clause-{clause['id']}" / "index.html",
        "jurisdiction": root / "jurisdictions" / policy["jurisdiction"] / "index.html",
        "comparison": root / "compare" / clause["category"] / "index.html",
    }
    for name, path in pages.items():
        html = path.read_text(encoding="utf-8")
        said = [s for s in _statuses(html) if ENDED[lang] in s]
        assert said, (name, lang, _statuses(html)[:5])
        assert all(AS_OF[lang] in s for s in said), (name, said[:3])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_lists_upcoming_expiries_above_recent_changes(built_site, lang):
    from policy_explorer.sitegen.templates import load_strings

    words = load_strings()
    html = (built_site / ROOTS[lang] / "index.html").read_text(encoding="utf-8")
    headings = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    expiring, changes = words["expiring_soon"][lang], words["recently_changed"][lang]
    where = {w: next(i for i, h in enumerate(headings) if h.startswith(w)) for w in (expiring, changes)}
    assert where[expiring] < where[changes], headings


def test_english_counts_say_one_policy_and_one_clause(built_site, data):
    """Issue 29 ("1 Policies", "1 Clauses"): the counts in running text agree with their number."""
    from collections import Counter

    per_place = Counter(p["jurisdiction"] for p in data["policies"])
    single = next(j for j, n in per_place.items() if n == 1)
    name = next(j["name"]["en"] for j in data["jurisdictions"] if j["id"] == single)
    listing = (built_site / "en" / "jurisdictions" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"{re.escape(name)}</a>: 1 policy\b", listing), name
    for page in ("jurisdictions/index.html", "index.html"):
        text = re.sub(r"<[^>]+>", "", (built_site / "en" / page).read_text(encoding="utf-8"))
        assert not re.search(r"\b1 (policies|clauses)\b", text, re.I), page
