"""Material's search worker with its Chinese query segmentation mended (one loop bound).

Material 9.8.1's worker splits a query's run of Chinese characters into words of the search index
(its ``segment`` step), but the loop that looks for words starting at each character stops one
short of the run's end, so a word is never matched up to the last character: 算力券 is searched as
算力 (ranking 算力基础设施 first and highlighting only 算力), 语料券 as 语料. This module makes the
worker with that bound corrected, under a name of its own (its content's hash), and the plugin
points every page's ``__config`` at it. The fix is the exact text below: a Material release that
changes it stops the build with a message, never leaves search silently unmended.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

FOLDER = "assets/javascripts/workers"
# The minified loop over the run (`t`): each end `o` after start `s`, up to, not including, the last.
BROKEN = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
MENDED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"
# Runs before Material's code: the worker's message handler gets each query (message type 2,
# QUERY) with its characters in the edition's script, by longest match in the table FOLD.
FOLDING = (
    "(()=>{const F=new Map(Object.entries(FOLD)),N=Math.max(1,...[...F.keys()].map(k=>k.length));"
    'const fold=q=>{let o="",i=0;while(i<q.length){let n=Math.min(N,q.length-i);'
    "while(n>1&&!F.has(q.slice(i,i+n)))n--;const w=q.slice(i,i+n);o+=F.has(w)?F.get(w):w;i+=n}return o};"
    "const add=self.addEventListener.bind(self);self.addEventListener=(type,fn,...rest)=>add(type,"
    'type!=="message"?fn:ev=>fn(ev.data&&ev.data.type===2&&typeof ev.data.data==="string"'
    "?{data:{...ev.data,data:fold(ev.data.data)}}:ev),...rest)})();\n"
)


class SearchWorkerError(Exception):
    """The theme's search worker is missing or no longer holds the code this module mends."""


@dataclass(frozen=True)
class Worker:
    """Material's worker (``original``, site path) and the mended one (``path``, ``content``)."""

    original: str
    path: str
    content: str


def mended_worker(theme_dirs: Sequence[str | Path], fold: Mapping[str, str] | None = None) -> Worker:
    """The mended worker made from the first ``search.*.min.js`` in the theme folders; with
    ``fold`` (``hant.fold_table``), it converts each query's script before searching."""
    for folder in theme_dirs:
        hits = sorted((Path(folder) / FOLDER).glob("search.*.min.js"))
        if hits:
            source = hits[0]
            break
    else:
        raise SearchWorkerError(
            f"no {FOLDER}/search.*.min.js in the theme folders ({', '.join(map(str, theme_dirs))}):"
            " is the theme mkdocs-material?"
        )
    text = source.read_text(encoding="utf-8")
    if text.count(BROKEN) != 1:
        raise SearchWorkerError(
            f"{source}: the query segmentation loop `{BROKEN}` is not there once: the theme's search"
            " worker changed; check whether 算力券 still finds 算力券 and update"
            " policy_explorer/sitegen/search_worker.py"
        )
    content = text.replace(BROKEN, MENDED)
    if fold:
        table = json.dumps(dict(sorted(fold.items())), ensure_ascii=False, separators=(",", ":"))
        content = FOLDING.replace("FOLD", table, 1) + content
    digest = hashlib.sha256(content.encode()).hexdigest()[:8]
    return Worker(f"{FOLDER}/{source.name}", f"{FOLDER}/search.pe-{digest}.min.js", content)
