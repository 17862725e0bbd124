"""A policy document: its schema (assembled from the node kinds' fragments) and its checks."""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Any

from .. import siteconfig, urls
from ..lint import lint_document
from ..shapes import check_shapes
from ..splitter import without_units
from ..yamlload import Loaded
from .application import _check_application, application_schema
from .clause import _check_benefit, _check_examples, _check_parts, clause_schema
from .common import _among, _dict, _list, _short, _walk, did_you_mean
from .dataset import Dataset
from .facts import fact_schema
from .fields import BILINGUAL, DATE, DRAFT, ID, URL
from .formula import _expression_defs
from .jurisdiction import jurisdiction_schema
from .published import _check_published, disbursements_schema, interpretations_schema
from .rules import rule_schema
from .source import _as_in_source, _check_source
from .validity import _check_validity, validity_shape_properties


def _check_numbering(ds: Dataset, doc: Loaded, numbering: dict, clauses: list) -> None:
    """Every item the document says its source numbers has a clause, and no clause lies outside."""
    first, last = numbering.get("first"), numbering.get("last")
    if not (isinstance(first, int) and isinstance(last, int)):
        return  # absent, or the schema reports it
    if first > last:
        ds.report(doc, ("numbering",), f"numbering runs from {first} to {last}: `first` must come first")
        return
    ids = [c.get("id") for c in clauses if isinstance(c, dict)]
    numbers = {cid.split(".")[0] for cid in ids if isinstance(cid, str)}
    missing = [n for n in range(first, last + 1) if str(n) not in numbers]
    outside = sorted(n for n in numbers if not (n.isdigit() and first <= int(n) <= last))
    if missing:
        ds.report(
            doc,
            ("numbering",),
            f"the source numbers items {first} to {last}, but no clause has number "
            f"{', '.join(map(str, missing))}: add it, or correct `numbering`",
        )
    if outside:
        ds.report(
            doc,
            ("numbering",),
            f"clause number(s) {', '.join(outside)} lie outside `numbering` ({first} to {last})",
        )


def _check_document(ds: Dataset, doc: Loaded, ctx: dict[str, Any]) -> None:
    data = doc.data
    if not isinstance(data, dict):
        return
    stem = doc.path.stem
    if data.get("id") != stem:
        ds.report(doc, ("id",), f"id `{data.get('id')}` must equal the file name `{stem}`")
    if not _among(data.get("jurisdiction"), ctx["jurisdictions"]):
        ds.report(
            doc,
            ("jurisdiction",),
            f"unknown jurisdiction `{data.get('jurisdiction')}`"
            f"{did_you_mean(data.get('jurisdiction'), ctx['jurisdictions'])}; "
            f"known: {', '.join(ctx['jurisdictions'])}",
        )
    _check_urls(ds, doc, data)
    _check_published(ds, doc, data)
    _check_validity(ds, doc, _dict(data.get("validity")))
    _check_numbering(ds, doc, _dict(data.get("numbering")), _list(data.get("clauses")))
    source_text = _check_source(ds, doc, _dict(data.get("source")), ctx)
    _check_application(ds, doc, ("application",), data.get("application"), source_text)
    doc_id = data.get("id") if isinstance(data.get("id"), Hashable) else str(data.get("id"))
    known_facts = ctx["facts_of"].get(doc_id, ctx["facts"])
    clause_ids: set[str] = set()
    for i, clause in enumerate(_list(data.get("clauses"))):
        if not isinstance(clause, dict):
            continue
        here = ("clauses", i)
        cid = clause.get("id")
        if not isinstance(cid, Hashable):
            cid = str(cid)
        if cid in clause_ids:
            ds.report(doc, (*here, "id"), f"duplicate clause id `{cid}` in this document")
        clause_ids.add(cid)
        if not _among(clause.get("category"), ctx["categories"]):
            ds.report(
                doc,
                (*here, "category"),
                f"unknown category `{clause.get('category')}`"
                f"{did_you_mean(clause.get('category'), ctx['categories'])}; "
                f"known: {', '.join(ctx['categories'])}",
            )
        _check_application(ds, doc, (*here, "application"), clause.get("application"), source_text)
        lang = siteconfig.settings(ds.site.data if ds.site else None)["source_language"]
        zh = _dict(clause.get("text")).get(lang)
        zh = _as_in_source(ds, doc, here, clause, zh)
        if source_text is not None and isinstance(zh, str) and zh not in source_text:
            ds.report(
                doc,
                (*here, "text", lang),
                f"clause {cid}: text.{lang} is not verbatim in policies/sources/{data['source']['seed']}; "
                "copy it from the normalized source",
            )
        kept = without_units(zh)[1] if isinstance(zh, str) and lang == "zh" else ()
        if kept:
            ds.report(
                doc,
                (*here, "text", "zh"),
                f"clause {cid}: text.zh ends with a responsible-units note naming {'、'.join(kept)}: "
                "leave it out of text.zh and list the units under `responsible` (as `split` does)",
            )
        for j, link in enumerate(_list(clause.get("implements"))):
            if not isinstance(link, dict):
                continue
            target = (link.get("policy"), link.get("clause"))
            if not all(isinstance(t, Hashable) for t in target) or target not in ctx["clauses"]:
                ds.report(
                    doc,
                    (*here, "implements", j),
                    f"`implements` points to {target[0]} clause {target[1]}, which does not exist",
                )
            elif target == (data.get("id"), cid):
                ds.report(doc, (*here, "implements", j), "a clause cannot implement itself")
            part = link.get("part")
            if part is not None and target in ctx["parts"] and part not in ctx["parts"][target]:
                ds.report(
                    doc,
                    (*here, "implements", j, "part"),
                    f"{target[0]} clause {target[1]} has no part `{part}`; "
                    f"its parts: {', '.join(ctx['parts'][target]) or 'none'}",
                )
        _check_benefit(ds, doc, here, _dict(clause.get("benefit")), known_facts)
        _check_parts(ds, doc, here, clause, known_facts, ctx["expenses"])
        _check_examples(ds, doc, here, clause, known_facts)
    check_shapes(data, ctx, lambda where, message: ds.report(doc, where, message))
    lint_document(data, known_facts, lambda where, message: ds.report(doc, where, message))


