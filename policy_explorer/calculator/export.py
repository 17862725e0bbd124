"""Flat clause records: the export every other part (site, widget, open data) reads."""

from __future__ import annotations

from typing import Any

from .model import Model, clause_page


def clause_records(model: Model) -> list[dict[str, Any]]:
    """One record per clause with its policy, jurisdiction, category, texts and benefit."""
    out = []
    for policy in model.data["policies"]:
        for clause in policy["clauses"]:
            benefit = clause["benefit"]
            out.append(
                {
                    "policy": policy["id"],
                    "clause": clause["id"],
                    "jurisdiction": policy["jurisdiction"],
                    "category": clause["category"],
                    "title": clause["title"],
                    "text": clause["text"],
                    "kind": benefit["kind"],
                    "summary": benefit.get("summary"),
                    "validity": policy["validity"],
                    "implements": clause.get("implements", []),
                    "page": clause_page(policy["id"], clause["id"]),
                }
            )
    return out
