"""The JSON Schemas of the policy data, published in ``policies/schema/`` for editors.

The schemas are built here once and written with ``python -m policy_explorer schema``; a test
checks that the published files match. They cover shape and types; references between files
(jurisdictions, categories, facts, ``implements``) are checked by :mod:`policy_explorer.validate`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from calculator.formula import OPERATORS
from calculator.operators import Arg, UnhandledOperator

from . import urls

SCHEMA_DIR_NAME = "schema"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

ID = {"type": "string", "pattern": "^[a-z0-9]+(?:[-_][a-z0-9]+)*$"}
# A fact as an expression names it: a shared fact or the document's own by its id, or another
# document's in full, `<document>.<fact>` (calculator.factnames).
FACT_REF = {"type": "string", "pattern": r"^(?:[a-z0-9]+(?:[-_][a-z0-9]+)*\.)?[a-z0-9]+(?:[-_][a-z0-9]+)*$"}
CLAUSE_ID = {"type": "string", "pattern": r"^[0-9]+(?:\.[0-9]+)*$"}
# Dates in 1900-2199 and numbers below 10**15 (a thousand trillion yuan): far more than any policy
# states, and far enough from the limits of dates and of exact arithmetic that nothing overflows.
DATE = {"type": "string", "pattern": r"^(19|20|21)\d{2}-\d{2}-\d{2}$"}
# A web address: the pattern guides editors; the validator checks it with a parser (urls.problem).
URL = {"type": "string", "maxLength": urls.MAX_LENGTH, "pattern": urls.PATTERN}
MAX_NUMBER = 10**15
TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}
BILINGUAL = {
    "type": "object",
    "required": ["zh", "en"],
    "properties": {"zh": TEXT, "en": TEXT},
    "additionalProperties": False,
}
# Amounts: whole yuan, or text with a Chinese unit ("200万", "1.5亿", "60元"). Rates: "30%".
AMOUNT = {
    "oneOf": [
        {"type": "integer", "minimum": 0, "maximum": MAX_NUMBER},
        {"type": "string", "pattern": r"^[0-9]{1,15}(\.[0-9]{1,6})?(万|亿|元)$"},
    ]
}
RATE = {"type": "string", "pattern": r"^[0-9]{1,4}(\.[0-9]{1,6})?%$"}
NUMBER = {"oneOf": [AMOUNT["oneOf"][0], AMOUNT["oneOf"][1], RATE]}
CAP_SCOPES = [
    "item",
    "project",
    "product",
    "unit",
    "event",
    "platform",
    "platform_year",
    "vehicle",
    "enterprise",
    "year",
    "enterprise_year",
    "cumulative",
    "share",
    "government_total",
    "contract",
    "not_stated",
]
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
FACT_UNITS = ["CNY", "m2", "count", "months", "boolean", "level"]


def python_pattern(pattern: str) -> str:
    """A schema ``pattern`` as Python's ``re`` must read it to match what JSON Schema means.

    JSON Schema patterns are ECMA-262, where ``$`` is the end of the text; Python's ``$`` also
    matches before a final newline, so ``"id\\n"`` would pass ``^[a-z0-9]+$``. Each ``$`` anchor
    (not escaped, not in a class) becomes ``\\Z``; the published schemas keep ``$`` for editors.
    """
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        out.append(char)
    return "".join(out)


def _op(op_name: str, op_schema: Any, /, **others: Any) -> dict[str, Any]:
    """An object keyed by one operator; other keys required unless prefixed with ``?``."""
    props = {op_name: op_schema, **others}
    return {
        "type": "object",
        "required": [op_name, *[k for k in others if not k.startswith("?")]],
        "properties": {k.lstrip("?"): v for k, v in props.items()},
        "additionalProperties": False,
    }


def _kind_schema(arg: Arg) -> dict[str, Any]:
    """The JSON Schema of one operator key, from the kind the registry declares for it."""
    expr = {"$ref": "#/$defs/expression"}
    exprs = {"type": "array", "items": expr, "minItems": 1}
    kinds: dict[str, Any] = {
        "expr": expr,
        "exprs": exprs,
        "pair": {"type": "array", "items": expr, "minItems": 2, "maxItems": 2},
        "expr_or_exprs": {"oneOf": [expr, exprs]},
        "cond": {"$ref": "#/$defs/condition"},
        "fact": FACT_REF,
        "id": ID,
        "amount": AMOUNT,
        "months": {"type": "integer", "minimum": 1, "maximum": 1200},
        "scope": {"enum": CAP_SCOPES},
        "bilingual": BILINGUAL,
        "flag": {"type": "boolean"},
    }
    if arg.kind == "records":
        out: dict[str, Any] = {"type": "array", "minItems": 1, "items": _operator_schema(arg.fields)}
    elif arg.kind in kinds:
        out = kinds[arg.kind]
    else:
        raise UnhandledOperator("the document schema (policy_explorer.schema)", f"{arg.key}: {arg.kind}")
    return {"description": arg.description, **out} if arg.description else out


def _operator_schema(args: tuple[Arg, ...]) -> dict[str, Any]:
    """An object keyed by its first key; the others required unless optional."""
    first, *others = args
    return _op(
        first.key,
        _kind_schema(first),
        **{("?" if a.optional else "") + a.key: _kind_schema(a) for a in others},
    )


def _expression_defs() -> dict[str, Any]:
    cond = {"$ref": "#/$defs/condition"}
    compare = {k: NUMBER for k in ("gte", "gt", "lte", "lt", "eq")}
    return {
        # One branch per operator of the registry, in its order.
        "expression": {"oneOf": [NUMBER, *(_operator_schema(op.args) for op in OPERATORS.values())]},
        "condition": {
            "oneOf": [
                {
                    "type": "object",
                    "required": ["fact"],
                    "properties": {"fact": FACT_REF, **compare, "is": {"type": "boolean"}},
                    "additionalProperties": False,
                    "minProperties": 2,
                    "maxProperties": 2,
                },
                {
                    "type": "object",
                    "required": ["growth"],
                    "properties": {
                        "growth": {"type": "array", "items": FACT_REF, "minItems": 2, "maxItems": 2},
                        "gt": RATE,
                        "gte": RATE,
                    },
                    "additionalProperties": False,
                    "minProperties": 2,
                    "maxProperties": 2,
                },
                _op("all", {"type": "array", "items": cond, "minItems": 1}),
                _op("any", {"type": "array", "items": cond, "minItems": 1}),
                _op("not", cond),
            ]
        },
    }


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


OPEN_ENDS = ("open_ended", "not_stated")


def validity_shape_properties() -> dict[str, Any]:
    """Validity the text states without dates: 长期有效, or "N days after publication"."""
    return {
        "until": {
            "description": "No last day: `open_ended` where the text says 长期有效 / until further notice, "
            "`not_stated` where it states no end at all",
            "enum": list(OPEN_ENDS),
        },
        "start": {
            "description": "`not_stated` where the text states no start (no date, no publication rule)",
            "enum": ["not_stated"],
        },
        "after_publication": {
            "description": "In force N days after publication (0: 自公布之日起施行); `published` when known",
            "type": "object",
            "required": ["days"],
            "properties": {"days": {"type": "integer", "minimum": 0, "maximum": 3650}, "published": DATE},
            "additionalProperties": False,
        },
    }


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


# "市本级按不超过…20%": the amount is this level's share; the other levels' share is not stated.
PAID_BY = {
    "description": "The level whose share the amount is (市本级) and the levels whose share the text "
    "does not state (区、县（市）)",
    "type": "object",
    "required": ["level", "others"],
    "properties": {"level": BILINGUAL, "others": BILINGUAL},
    "additionalProperties": False,
}


def document_schema() -> dict[str, Any]:
    """A policy document with its clauses."""
    cond = {"$ref": "#/$defs/condition"}
    expr = {"$ref": "#/$defs/expression"}
    condition_text = {
        "type": "object",
        "required": ["zh", "en"],
        "properties": {"zh": TEXT, "en": TEXT, "verify": {"type": "boolean"}},
        "additionalProperties": False,
    }
    part = {
        "type": "object",
        "required": ["name", "label"],
        "properties": {
            "name": ID,
            "label": BILINGUAL,
            "when": {"type": "array", "items": cond},
            "amount": expr,
            "no_amount": {
                "description": "The part applies but its text states no amount (并推荐申报…): listed, "
                "never counted; instead of `amount`",
                "const": True,
            },
            "expense": ID,
            "category": {
                "description": "The part's own category when one numbered item holds several programmes",
                **ID,
            },
            "paid_in": {
                "description": "This part is paid in vouchers (算力券…) while the others are cash",
                "enum": ["vouchers"],
            },
            "paid_by": PAID_BY,
            "conditions": {
                "description": "Conditions of this part only (a comparison row of the part shows these, "
                "not the clause's)",
                "type": "array",
                "items": condition_text,
            },
        },
        "additionalProperties": False,
    }
    benefit = {
        "type": "object",
        "required": ["kind", "summary"],
        "properties": {
            "kind": {"enum": ["formula", "fixed", "up_to", "unquantified", "non_monetary"]},
            "summary": BILINGUAL,
            "when": {"type": "array", "items": cond},
            "amount": expr,
            "parts": {"type": "array", "items": part, "minItems": 1},
            "expense": ID,
            "either": {"type": "array", "items": ID, "minItems": 2, "uniqueItems": True},
            "paid_to": BILINGUAL,
            "paid_in": {
                "description": "How the money is paid when not in cash: vouchers (算力券, 模型券…)",
                "enum": ["vouchers"],
            },
            "paid_by": PAID_BY,
            "verify": {"type": "array", "items": BILINGUAL},
        },
        "additionalProperties": False,
    }
    example = {
        "type": "object",
        "required": ["name", "facts", "max_cny", "why"],
        "properties": {
            "name": BILINGUAL,
            "startup": {"type": "boolean"},
            "facts": {
                "type": "object",
                "additionalProperties": {"type": ["integer", "boolean"], "maximum": MAX_NUMBER},
            },
            "max_cny": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_NUMBER},
            "min_cny": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_NUMBER},
            "why": TEXT,
        },
        "additionalProperties": False,
    }
    clause = {
        "type": "object",
        "required": ["id", "title", "category", "text", "benefit"],
        "properties": {
            "id": CLAUSE_ID,
            "title": BILINGUAL,
            "category": ID,
            "text": BILINGUAL,
            "responsible": {"type": "array", "items": BILINGUAL},
            "conditions": {"type": "array", "items": condition_text},
            "implements": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["policy", "clause"],
                    "properties": {"policy": ID, "clause": CLAUSE_ID, "part": ID},
                    "additionalProperties": False,
                },
            },
            "budget": {
                "type": "object",
                "required": ["amount", "per"],
                "properties": {
                    "amount": AMOUNT,
                    "per": {
                        "description": "year (每年), total (总额), not_stated (no period given)",
                        "enum": ["year", "total", "not_stated"],
                    },
                },
                "additionalProperties": False,
            },
            "benefit": benefit,
            "examples": {"type": "array", "items": example},
            "application": application_schema(),
            "diverges": {
                "description": "Where text.zh is not verbatim in the normalized source: each span as "
                "the source reads it, as this text reads it, and why (shown to readers)",
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["source", "text", "why"],
                    "properties": {"source": {"type": "string"}, "text": TEXT, "why": BILINGUAL},
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    }
    rule = {
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


WINDOW_KINDS = ["dates", "rolling", "yearly", "until_exhausted"]


def application_schema() -> dict[str, Any]:
    """How and when to apply (on a document, or a clause, whose fields override the document's)."""
    return {
        "description": "How and when to apply, only as the text states it: the window, the guide or "
        "notice, the department and its contact, the materials asked for",
        "type": "object",
        "minProperties": 1,
        "properties": {
            "window": {
                "type": "object",
                "required": ["kind"],
                "properties": {
                    "kind": {"enum": WINDOW_KINDS},
                    "from": DATE,
                    "to": DATE,
                },
                "additionalProperties": False,
            },
            "after_the_fact": {"type": "boolean"},
            "url": URL,
            "department": BILINGUAL,
            "contact": BILINGUAL,
            "materials": {"type": "array", "items": BILINGUAL, "minItems": 1},
            "quote": BILINGUAL,
            "interpreted_by": {
                "description": "The units the text names as interpreting it (由…负责解释), as it names them; "
                "only where it says so",
                "type": "array",
                "items": BILINGUAL,
                "minItems": 1,
            },
        },
        "additionalProperties": False,
    }


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


def list_schema(title: str, item: dict[str, Any], schema_id: str) -> dict[str, Any]:
    """A top-level list of records (jurisdictions, categories, facts, glossary terms)."""
    return {"$schema": DRAFT, "$id": schema_id, "title": title, "type": "array", "items": item}


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
