"""The facts a formula reads (shared and a document's own): their schema and checks."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..yamlload import Loaded
from .common import _among, _list, did_you_mean
from .dataset import Dataset
from .fields import BILINGUAL, ID, MAX_NUMBER


def _fact_hint(name: str, facts: Collection) -> str:
    """Another document's fact of that name, to write in full; else the nearest known id."""
    elsewhere = sorted(f for f in facts if isinstance(f, str) and f.endswith(f".{name}"))
    if elsewhere:
        return f" (another document declares it: write it in full, `{elsewhere[0]}`)"
    return did_you_mean(name, facts)


def _own_facts(ds: Dataset, doc: Loaded, data: dict, shared: dict[str, dict]) -> dict[str, dict]:
    """The facts a document declares, by their short names: its own, whatever other documents
    declare (each has its own ``sme``), but neither twice in it nor shadowing a shared fact."""
    own: dict[str, dict] = {}
    for i, fact in enumerate(_list(data.get("facts"))):
        if not (isinstance(fact, dict) and isinstance(fact.get("id"), str)):
            continue
        name = fact["id"]
        if name in shared:
            ds.report(
                doc,
                ("facts", i, "id"),
                f"facts.yaml already declares `{name}`: "
                "read that one, or give this document's fact another id",
            )
        elif name in own:
            ds.report(doc, ("facts", i, "id"), f"fact `{name}` is declared twice in this document")
        else:
            own[name] = fact
    return own


def _check_vocabularies(
    ds: Dataset, jurisdictions: dict, place_files: dict, facts: dict[str, dict], fact_files: dict
) -> None:
    for jid, place in jurisdictions.items():
        loaded, where = place_files[jid]
        parent = place.get("parent") if isinstance(place, dict) else None
        if parent is not None and not _among(parent, jurisdictions):
            ds.report(
                loaded,
                (*where, "parent"),
                f"unknown parent jurisdiction `{parent}`{did_you_mean(parent, jurisdictions)}",
            )
        seen, cur = {jid}, parent
        while _among(cur, jurisdictions):
            if cur in seen:
                ds.report(loaded, where, f"jurisdiction `{jid}` is its own ancestor (a cycle)")
                break
            seen.add(cur)
            cur = jurisdictions[cur].get("parent")
    for fid, fact in facts.items():
        loaded, where = fact_files[fid]
        within = fact.get("within")
        if within is not None and not _among(within, facts):
            ds.report(
                loaded,
                (*where, "within"),
                f"`within` names unknown fact `{within}`{did_you_mean(within, facts)}",
            )
        if (fact.get("unit") == "level") != ("choices" in fact):
            ds.report(loaded, where, "a `level` fact needs `choices`, and only a level fact may have them")


FACT_UNITS = ["CNY", "m2", "count", "months", "boolean", "level"]


def fact_schema() -> dict[str, Any]:
    """One fact of the vocabulary (also used in a document's own ``facts:``)."""
    return {
        "type": "object",
        "required": ["id", "unit", "label", "help"],
        "properties": {
            "id": ID,
            "unit": {"enum": FACT_UNITS},
            "label": BILINGUAL,
            "help": BILINGUAL,
            "expense": ID,
            # A review, evaluation, selection or approval outcome (经评审, 择优, 认定, 经…同意): assumed
            # for the maximum total while unanswered, counted in the conservative total once answered.
            "review": {"type": "boolean"},
            "within": ID,
            "min": {"type": "integer", "minimum": 0, "maximum": MAX_NUMBER},
            "max": {"type": "integer", "minimum": 1, "maximum": MAX_NUMBER},
            "choices": {
                "type": "array",
                "minItems": 2,
                "items": {
                    "type": "object",
                    "required": ["value", "label"],
                    "properties": {
                        "value": {"type": "integer", "minimum": 0, "maximum": MAX_NUMBER},
                        "label": BILINGUAL,
                    },
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    }
