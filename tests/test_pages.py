"""The page families (policy_explorer.sitegen.pages): the navigation is built from their specs."""

from __future__ import annotations

from policy_explorer.sitegen.pages import Nav, PageSpec, families, navigation

STRINGS = {"a": {"zh": "甲", "en": "A <b>"}, "b": {"zh": "乙", "en": "B"}}


def test_the_navigation_lists_sections_by_rank_a_sections_first_page_as_its_link():
    pages = [
        PageSpec("x", "b/index.md", "B index", "s", nav=Nav("b", 20)),
        PageSpec("x", "hidden.md", "Hidden", "s"),
        PageSpec("x", "a.md", "A page", "s", nav=Nav("a", 10)),
        PageSpec("x", "b/one.md", "One  <i>", "s", nav=Nav("b", 20)),
    ]
    assert navigation(pages, STRINGS, "en") == [
        {"A &lt;b&gt;": "a.md"},
        {"B": ["b/index.md", {"One &lt;i&gt;": "b/one.md"}]},
    ]


def test_every_family_has_its_place_and_its_pages():
    found = families()
    orders = [family.ORDER for family in found]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert all(callable(family.pages) for family in found)
