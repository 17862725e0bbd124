"""Check all policy data and report each problem once, as ``file:line: where: what to do``.

Checks, in order: YAML syntax and dialect (:mod:`policy_explorer.yamlload`), the JSON Schemas
(:mod:`policy_explorer.schema`), then what a schema cannot express: unique ids, references between
files (jurisdictions, categories, facts, parts, ``implements``), real calendar dates, benefit kinds
that match their amounts, every monetary part's expense (or ``reward``) and gate (fixed, "up to"
and status-tied parts), worked examples that name known facts, and clause text that stands
verbatim in the normalized source it cites, and money that a review, a selection, a grade or a
"原则上" ceiling decides written so (:mod:`policy_explorer.lint`); then the clauses' worked examples
(:mod:`policy_explorer.worked`) and the worked totals (:mod:`policy_explorer.totals`). Messages
help the next maintainer: a mistyped id gets "did you mean", a date in the wrong form its right
spelling, an English field holding Chinese is named.
"""

from __future__ import annotations

# The checks live with their node kinds in policy_explorer.document; these names stay importable here.
from .document.checks import check_dataset
from .document.common import date_form_message, did_you_mean
from .document.dataset import MESSAGE_LIMIT, WORD_LIMIT, Dataset, Problem, _load, load_dataset
from .document.formula import _facts_in
from .document.glossary import check_glossary
from .document.schema_check import _pattern, _Validator, _validator
from .document.text import HIDDEN_CHARACTERS

__all__ = [
    "HIDDEN_CHARACTERS",
    "MESSAGE_LIMIT",
    "WORD_LIMIT",
    "Dataset",
    "Problem",
    "_Validator",
    "_facts_in",
    "_load",
    "_pattern",
    "_validator",
    "check_dataset",
    "check_glossary",
    "date_form_message",
    "did_you_mean",
    "load_dataset",
]
