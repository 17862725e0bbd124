"""The Traditional Chinese edition: the Simplified edition converted with OpenCC, never hand-translated.

The edition ``zh-Hant`` is rendered from the same templates and data as ``zh`` and then converted,
so no word is written twice and a new policy needs nothing of its own here. OpenCC's ``s2hk``
configuration is used: Hong Kong conventions (character forms and phrases), for the readers the
edition is for (Qianhai's measures court Hong Kong companies; Hong Kong consultancies advise them).

The official clause text stays Simplified: a template marks it with :func:`keep` (the filter
``original``) and :func:`convert` passes it through unchanged, so the page shows the official
original beside a conversion labelled as one. That conversion (and any other official text: a quoted
sentence, a document's title) is marked with :func:`official` and converted by OpenCC only; the
site's own words also get the Hong Kong layer (:mod:`.hk`: 「」 quotes, reviewed phrases, 人民幣).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import hk

HANT = "zh-Hant"
# The edition's language tag: written for Hong Kong readers (html lang, hreflang, converted spans).
HANT_LANG = "zh-HK"
CONFIG = "s2hk"  # OpenCC's Simplified → Traditional (Hong Kong standard) configuration
# Private-use characters: no policy text or template holds them, and OpenCC leaves them alone.
_OPEN, _CLOSE = "\ue000", "\ue001"
_OFFICIAL_OPEN, _OFFICIAL_CLOSE = "\ue002", "\ue003"
# A kept original (group 1) or an official text converted by OpenCC only (group 2).
_KEPT = re.compile(f"{_OPEN}(.*?){_CLOSE}|{_OFFICIAL_OPEN}(.*?){_OFFICIAL_CLOSE}", re.S)
# Text in the page that was Simplified and is now converted is tagged as Traditional.
_HANS_TAG = re.compile(r'lang="zh-Hans"')
# Generated files that hold reader-facing text; data files (open data, YAML) stay the official text.
TEXT_SUFFIXES = (".md", ".html", ".xml", ".ics")


@functools.cache
def _converter() -> Any:
    import opencc  # imported here: only the zh-Hant edition needs it

    return opencc.OpenCC(CONFIG)


def keep(text: str) -> str:
    """Mark ``text`` (already escaped) as an original that :func:`convert` must not change."""
    return f"{_OPEN}{text}{_CLOSE}"


def official(text: str) -> str:
    """Mark ``text`` (already escaped) as an official text: :func:`convert` gives it OpenCC only."""
    return f"{_OFFICIAL_OPEN}{text}{_OFFICIAL_CLOSE}"


# A web address, which may hold Chinese characters (a gov.cn attachment: …/附件/关于….pdf): converted,
# it would name a file the server does not have. It ends at a space, a quote or bracket of markup, or
# Chinese punctuation (the sentence around it goes on: "详见https://…/通知.pdf。").
_URL = re.compile(
    r"""https?://[^\s<>"'`\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+"""
)


def to_hant(text: str) -> str:
    """Plain Simplified text in Traditional characters with Hong Kong conventions; web addresses
    in it are left as they are."""
    out: list[str] = []
    at = 0
    for match in _URL.finditer(text):
        out += [_converter().convert(text[at : match.start()]), match[0]]
        at = match.end()
    out.append(_converter().convert(text[at:]))
    return "".join(out)


def to_site(text: str) -> str:
    """The site's own words (a string, a title, a note) as the edition shows them: OpenCC, then the
    Hong Kong layer."""
    return hk.localize(to_hant(text))


def convert(text: str) -> str:
    """A rendered page in Traditional Chinese, its kept originals unchanged and unmarked, its official
    texts converted by OpenCC only, the rest also by the Hong Kong layer.

    Outside the kept parts, ``lang="zh-Hans"`` becomes ``lang="zh-HK"``: that text was converted.
    The layer sees the whole page, each protected part as one placeholder character, so a quotation
    mark the site writes around an official text becomes 「 as well.
    """
    out: list[str] = []
    protected: list[str] = []
    at = 0
    for match in _KEPT.finditer(text):
        out.append(_HANS_TAG.sub(f'lang="{HANT_LANG}"', to_hant(text[at : match.start()])))
        protected.append(match.group(1) if match.group(2) is None else to_hant(match.group(2)))
        out.append(chr(hk.PLACEHOLDER_BASE + len(protected) - 1))
        at = match.end()
    out.append(_HANS_TAG.sub(f'lang="{HANT_LANG}"', to_hant(text[at:])))
    page = hk.localize("".join(out))
    if not protected:
        return page
    return _PLACEHOLDERS.sub(lambda m: protected[ord(m[0]) - hk.PLACEHOLDER_BASE], page)


_PLACEHOLDERS = re.compile("[\U000f0000-\U000ffffd]")


def convert_files(out_dir: Path, paths: Iterable[str]) -> None:
    """Convert the generated text files among ``paths`` (relative to ``out_dir``) in place."""
    for path in paths:
        target = out_dir / path
        if path.endswith(TEXT_SUFFIXES) and not path.startswith("assets/vendor/"):
            target.write_text(convert(target.read_text(encoding="utf-8")), encoding="utf-8")


def convert_folder(src: Path, dst: Path) -> list[str]:
    """Copy the hand-written pages of ``src`` (``content/zh``) into ``dst``, converted; their paths."""
    written = []
    for path in sorted(src.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(src).as_posix()
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            target.write_text(convert(path.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            target.write_bytes(path.read_bytes())
        written.append(rel)
    return written


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def answer_table(data: Any, engine: Path) -> dict[str, str]:
    """What the calculator page needs to show the engine's Simplified answers in Traditional characters.

    The engine (run in the reader's browser, where OpenCC is not) answers with the data's zh texts
    and the zh words of its own modules (``engine``: the calculator package). OpenCC converts each
    run of Chinese characters found there, here, at build time: the table holds every character
    that changes and every run whose conversion is not the one of its characters (重复 → 重複, not
    the per-character 重復), for the page's longest-match lookup (calculator.mjs, ``toHant``).
    """
    runs: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            runs.update(_CJK.findall(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    for module in sorted(engine.glob("*.py")):
        runs.update(_CJK.findall(module.read_text(encoding="utf-8")))
    chars = {c: to_hant(c) for c in sorted({c for run in runs for c in run})}
    table = {c: t for c, t in chars.items() if t != c}
    for run in sorted(runs):
        converted = to_hant(run)
        if len(run) > 1 and converted != "".join(chars[c] for c in run):
            table[run] = converted
    return table


def convert_tree(value: Any) -> Any:
    """Every string in a nested structure (the navigation, the footer, the calculator's words)
    converted as the site's own words."""
    if isinstance(value, str):
        return to_site(value)
    if isinstance(value, list):
        return [convert_tree(v) for v in value]
    if isinstance(value, dict):
        return {convert_tree(k): convert_tree(v) for k, v in value.items()}
    return value
