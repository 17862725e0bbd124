"""The glossary file: its checks."""

from __future__ import annotations

from pathlib import Path

from ..yamlload import Loaded
from .common import _dict, _list
from .dataset import Dataset, Problem, _load
from .schema_check import _check_schema
from .text import _check_characters, _check_english, _check_floats


def _check_glossary(ds: Dataset) -> None:
    """The glossary's schema, then each Chinese term once (one entry per term on the glossary page)."""
    if ds.glossary is None:
        return
    _check_schema(ds, ds.glossary, "glossary.schema.json")
    _check_floats(ds, ds.glossary)
    _check_characters(ds, ds.glossary)
    _check_english(ds, ds.glossary)
    seen: set[str] = set()
    for i, term in enumerate(_list(ds.glossary.data)):
        zh = _dict(term).get("zh")
        if isinstance(zh, str):
            if zh in seen:
                ds.report(ds.glossary, (i, "zh"), f"`{zh}` is already in the glossary: merge the two entries")
            seen.add(zh)


def check_glossary(path: Path) -> tuple[Loaded | None, list[Problem]]:
    """The glossary file at ``path`` on its own, with the checks :func:`check_dataset` gives it."""
    ds = Dataset(root=path.parent)
    ds.glossary = _load(ds, path)
    _check_glossary(ds)
    return ds.glossary, sorted(set(ds.problems))
