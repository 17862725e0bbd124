"""Official interpretations and published disbursements: their schema and checks."""

from __future__ import annotations

from typing import Any

from ..yamlload import Loaded
from .common import _ISO_DATE, _dict, _list, _parse_date
from .dataset import Dataset
from .fields import AMOUNT, BILINGUAL, DATE, MAX_NUMBER, TEXT, URL


def _check_published(ds: Dataset, doc: Loaded, data: dict) -> None:
    """An interpretation's or a disbursement's day is a real date (the schema checks its form)."""
    for key in ("interpretations", "disbursements"):
        for i, item in enumerate(_list(data.get(key))):
            value = _dict(item).get("date")
            if isinstance(value, str) and _ISO_DATE.fullmatch(value) and _parse_date(value) is None:
                ds.report(doc, (key, i, "date"), f"`{value}` is not a real date (YYYY-MM-DD)")


# What an interpretation and a disbursement notice both record: what it is called, where and when it
# was published, and by whom.
PUBLISHED = {"title": BILINGUAL, "url": URL, "date": DATE, "source": BILINGUAL}


def interpretations_schema() -> dict[str, Any]:
    """Official interpretations (解读) of a document, each as published: never inferred."""
    return {
        "description": "Official interpretations (政策解读) of this document: a graphic (图解), a video, "
        "a Q&A (问答) or a written interpretation that an official site published, with its address, "
        "the day it was published and its publisher; only one that exists, never a summary of our own",
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "required": ["kind", *PUBLISHED],
            "properties": {"kind": {"enum": INTERPRETATION_KINDS}, **PUBLISHED},
            "additionalProperties": False,
        },
    }


INTERPRETATION_KINDS = ["graphic", "video", "qa", "text"]


def disbursements_schema() -> dict[str, Any]:
    """Published disbursement facts (兑付/拨付公示), each as the notice says it: never computed."""
    return {
        "description": "Disbursements the authorities published (a 兑付/拨付 notice or list): what "
        "it is, its address, the day it was published and its publisher; a figure (amount in yuan, "
        "number of recipients) only with the notice's own sentence stating it (quote)",
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "required": [*PUBLISHED],
            "properties": {
                **PUBLISHED,
                "amount": AMOUNT,
                "recipients": {"type": "integer", "minimum": 1, "maximum": MAX_NUMBER},
                "quote": TEXT,
            },
            "dependentRequired": {"amount": ["quote"], "recipients": ["quote"]},
            "additionalProperties": False,
        },
    }
