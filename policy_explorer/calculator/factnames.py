"""A fact a document declares is that document's own: its full id is ``<document>.<fact>``.

Two documents may each declare a generic ``sme`` without colliding: the compiler gives each the
full id (``city-a-ai-2026.sme``, ``city-b-ai-2026.sme``) and rewrites its own document's references
to it; within its document the short name is enough, and another document names it in full. A
profile may use a short name where the place it asks about makes it unique (only documents that
apply there count), so adding a policy elsewhere never changes what an existing profile means;
where two documents that apply there share it, the profile is asked to name one in full.
"""

from __future__ import annotations

from typing import Any

from .errors import CalculatorError

SEP = "."


def full_id(document: str, fact: str) -> str:
    """``sme`` declared in ``city-ai-2026`` → ``city-ai-2026.sme``."""
    return f"{document}{SEP}{fact}"


def short_name(fact_id: str) -> str:
    """The name a fact has inside its document (the part after the document's id)."""
    return fact_id.rpartition(SEP)[2]


def _rewrite(node: Any, rename: dict[str, str]) -> Any:
    """``node`` with every ``{fact: x}`` and ``{growth: [x, y]}`` reference renamed by ``rename``."""
    if isinstance(node, list):
        return [_rewrite(v, rename) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _rewrite(v, rename) for k, v in node.items()}
    if isinstance(node.get("fact"), str):
        out["fact"] = rename.get(node["fact"], node["fact"])
    if isinstance(node.get("growth"), list):
        out["growth"] = [rename.get(f, f) if isinstance(f, str) else f for f in node["growth"]]
    return out


def qualify_document(document: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A validated document with its own facts' references in full, and those facts, renamed.

    The document's clauses (benefits, examples) and general rules are rewritten; shared facts and
    references already in full are left as they are.
    """
    doc_id = document["id"]
    own = [f for f in document.get("facts") or [] if isinstance(f, dict)]
    rename = {f["id"]: full_id(doc_id, f["id"]) for f in own}
    facts = [
        {
            **f,
            "id": rename[f["id"]],
            **({"within": rename.get(f["within"], f["within"])} if "within" in f else {}),
        }
        for f in own
    ]
    out = {k: v for k, v in document.items() if k != "facts"}
    clauses = []
    for clause in document.get("clauses") or []:
        clause = dict(clause)
        if "benefit" in clause:
            clause["benefit"] = _rewrite(clause["benefit"], rename)
        if "examples" in clause:
            clause["examples"] = [
                {**e, "facts": {rename.get(k, k): v for k, v in (e.get("facts") or {}).items()}}
                for e in clause["examples"]
            ]
        clauses.append(clause)
    out["clauses"] = clauses
    if "general_rules" in document:
        out["general_rules"] = _rewrite(document["general_rules"], rename)
    return out, facts


def full_names(
    profile: Any, facts: dict[str, dict], places: set[str], homes: dict[str, str]
) -> tuple[Any, dict[str, str]]:
    """``profile`` with each short fact name replaced by the one full id it can mean in ``places``,
    and the names as given by full id (so an error names the field as the profile wrote it).

    ``homes`` maps each document to its jurisdiction; ``places`` is the profile's jurisdiction and
    every one above it. A name that is a fact's id, or that no document there declares, is left for
    the profile check to accept or refuse; a name two documents there declare is refused here.
    """
    if not isinstance(profile, dict) or not isinstance(profile.get("facts"), dict):
        return profile, {}
    given: dict[str, str] = {}
    renamed: dict[Any, Any] = {}
    written: dict[Any, Any] = {}  # full id → the name the profile gave it by, to refuse it given twice

    def put(target: Any, name: Any, value: Any) -> None:
        if target in written:
            raise CalculatorError(
                f"facts.{name}",
                f"`{written[target]}` and `{name}` are the same fact ({target}): give it once",
            )
        written[target] = name
        renamed[target] = value

    for name, value in profile["facts"].items():
        if not isinstance(name, str) or name in facts:
            put(name, name, value)
            continue
        meant = sorted(
            fid
            for fid, fact in facts.items()
            if fact.get("defined_in") and short_name(fid) == name and homes.get(fact["defined_in"]) in places
        )
        if len(meant) > 1:
            raise CalculatorError(
                f"facts.{name}",
                f"two documents here declare `{name}`: write it in full, {' or '.join(meant)}",
            )
        if meant:
            given[meant[0]] = name
        put(meant[0] if meant else name, name, value)
    return {**profile, "facts": renamed}, given
