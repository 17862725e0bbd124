"""Counted phrases: each language picks its form, and the default strings word every counted key in both."""

from __future__ import annotations

import pytest

from policy_explorer.sitegen.plurals import FORMS, counted, form
from policy_explorer.sitegen.templates import load_strings


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [("en", 1, "one"), ("en", 0, "other"), ("en", 2, "other"), ("zh", 1, "other"), ("fr", 1, "other")],
)
def test_each_language_picks_its_form(lang, n, expected):
    assert form(lang, n) == expected


def test_the_default_words_count_one_policy_and_three_policies():
    strings = load_strings()
    for lang, n, expected in (("en", 1, "1 policy"), ("en", 3, "3 policies"), ("zh", 1, "1 政策")):
        assert counted(lambda key, lang=lang: strings[key][lang], "n_policies", lang, n) == expected


def test_every_counted_key_has_both_forms_and_its_number():
    strings = load_strings()
    counted_keys = {k.rsplit("_", 1)[0] for k in strings if k.startswith("n_") and k.endswith(FORMS)}
    assert counted_keys
    for key in counted_keys:
        for plural_form in FORMS:
            assert all("{n}" in text for text in strings[f"{key}_{plural_form}"].values()), key
