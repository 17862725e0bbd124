"""A document's source text: each clause's text verbatim in it (or its divergences named)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..yamlload import Loaded
from .common import _list
from .dataset import Dataset


def _as_in_source(ds: Dataset, doc: Loaded, here: tuple, clause: dict, zh: Any) -> Any:
    """``text.zh`` with each declared divergence put back as the source reads it.

    A clause whose text cannot be the source's, character for character (a typo the issuer
    corrected elsewhere, a span the scrape lost), says so in ``diverges``; the rest must still be
    verbatim, so each span it changes is named, and only those.
    """
    if not isinstance(zh, str):
        return zh
    for j, change in enumerate(_list(clause.get("diverges"))):
        if not isinstance(change, dict) or not isinstance(change.get("text"), str):
            continue
        if change["text"] not in zh:
            ds.report(
                doc,
                (*here, "diverges", j, "text"),
                f"`{change['text']}` is not in this clause's text.zh: give the span as the text reads it",
            )
            continue
        zh = zh.replace(change["text"], str(change.get("source", "")), 1)
    return zh


def _check_source(ds: Dataset, doc: Loaded, source: dict, ctx: dict[str, Any]) -> str | None:
    seed = source.get("seed")
    if not isinstance(seed, str):
        return None
    path = ds.root / "sources" / seed
    if "." in Path(seed).stem:  # its page, sources/<stem>/, could be a published file (<policy>.yaml)
        suggested = Path(seed).stem.replace(".", "_") + ".txt"
        ds.report(
            doc,
            ("source", "seed"),
            f"`{seed}`: a seed's name has one dot, before txt: rename it (e.g. `{suggested}`)",
        )
        return None
    if Path(seed).name != seed or path.is_symlink() or not path.is_file():  # a file here, not a path out
        ds.report(doc, ("source", "seed"), f"no normalized source policies/sources/{seed}")
        return None
    if seed not in ctx["sources"]:
        try:
            ctx["sources"][seed] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            ds.report(doc, ("source", "seed"), f"cannot read policies/sources/{seed} as UTF-8 text: {exc}")
            return None
    return ctx["sources"][seed]