def _check_urls(ds: Dataset, doc: Loaded, data: dict) -> None:
    """Every `url` is checked with a parser (the schema's pattern only guides editors)."""
    for where, value in _walk(data):
        plain = where and where[-1] == "url" and isinstance(value, str) and re.search(urls.PATTERN, value)
        if plain and (why := urls.problem(value)) is not None:
            ds.report(doc, where, f"`{_short(value)}` is not a plain web address: {why}")


def document_schema() -> dict[str, Any]:
    """A policy document with its clauses."""
    clause = clause_schema()
    rule = rule_schema()
    return {
        "$schema": DRAFT,
        "$id": "document.schema.json",
        "title": "Policy document",
        "type": "object",
        "required": ["id", "title", "issuer", "jurisdiction", "kind", "validity", "source", "clauses"],
        "properties": {
            "id": ID,
            "title": BILINGUAL,
            "short_title": BILINGUAL,
            "issuer": BILINGUAL,
            "jurisdiction": ID,
            "kind": {"enum": ["measures", "operating_rules", "draft", "summary"]},
            "numbering": {
                "description": "The items this record covers, as the source numbers them: every number "
                "from first to last has a clause (N, or N.1, N.2… for sub-items)",
                "type": "object",
                "required": ["first", "last"],
                "properties": {
                    "first": {"type": "integer", "minimum": 0, "maximum": 999},
                    "last": {"type": "integer", "minimum": 0, "maximum": 999},
                },
                "additionalProperties": False,
            },
            "jurisdictions": {
                "description": "Places this document brings in that jurisdictions.yaml does not list "
                "(a new city and the levels above it), so adding a policy touches its own file",
                "type": "array",
                "items": jurisdiction_schema(),
            },
            "validity": {
                "type": "object",
                "properties": {
                    "from": DATE,
                    "to": DATE,
                    "years": {"type": "integer", "minimum": 1, "maximum": 50},
                    "draft": {"type": "boolean"},
                    **validity_shape_properties(),
                    "note": BILINGUAL,
                },
                "additionalProperties": False,
            },
            "source": {
                "type": "object",
                "required": ["seed"],
                "properties": {
                    "seed": {"type": "string", "pattern": r"^[A-Za-z0-9_.-]+\.txt$"},
                    "url": URL,
                },
                "additionalProperties": False,
            },
            "provenance": {"type": "array", "items": BILINGUAL},
            "general_rules": {"type": "array", "items": rule},
            "facts": {"type": "array", "items": fact_schema()},
            "clauses": {"type": "array", "items": clause, "minItems": 1},
            "application": application_schema(),
            "interpretations": interpretations_schema(),
            "disbursements": disbursements_schema(),
        },
        "additionalProperties": False,
        "$defs": _expression_defs(),
    }
