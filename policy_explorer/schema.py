"""The JSON Schemas of the policy data, published in ``policies/schema/`` for editors.

The schemas are built here once and written with ``python -m policy_explorer schema``; a test
checks that the published files match. They cover shape and types; references between files
(jurisdictions, categories, facts, ``implements``) are checked by :mod:`policy_explorer.validate`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# The node kinds' fragments, published from here as before (policy_explorer.document holds them).
from .document.application import WINDOW_KINDS, application_schema
from .document.clause import PAID_BY
from .document.document import document_schema
from .document.facts import FACT_UNITS, fact_schema
from .document.fields import (
    AMOUNT,
    BILINGUAL,
    CAP_SCOPES,
    CLAUSE_ID,
    DATE,
    DRAFT,
    FACT_REF,
    ID,
    MAX_NUMBER,
    NUMBER,
    RATE,
    TEXT,
    URL,
    python_pattern,
)
from .document.jurisdiction import SEARCH_TERMS, jurisdiction_schema
from .document.published import INTERPRETATION_KINDS, PUBLISHED, disbursements_schema, interpretations_schema
from .document.rules import CEILING_KINDS, RULE_KINDS, ceiling_properties
from .document.validity import OPEN_ENDS, validity_shape_properties

__all__ = [
    "AMOUNT",
    "BILINGUAL",
    "CAP_SCOPES",
    "CEILING_KINDS",
    "CLAUSE_ID",
    "DATE",
    "DRAFT",
    "FACT_REF",
    "FACT_UNITS",
    "ID",
    "INTERPRETATION_KINDS",
    "MAX_NUMBER",
    "NUMBER",
    "OPEN_ENDS",
    "PAID_BY",
    "PUBLISHED",
    "RATE",
    "RULE_KINDS",
    "SCHEMA_DIR_NAME",
    "SEARCH_TERMS",
    "TEXT",
    "URL",
    "WINDOW_KINDS",
    "all_schemas",
    "application_schema",
    "ceiling_properties",
    "disbursements_schema",
    "document_schema",
    "fact_schema",
    "interpretations_schema",
    "jurisdiction_schema",
    "list_schema",
    "python_pattern",
    "render",
    "validity_shape_properties",
    "write_schemas",
]


SCHEMA_DIR_NAME = "schema"


def list_schema(title: str, item: dict[str, Any], schema_id: str) -> dict[str, Any]:
    """A top-level list of records (jurisdictions, categories, facts, glossary terms)."""
    return {"$schema": DRAFT, "$id": schema_id, "title": title, "type": "array", "items": item}


def all_schemas() -> dict[str, dict[str, Any]]:
    """Every published schema, by file name."""
    jurisdiction = jurisdiction_schema()
    category = {
        "type": "object",
        "required": ["id", "label", "description"],
        "properties": {
            "id": ID,
            "label": BILINGUAL,
            "description": BILINGUAL,
            "search_terms": SEARCH_TERMS,
        },
        "additionalProperties": False,
    }
    term = {
        "type": "object",
        "required": ["zh", "en", "note"],
        "properties": {
            "zh": TEXT,
            "en": TEXT,
            "also_en": {"type": "array", "items": TEXT, "uniqueItems": True},
            "note": BILINGUAL,
        },
        "additionalProperties": False,
    }
    return {
        "document.schema.json": document_schema(),
        "jurisdictions.schema.json": list_schema("Jurisdictions", jurisdiction, "jurisdictions.schema.json"),
        "categories.schema.json": list_schema("Categories", category, "categories.schema.json"),
        "facts.schema.json": list_schema("Facts", fact_schema(), "facts.schema.json"),
        "glossary.schema.json": list_schema("Glossary", term, "glossary.schema.json"),
    }


def render(schema: dict[str, Any]) -> str:
    """The published text of a schema (stable key order, trailing newline)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(policies_dir: Path) -> list[Path]:
    """Write every schema into ``policies/schema/``."""
    out_dir = policies_dir / SCHEMA_DIR_NAME
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        target = out_dir / name
        target.write_text(render(schema), encoding="utf-8")
        written.append(target)
    return written
