"""Words English readers can read: a Chinese programme name in an English text comes with its
meaning (issue 29: "'揭榜挂帅' explained in English labels")."""

from __future__ import annotations

from typing import Any

import pytest

# Chinese programme names English texts use, and the English words that must come with them: the
# category label says what 揭榜挂帅 is ("Open competitions for key projects (揭榜挂帅)").
EXPLAINED = {"揭榜挂帅": ("open competition", "open-competition")}


def _english(value: Any, where: str = ""):
    """Every English text in the data, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "en" and isinstance(item, str):
                yield where, item
            else:
                yield from _english(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _english(item, f"{where}[{i}]")


@pytest.mark.parametrize("term", sorted(EXPLAINED))
def test_a_chinese_programme_name_in_english_says_what_it_is(data, term):
    found = [(where, text) for where, text in _english(data) if term in text]
    assert found, f"no English text names {term}: drop it from EXPLAINED"
    bare = [(where, text) for where, text in found if not any(w in text.lower() for w in EXPLAINED[term])]
    assert not bare


def test_no_english_page_counts_one_of_a_plural(built_site):
    """Issue 29: "English plurals everywhere ('1 Policies', '1 Clauses', '1 kinds of expense')":
    no built English page says 1 before a plural noun (a count's noun, in any case)."""
    import html
    import re

    nouns = "policies|clauses|claims|rewards|items|places|documents|jurisdictions|vouchers|kinds of"
    wrong = re.compile(rf"(?<![\d.,])\b1 (?:{nouns})\b", re.I)
    found = {}
    for page in sorted((built_site / "en").rglob("*.html")):
        text = html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))
        hits = {m.group(0) for m in wrong.finditer(text)}
        if hits:
            found[str(page.relative_to(built_site))] = sorted(hits)
    assert not found
