"""The glossary (``policies/glossary.yaml``) and the Chinese search dictionary made from it.

Material's search segments Chinese with jieba at build time. Without help, jieba splits 算力券 into
算力 + 券, so a search for 算力券 finds nothing whole. Every glossary term, category label and
jurisdiction name goes into a jieba user dictionary, so each is one search word.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from pypinyin import Style, lazy_pinyin

from ..validate import check_glossary

# The stroke count of each character the zh-Hant glossary shows (tools/hk_strokes.py writes it from
# Unihan's kTotalStrokes): Hong Kong readers look a term up by the strokes of its first character.
STROKES = Path(__file__).resolve().parent.parent / "defaults" / "hk_strokes.tsv"
_TOOL = "python tools/hk_strokes.py (it adds the glossary's characters from Unihan)"
# jieba user-dictionary weight: high enough to win over the built-in split of a known term.
WEIGHT = 2000
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"^[\w\u3400-\u9fff+·]+$")


class GlossaryError(Exception):
    """The glossary file is unreadable or malformed (message names the file and entry)."""


def load_glossary(path: Path) -> list[dict[str, Any]]:
    """The glossary entries (``zh``, ``en``, optional ``also_en``, ``note``), sorted by English term;
    [] if there is no file.

    The file is checked as ``validate`` checks it (strict YAML, ``policies/schema/glossary.schema.json``,
    each term once); the first problem found is raised as :class:`GlossaryError` with its file and line.
    """
    if not path.exists():
        return []
    loaded, problems = check_glossary(path)
    if problems or loaded is None:
        raise GlossaryError(
            str(problems[0]) + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
        )
    return sorted(loaded.data or [], key=lambda e: e["en"].lower())


def pinyin_key(term: str) -> tuple[str, str]:
    """The order of a Chinese term in a dictionary: its pinyin (tone marks dropped), then the term."""
    return (" ".join(lazy_pinyin(term, style=Style.NORMAL)).lower(), term)


def by_letter(glossary: list[dict[str, Any]], lang: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """The entries in the edition's order, grouped under their initial letter: ``[("S", [...]), ...]``.

    Chinese readers look a term up by its pinyin (算力券 under S, as in a dictionary), English
    readers by the English term. Pinyin comes from pypinyin, which knows each character's readings
    (and common words' readings of characters with several), not from a table kept here.
    """
    if lang == "zh":
        keyed = sorted((pinyin_key(e["zh"]), e) for e in glossary)
    else:
        keyed = sorted(((e["en"].lower(), e["zh"]), e) for e in glossary)
    groups: dict[str, list[dict[str, Any]]] = {}
    for (key, _), entry in keyed:
        letter = key[:1].upper() if key[:1].isascii() and key[:1].isalpha() else "#"
        groups.setdefault(letter, []).append(entry)
    return list(groups.items())


@functools.cache
def _strokes(path: Path = STROKES) -> dict[str, int]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read it ({exc.strerror}): run {_TOOL}") from None
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            char, count = line.split("\t")
            table[char] = int(count)
    return table


def stroke_key(term: str) -> tuple[tuple[int, ...], str]:
    """The order of a Traditional term in a Hong Kong glossary: the stroke counts of its characters,
    one by one (a letter or a sign first, as 0: its group is "ABC"), then the term."""
    table = _strokes()
    counts = []
    for char in term:
        if _HAN.match(char):
            if char not in table:
                raise GlossaryError(
                    f"{STROKES}: no stroke count for {char} (glossary term {term}): run {_TOOL}"
                )
            counts.append(table[char])
        else:
            counts.append(0)
    return (tuple(counts), term)


def by_strokes(glossary: list[dict[str, Any]], convert: Any) -> list[tuple[str, list[dict[str, Any]]]]:
    """The entries of the Traditional edition by the strokes of their terms (``convert``: a term as the
    edition writes it), grouped under the first character's count: ``[("3", [...]), ...]``.

    Hong Kong dictionaries and glossaries order terms by stroke count (部首 and 筆畫), not by pinyin,
    which Hong Kong readers do not use to look a word up.
    """
    keyed = sorted((stroke_key(convert(e["zh"])), e) for e in glossary)
    groups: dict[str, list[dict[str, Any]]] = {}
    for ((first, *_), _), entry in keyed:
        groups.setdefault(str(first) if first else "ABC", []).append(entry)
    return list(groups.items())


def search_words(glossary: list[dict[str, Any]], data: dict[str, Any]) -> list[str]:
    """The Chinese words search must keep whole: glossary terms, categories, jurisdictions."""
    words = [e["zh"] for e in glossary]
    words += [c["label"]["zh"] for c in data["categories"]]
    words += [j["name"]["zh"] for j in data["jurisdictions"]]
    seen: dict[str, None] = {}
    for word in words:
        word = word.strip()
        if len(word) > 1 and _WORD.match(word):
            seen.setdefault(word)
    return list(seen)


def jieba_user_dict(words: list[str]) -> str:
    """The words in jieba's user-dictionary format (``word weight`` per line)."""
    return "".join(f"{w} {WEIGHT} n\n" for w in words)
