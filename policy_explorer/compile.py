"""Validated YAML → the compiled data the calculator and the site read (plain JSON types).

The compiled form is the YAML's content with two things settled once: each document's validity
has an explicit first day where the text gives one ("N days after publication" with the publication
date known) and an explicit last day (``years`` resolved by
:func:`policy_explorer.calculator.dates.term_end`), and the
document-level ``facts:`` and ``jurisdictions:`` are merged into the vocabularies (each marked
``defined_in`` its document). A document's own facts get their full ids, ``<document>.<fact>``,
and its references to them are rewritten (:mod:`policy_explorer.calculator.factnames`), so two documents may
each declare a fact of the same name. The site's settings (:mod:`policy_explorer.siteconfig`: source
language, currency) travel as ``site`` when ``policies/site.yaml`` exists.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

from policy_explorer.calculator.data import BUNDLED, CHECKOUT_POLICIES, fingerprint, stale
from policy_explorer.calculator.dates import after_publication, term_end
from policy_explorer.calculator.factnames import qualify_document

from . import siteconfig
from .validate import Problem, check_dataset, load_dataset

COMPILED_VERSION = 1


class DataError(Exception):
    """The policy data has problems; ``problems`` lists each as ``file:line: message``."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def _validity(validity: dict[str, Any]) -> dict[str, Any]:
    out = dict(validity)
    later = validity.get("after_publication") or {}
    if later.get("published") and not validity.get("from"):  # "N days after publication", date known
        published = dt.date.fromisoformat(later["published"])
        out["from"] = after_publication(published, later["days"]).isoformat()
    if out.get("from") and validity.get("years") and not validity.get("to"):
        start = dt.date.fromisoformat(out["from"])
        out["to"] = term_end(start, validity["years"]).isoformat()
    return out


def compile_policies(policies_dir: Path) -> dict[str, Any]:
    """Validate and compile everything under ``policies_dir``; raise :class:`DataError` on problems."""
    ds = load_dataset(policies_dir)
    problems = check_dataset(ds)
    if problems:
        raise DataError(problems)
    facts = list(ds.facts.data)
    jurisdictions = list(ds.jurisdictions.data)
    documents = []
    for doc in ds.documents:
        data, own_facts = qualify_document(dict(doc.data))
        for place in data.pop("jurisdictions", None) or []:
            jurisdictions.append({**place, "defined_in": data["id"]})
        for fact in own_facts:
            facts.append({**fact, "defined_in": data["id"]})
        data["validity"] = _validity(data.get("validity") or {})
        data["file"] = str(doc.path.relative_to(policies_dir.parent))
        documents.append(data)
    out = {
        "version": COMPILED_VERSION,
        "jurisdictions": jurisdictions,
        "categories": ds.categories.data,
        "facts": facts,
        "policies": documents,
    }
    if ds.site is not None:  # only then: a site without site.yaml compiles to the same bytes as before
        out["site"] = siteconfig.settings(ds.site.data)
    return out


class OutputError(Exception):
    """The compiled file cannot be written where asked (one message naming the place)."""


def write_compiled(policies_dir: Path, target: Path) -> Path:
    """Compile and write the JSON the calculator bundles (``policy_explorer/calculator/_data/policies.json``).

    The file records the :func:`~policy_explorer.calculator.data.fingerprint` of ``policies_dir``, by which
    the calculator tells, in a checkout, that the YAML has changed since.

    The file is written beside ``target`` and moved over it, so a reader never sees half a file;
    a ``target`` that is a folder, or a place that cannot be written, raises :class:`OutputError`
    and leaves nothing behind.
    """
    data = {**compile_policies(policies_dir), "fingerprint": fingerprint(policies_dir)}
    if target.is_dir():
        raise OutputError(f"{target} is a folder: give the path of the JSON file to write")
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    tmp = target.with_name(target.name + ".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def refresh_checkout(policies_dir: Path) -> Path | None:
    """Recompile the calculator's bundled copy when ``policies_dir`` is the checkout's own YAML and
    the copy was compiled from other files; the path written, or None when nothing was to do.

    ``validate`` calls it, so the calculator runs what was just validated; another folder's data
    never replaces the checkout's (compile it with ``--out``, read it with ``CALCULATOR_DATA``).
    """
    if not CHECKOUT_POLICIES.is_dir() or policies_dir.resolve() != CHECKOUT_POLICIES:
        return None
    with contextlib.suppress(OSError, ValueError):
        if not stale(json.loads(BUNDLED.read_text(encoding="utf-8")), policies_dir):
            return None
    return write_compiled(policies_dir, BUNDLED)
