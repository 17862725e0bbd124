"""Every check over a loaded dataset, in order (the node kinds' checks together)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from policy_explorer.calculator.factnames import full_id

from .. import siteconfig
from ..yamlload import Loaded
from .clause import _parts_of
from .common import _dict, _ids, _list, _page_path_taken
from .dataset import Dataset, Problem
from .document import _check_document
from .facts import _check_vocabularies, _own_facts
from .glossary import _check_glossary
from .schema_check import _check_schema
from .text import _check_characters, _check_english, _check_floats


def check_dataset(ds: Dataset) -> list[Problem]:
    """Every problem in a loaded dataset (it is loaded once and reused by the compiler)."""
    if ds.site is not None:
        for where, message in siteconfig.problems(ds.site.data):
            ds.report(ds.site, where, message)
    for loaded, name in (
        (ds.jurisdictions, "jurisdictions.schema.json"),
        (ds.categories, "categories.schema.json"),
        (ds.facts, "facts.schema.json"),
    ):
        if loaded is not None:
            _check_schema(ds, loaded, name)
            _check_floats(ds, loaded)
            _check_characters(ds, loaded)
            _check_english(ds, loaded)
    for doc in ds.documents:
        _check_schema(ds, doc, "document.schema.json")
        _check_floats(ds, doc)
        _check_characters(ds, doc)
        _check_english(ds, doc)

    jurisdictions = _ids(ds, ds.jurisdictions, "jurisdiction", pages=True)
    categories = _ids(ds, ds.categories, "category", pages=True)
    facts = _ids(ds, ds.facts, "fact")
    if ds.facts is not None and isinstance(ds.facts.data, list) and "startup" not in facts:
        # Every profile has a top-level `startup` (policy_explorer/calculator/profile.py): the vocabulary must
        # say what it is.
        ds.report(
            ds.facts, (), "no fact `startup`: declare it (unit: boolean); every profile's `startup` reads it"
        )
    shared_facts = dict(facts)
    own_facts: dict[Any, dict[str, dict]] = {}
    fact_files = {fid: (ds.facts, (i,)) for i, fid in enumerate(facts)}
    place_files = {jid: (ds.jurisdictions, (i,)) for i, jid in enumerate(jurisdictions)}
    clauses: set[tuple[str, str]] = set()
    parts: dict[tuple[str, str], list[str]] = {}
    doc_ids: dict[str, Loaded] = {}
    for doc in ds.documents:
        data = _dict(doc.data)
        doc_id = data.get("id")
        if not isinstance(doc_id, Hashable):  # a list: the schema check reports it
            doc_id = str(doc_id)
        _page_path_taken(ds, doc, ("id",), "document", doc_id)
        if doc_id in doc_ids:
            ds.report(doc, ("id",), f"duplicate document id `{doc_id}`")
        doc_ids[doc_id] = doc
        for i, place in enumerate(_list(data.get("jurisdictions"))):
            if isinstance(place, dict) and isinstance(place.get("id"), str):
                if place["id"] in jurisdictions:
                    where = ("jurisdictions", i, "id")
                    ds.report(doc, where, f"jurisdiction `{place['id']}` is already defined elsewhere")
                jurisdictions[place["id"]] = place
                place_files[place["id"]] = (doc, ("jurisdictions", i))
        own_facts[doc_id] = _own_facts(ds, doc, data, shared_facts)
        for name, fact in own_facts[doc_id].items():
            fid = full_id(str(doc_id), name)
            within = fact.get("within")
            facts[fid] = (
                {**fact, "within": full_id(str(doc_id), within)} if within in own_facts[doc_id] else fact
            )
            fact_files[fid] = (doc, ("facts", _list(data.get("facts")).index(fact)))
        for clause in _list(data.get("clauses")):
            if isinstance(clause, dict) and isinstance(clause.get("id"), Hashable):
                clauses.add((doc_id, clause.get("id")))
                benefit = _dict(clause.get("benefit"))
                parts[(doc_id, clause.get("id"))] = [
                    p.get("name") for _, p in _parts_of(benefit) if isinstance(p.get("name"), str)
                ]
    _check_vocabularies(ds, jurisdictions, place_files, facts, fact_files)
    ctx = {
        "jurisdictions": jurisdictions,
        "categories": categories,
        "facts": facts,
        # What a document's references may name: the shared facts, every document's facts in
        # full (`<document>.<fact>`), and its own by their short names.
        "facts_of": {d: {**facts, **own} for d, own in own_facts.items()},
        "clauses": clauses,
        "parts": parts,
        "expenses": {f["expense"] for f in facts.values() if isinstance(f.get("expense"), str)},
        "sources": {},
    }
    for doc in ds.documents:
        _check_document(ds, doc, ctx)
    _check_glossary(ds)
    return sorted(set(ds.problems))
