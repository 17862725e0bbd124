"""Material's invalid attributes are removed, and nothing else in the page changes."""

from __future__ import annotations

from policy_explorer.sitegen.conform import conform

DRAWER = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
SECTION = '<label class="md-nav__link" for="__nav_4" id="__nav_4_label" tabindex="">'


def test_checkbox_toggles_lose_autocomplete():
    assert (
        conform(DRAWER) == '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
    )


def test_section_labels_lose_the_empty_tabindex():
    assert conform(SECTION) == '<label class="md-nav__link" for="__nav_4" id="__nav_4_label">'


def test_everything_else_is_kept():
    search = '<input type="text" class="md-search__input" autocomplete="off" required>'
    focusable = '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="0">'
    text = '<p>tabindex="" and autocomplete="off" in prose</p>'
    for html in (search, focusable, text):
        assert conform(html) == html
