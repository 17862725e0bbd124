"""Plural forms of the site's words: which form of a counted phrase a language uses for ``n``.

A counted phrase is two strings, ``<key>_one`` and ``<key>_other`` (each ``{zh: …, en: …}``, with
``{n}`` where the number goes), so a site's ``strings.yaml`` words its own counts in each language
and no template or code builds a plural from an English rule. Chinese has no plural (``other``
always); English has ``one`` for exactly 1. A language not listed here uses ``other``.
"""

from __future__ import annotations

from collections.abc import Callable

FORMS = ("one", "other")
RULES: dict[str, Callable[[int], str]] = {
    "en": lambda n: "one" if n == 1 else "other",
    "zh": lambda n: "other",
}


def form(lang: str, n: int) -> str:
    """The plural form ``lang`` uses for ``n``: ``one`` or ``other``."""
    return RULES.get(lang, lambda n: "other")(n)


def counted(words: Callable[[str], str], key: str, lang: str, n: int) -> str:
    """The counted phrase ``key`` for ``n`` (``words`` gives a string key's text in ``lang``)."""
    return words(f"{key}_{form(lang, n)}").replace("{n}", str(n))
