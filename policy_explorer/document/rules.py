"""A document's general rules, and the ceilings (shared caps) among them: their schema."""

from __future__ import annotations

from typing import Any

from .fields import BILINGUAL, CAP_SCOPES, CLAUSE_ID, ID

RULE_KINDS = ["non_duplication", "budget", "eligibility", "interpretation", "other"]
# Rules that limit what several claims add up to (see AUTHORING.md, "Shared caps and ceilings").
CEILING_KINDS = ["combined_cap", "includes_higher_levels"]


def ceiling_properties() -> dict[str, Any]:
    """A general rule's ceiling: the most the listed claims add up to, and its scope as stated."""
    target = {
        "type": "object",
        "required": ["clause"],
        "properties": {"policy": ID, "clause": CLAUSE_ID, "part": ID},
        "additionalProperties": False,
    }
    return {
        "max": {"$ref": "#/$defs/expression"},
        "per": {"enum": CAP_SCOPES},
        "over": {"type": "array", "items": target, "minItems": 1},
        "expense": ID,
    }


def rule_schema() -> dict[str, Any]:
    """A general rule of a document (a ceiling's fields among them)."""
    return {
        "type": "object",
        "required": ["kind", "text"],
        "properties": {
            "kind": {"enum": [*RULE_KINDS, *CEILING_KINDS]},
            "principle": {"enum": ["highest"]},
            "scope": {"enum": ["policy", "jurisdiction", "all_levels"]},
            "text": BILINGUAL,
            **ceiling_properties(),
        },
        "additionalProperties": False,
    }
