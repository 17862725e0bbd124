"""The site's data settings, ``policies/site.yaml`` (optional): the source language and the currency.

Without the file a site is what this project's own site is: clause text in Chinese (``text.zh``)
checked verbatim against the normalized source, amounts in CNY written with 万/亿 in Chinese
(``300万元``) and as ``CNY 3,000,000`` in English. A site of another place says so here::

    source_language: en        # the language of the sources: text.en is checked verbatim
    currency:
      code: EUR                # ISO 4217
      symbol: "€"              # written before the digits: €1,250,000 (default: the code and a space)
      grouping: ","            # between thousands
      decimal: "."             # before a fraction
      chinese_units: false     # 万/亿 in Chinese text and in the calculator's input (default: only CNY)

The compiled data carries the settings as ``site`` (only when the file exists, so a site without one
compiles to the same bytes), and the engine writes and reads amounts from them.
"""

from __future__ import annotations

from typing import Any

import jsonschema

FILE = "site.yaml"
LANGUAGES = ("zh", "en")  # the languages a clause's text has (the data's bilingual fields)
GROUPINGS = (",", ".", " ", "\u00a0", "\u202f", "'", "")
DECIMALS = (".", ",")

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "The site's data settings (policies/site.yaml)",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "source_language": {
            "enum": list(LANGUAGES),
            "description": "the language of the normalized sources, whose clause text is checked verbatim",
        },
        "currency": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code"],
            "properties": {
                "code": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "an ISO 4217 code"},
                "symbol": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 8,
                    "description": "what is written before the digits",
                },
                "grouping": {"enum": list(GROUPINGS), "description": "the character between thousands"},
                "decimal": {"enum": list(DECIMALS), "description": "the character before a fraction"},
                "chinese_units": {
                    "type": "boolean",
                    "description": "whether Chinese text counts in 万/亿 and the calculator offers them",
                },
            },
        },
    },
}

EXAMPLE = 'e.g. `source_language: en` and `currency: {code: EUR, symbol: "€"}`'


def settings(data: Any) -> dict[str, Any]:
    """The settings of a valid ``site.yaml`` with every default filled in (what the compiled data carries)."""
    data = data if isinstance(data, dict) else {}
    money = dict(data.get("currency") or {"code": "CNY"})
    code = money["code"]
    out = {
        "code": code,
        "symbol": money.get("symbol", f"{code} "),
        "grouping": money.get("grouping", ","),
        "decimal": money.get("decimal", "."),
        "chinese_units": money.get("chinese_units", code == "CNY"),
    }
    return {"source_language": data.get("source_language", "zh"), "currency": out}


def problems(data: Any) -> list[tuple[tuple, str]]:
    """Each mistake in a loaded ``site.yaml`` as (where, message): one per field, saying what to write."""
    if data is None:
        return []
    validator = jsonschema.Draft202012Validator(SCHEMA)
    out: list[tuple[tuple, str]] = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = tuple(error.absolute_path)
        what = error.schema.get("description") if isinstance(error.schema, dict) else None
        if error.validator == "additionalProperties":
            known = ", ".join(error.schema.get("properties", {}))
            out.append((where, f"{error.message}: the settings here are {known}"))
        elif error.validator == "enum":
            choices = ", ".join(repr(c) for c in error.validator_value)
            out.append((where, f"{error.instance!r} is not one of {choices} ({what})"))
        elif error.validator == "type" and not where:
            out.append((where, f"the file must be a mapping of settings, {EXAMPLE}"))
        else:
            out.append((where, f"{error.message}" + (f" ({what})" if what else "")))
    if isinstance(data, dict) and isinstance(data.get("currency"), dict):
        money = data["currency"]
        if money.get("grouping", ",") == money.get("decimal", "."):
            out.append((("currency", "decimal"), "the decimal mark must differ from the grouping character"))
    return out
