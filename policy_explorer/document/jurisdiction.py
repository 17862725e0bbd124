"""A jurisdiction (jurisdictions.yaml, or one a document brings in): its schema."""

from __future__ import annotations

from typing import Any

from .fields import BILINGUAL, ID, TEXT

# What readers also type for a category's or a place's page (the documents' own wordings, short
# names, abbreviations), per language: shown on the page ("also called") and so searched.
SEARCH_TERMS = {
    "description": "What readers also type for this page, per language: shown on it and searched",
    "type": "object",
    "required": ["zh", "en"],
    "properties": {
        "zh": {"type": "array", "items": TEXT, "minItems": 1, "uniqueItems": True},
        "en": {"type": "array", "items": TEXT, "minItems": 1, "uniqueItems": True},
    },
    "additionalProperties": False,
}


def jurisdiction_schema() -> dict[str, Any]:
    """One jurisdiction (in ``jurisdictions.yaml``, or a document's own ``jurisdictions:``)."""
    return {
        "type": "object",
        "required": ["id", "name", "level"],
        "properties": {
            "id": ID,
            "name": BILINGUAL,
            "short": BILINGUAL,
            "level": {"enum": ["country", "province", "city", "district"]},
            "parent": ID,
            "search_terms": SEARCH_TERMS,
        },
        "additionalProperties": False,
    }
