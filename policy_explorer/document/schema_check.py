"""Checking a file against its published JSON Schema, each error said as what to do."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import jsonschema

from .. import schema as schemas
from .. import urls
from ..yamlload import Loaded
from .common import _short, date_form_message, did_you_mean
from .dataset import Dataset


def _branch_key(branch: Any) -> str | None:
    """The operator a ``oneOf`` branch stands for (its first required key), if it is an object."""
    if isinstance(branch, dict) and branch.get("type") == "object" and branch.get("required"):
        return branch["required"][0]
    return None


def _one_of(error: jsonschema.ValidationError) -> tuple[tuple, str]:
    """Explain a failed ``oneOf`` (an expression or condition) by the branch the author meant."""
    where = tuple(error.absolute_path)
    inst = error.instance
    branches = error.schema.get("oneOf", [])
    if branches and all("$ref" in b for b in branches if isinstance(b, dict)):
        return where, error.message
    keys = {_branch_key(b): i for i, b in enumerate(branches) if _branch_key(b)}
    if isinstance(inst, dict):
        meant = [keys[k] for k in inst if k in keys]
        if not meant:
            what = "expression" if "rate" in keys else "condition"
            return where, f"unknown {what} {sorted(inst)}; use one of: {', '.join(keys)}"
        index = meant[0]
        sub = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == index]
        if sub:
            deepest = max(sub, key=lambda e: len(e.absolute_path))
            return _schema_message(deepest)
        return where, error.message
    if isinstance(inst, (int, str)) and str(inst).startswith("-"):
        return where, f"`{inst}` is negative: rates and amounts must be 0 or more"
    return where, (
        f"`{inst}` is not a valid amount or rate: write whole yuan (2000000), a Chinese unit "
        '("200万", "1.5亿") or a percentage ("30%")'
    )


def _schema_message(error: jsonschema.ValidationError) -> tuple[tuple, str]:
    where = tuple(error.absolute_path)
    inst = error.instance
    if error.validator == "oneOf" and isinstance(error.schema, dict):
        return _one_of(error)
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        hint = " (a translation is required)" if missing == "en" else ""
        return where, f"missing `{missing}`{hint}"
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        extra = sorted(set(inst) - set(known))
        hints = "".join(did_you_mean(k, known) for k in extra if isinstance(k, str))
        return where, f"unknown key {extra}{hints}; allowed here: {', '.join(known)}"
    if error.validator == "minimum":
        return where, f"`{inst}` is below {error.validator_value}: amounts and caps cannot be negative"
    if (
        error.validator in ("pattern", "maxLength")
        and error.schema is not None
        and error.schema == schemas.URL
    ):
        return (
            where,
            f"`{_short(inst)}` is not a plain web address: {urls.problem(inst) or 'write it as https://host/path'}",
        )
    if error.validator == "pattern" and error.validator_value == schemas.DATE["pattern"]:
        return where, date_form_message(inst)
    if error.validator == "pattern":
        if isinstance(inst, str) and inst.startswith("-"):
            return where, f"`{inst}` is negative: rates and amounts must be 0 or more"
        return where, f"`{inst}` has the wrong form (expected pattern {error.validator_value})"
    if error.validator == "type":
        want = error.validator_value
        if inst is None:  # an empty file, or a key with nothing after it
            return where, f"expected {want}, got an empty value"
        got = type(inst).__name__
        if isinstance(inst, bool):
            got = "a boolean"
        return where, f"expected {want}, got {got} `{inst}`"
    if error.validator == "enum":
        return where, f"`{inst}` is not one of: {', '.join(map(str, error.validator_value))}"
    if error.validator == "dependentRequired" and isinstance(inst, dict):
        # One message for every key that needs the missing one (the same for each error: reported once).
        missing = next(n for need in error.validator_value.values() for n in need if n not in inst)
        needs = error.validator_value.items()
        given = "`, `".join(sorted(k for k, need in needs if k in inst and missing in need))
        return where, f"`{given}` needs `{missing}`, the published sentence stating it (or remove `{given}`)"
    return where, error.message


def _may_match(validator: Any, branch: Any, instance: Any) -> bool:
    """False when ``branch`` certainly rejects ``instance``: wrong ``type``, a missing required key,
    or a nested ``oneOf`` none of whose branches may match."""
    if not isinstance(branch, dict):
        return True
    if "oneOf" in branch and not any(_may_match(validator, b, instance) for b in branch["oneOf"]):
        return False
    types = branch.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        if not any(validator.is_type(instance, t) for t in types):
            return False
    return not isinstance(instance, dict) or all(key in instance for key in branch.get("required", ()))


_ONE_OF = jsonschema.Draft202012Validator.VALIDATORS["oneOf"]


def _one_of_by_key(validator: Any, one_of: list, instance: Any, schema: dict) -> Iterator[Any]:
    """``oneOf`` that validates only the one branch that can match (an expression's operator key).

    Exact: every other branch is rejected by its ``type`` or ``required`` alone. When that does not
    single out one branch, or the branch fails, the standard ``oneOf`` runs and gives its usual errors.
    The expression schema has 16 branches per node, so this is most of the validation time.
    """
    candidates = [b for b in one_of if _may_match(validator, b, instance)]
    if len(candidates) == 1 and next(validator.descend(instance, candidates[0]), None) is None:
        return
    yield from _ONE_OF(validator, one_of, instance, schema)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(schemas.python_pattern(pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict) -> Iterator[Any]:
    """``pattern`` as JSON Schema means it: ``$`` is the end of the text, not before a final newline."""
    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"oneOf": _one_of_by_key, "pattern": _pattern}
)
_validators: dict[str, Any] = {}


def _validator(name: str) -> Any:
    """The validator for the published schema ``name``, built once per process."""
    if not _validators:
        _validators.update({n: _Validator(s) for n, s in schemas.all_schemas().items()})
    return _validators[name]


def _check_schema(ds: Dataset, loaded: Loaded, name: str) -> None:
    validator = _validator(name)
    seen: set[tuple] = set()
    for error in sorted(validator.iter_errors(loaded.data), key=lambda e: list(map(str, e.absolute_path))):
        where, message = _schema_message(error)
        if (where, message) in seen:
            continue
        seen.add((where, message))
        ds.report(loaded, where, message)
