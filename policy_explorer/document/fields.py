"""The schema fragments every node kind uses: ids, dates, texts, amounts, rates, cap scopes."""

from __future__ import annotations

from typing import Any

from .. import urls

DRAFT = "https://json-schema.org/draft/2020-12/schema"

ID = {"type": "string", "pattern": "^[a-z0-9]+(?:[-_][a-z0-9]+)*$"}
# A fact as an expression names it: a shared fact or the document's own by its id, or another
# document's in full, `<document>.<fact>` (policy_explorer.calculator.factnames).
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
