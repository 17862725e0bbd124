"""Checks over every text of a file: no floats, no hidden characters, English fields in English."""

from __future__ import annotations

import re

from ..yamlload import Loaded
from .common import _walk
from .dataset import Dataset


def _check_floats(ds: Dataset, loaded: Loaded) -> None:
    for where, value in _walk(loaded.data):
        if isinstance(value, float):
            ds.report(
                loaded,
                where,
                f'`{value}` is a binary float: write rates as "30%" and amounts as whole yuan or "1.5万"',
            )


# Characters that change what a reader sees without showing themselves: bidirectional controls
# (U+202E shows "exe.gpj" as "jpg.exe") and the zh-Hant edition's keep markers U+E000/U+E001
# (sitegen/hant.py), which in a value would leave the rest of a page unconverted or unmarked.
HIDDEN_CHARACTERS = {
    "\u061c": "an Arabic letter mark",
    "\u200e": "a left-to-right mark",
    "\u200f": "a right-to-left mark",
    **{chr(c): "a bidirectional embedding or override" for c in range(0x202A, 0x202F)},
    **{chr(c): "a bidirectional isolate" for c in range(0x2066, 0x206A)},
    "\ue000": "the zh-Hant edition's keep marker",
    "\ue001": "the zh-Hant edition's keep marker",
}
_HIDDEN = re.compile(f"[{''.join(HIDDEN_CHARACTERS)}]")


def _check_characters(ds: Dataset, loaded: Loaded) -> None:
    """No value or key holds a character that hides or reorders text (see ``HIDDEN_CHARACTERS``)."""
    for where, value in _walk(loaded.data):
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, dict):
            texts += [k for k in value if isinstance(k, str)]
        for text in texts:
            found = _HIDDEN.search(text)
            if found:
                char = found[0]
                ds.report(
                    loaded,
                    where,
                    f"holds U+{ord(char):04X} ({HIDDEN_CHARACTERS[char]}), unseen by readers: delete it",
                )


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")
_LATIN = re.compile(r"[A-Za-z]")


def _check_english(ds: Dataset, loaded: Loaded) -> None:
    """An ``en`` text that is mostly Chinese: the translation was pasted into the wrong field.

    English texts quote Chinese terms (``"揭榜挂帅 project standing"``), so a few Chinese characters
    are fine; a text where they make up more than a quarter of the letters is not a translation.
    """
    for where, value in _walk(loaded.data):
        if not (where and where[-1] == "en" and isinstance(value, str)):
            continue
        chinese, latin = len(_CJK.findall(value)), len(_LATIN.findall(value))
        if chinese and 3 * chinese > latin:
            ds.report(
                loaded,
                where,
                f"the English text is mostly Chinese ({chinese} Chinese characters, {latin} Latin letters): "
                "put the Chinese in `zh` and a translation in `en`",
            )
