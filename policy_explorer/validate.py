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

import datetime as dt
import difflib
import functools
import re
from collections.abc import Collection, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from calculator.errors import printable
from calculator.factnames import full_id
from calculator.formula import OPERATORS
from calculator.model import COMPUTABLE

from . import schema as schemas
from . import urls
from .lint import lint_document
from .shapes import check_shapes
from .splitter import without_units
from .yamlload import Loaded, YamlSyntaxError, dotted, load_file

WORD_LIMIT = 100  # characters of one word of a message (a value or key echoed from the data)
MESSAGE_LIMIT = 2000
_LONG_WORD = re.compile(rf"\S{{{WORD_LIMIT + 1},}}")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the data, located to a file and line.

    The message is one short line whatever the data holds: a word longer than ``WORD_LIMIT``
    characters (a value or key echoed from a huge line) and a message longer than ``MESSAGE_LIMIT``
    are cut, ending in ``…``, and a character that does not print (a newline in a quoted value) is
    written as an escape.
    """

    file: str
    line: int
    message: str

    def __post_init__(self) -> None:
        message = _LONG_WORD.sub(lambda m: m[0][: WORD_LIMIT - 1] + "…", self.message)
        if len(message) > MESSAGE_LIMIT:
            message = message[: MESSAGE_LIMIT - 1] + "…"
        message = printable(message)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "file", printable(self.file))  # a newline or escape in a file name

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Dataset:
    """Every policy file, loaded, with the problems found so far."""

    root: Path
    jurisdictions: Loaded | None = None
    categories: Loaded | None = None
    facts: Loaded | None = None
    glossary: Loaded | None = None  # optional: the site's glossary page and search words
    documents: list[Loaded] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def report(self, loaded: Loaded, where: tuple, message: str) -> None:
        """Record a problem at the value ``where`` of ``loaded``."""
        self.problems.append(
            Problem(self._name(loaded.path), loaded.line(where), f"{dotted(where)}: {message}")
        )

    def _name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)


def _load(ds: Dataset, path: Path) -> Loaded | None:
    if path.is_symlink():  # it may point anywhere: its content would be read and quoted in messages
        ds.problems.append(Problem(ds._name(path), 1, "is a symbolic link: put the file itself in policies/"))
        return None
    if not path.exists():
        ds.problems.append(Problem(ds._name(path), 1, "file is missing"))
        return None
    if not path.is_file():  # a folder, or a FIFO that reading would wait on for ever
        ds.problems.append(Problem(ds._name(path), 1, "is not a regular file: make it one, or rename it"))
        return None
    try:
        loaded = load_file(path)
    except YamlSyntaxError as exc:
        file, _, rest = str(exc).partition(":")
        line, _, msg = rest.partition(":")
        ds.problems.append(Problem(ds._name(Path(file)), int(line or 1), msg.strip()))
        return None
    for line, message in loaded.problems:
        ds.problems.append(Problem(ds._name(path), line, message))
    return loaded


def load_dataset(policies_dir: Path) -> Dataset:
    """Load every YAML file under ``policies_dir`` (no checks beyond syntax yet)."""
    ds = Dataset(root=policies_dir)
    ds.jurisdictions = _load(ds, policies_dir / "jurisdictions.yaml")
    ds.categories = _load(ds, policies_dir / "categories.yaml")
    ds.facts = _load(ds, policies_dir / "facts.yaml")
    if (policies_dir / "glossary.yaml").exists():
        ds.glossary = _load(ds, policies_dir / "glossary.yaml")
    documents = policies_dir / "documents"
    paths: list[Path] = []
    if documents.is_dir() and not documents.is_symlink():
        paths = sorted(documents.glob("*.yaml"))
    else:
        message = "no documents folder: policies/documents/ holds one YAML file per policy"
        ds.problems.append(Problem(ds._name(documents), 1, message))
    for path in paths:
        loaded = _load(ds, path)
        if loaded is not None:
            ds.documents.append(loaded)
    return ds


# --- JSON Schema -------------------------------------------------------------------------------


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


def _walk(value: Any, where: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield where, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, (*where, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, (*where, i))


def _check_floats(ds: Dataset, loaded: Loaded) -> None:
    for where, value in _walk(loaded.data):
        if isinstance(value, float):
            ds.report(
                loaded,
                where,
                f'`{value}` is a binary float: write rates as "30%" and amounts as whole yuan or "1.5万"',
            )


# Characters that change what a reader sees without showing themselves: bidirectional controls
# (U+202E shows "exe.gpj" as "jpg.exe") and the zh-Hant edition's keep markers U+E000/U+E001
# (sitegen/hant.py), which in a value would leave the rest of a page unconverted or unmarked.
HIDDEN_CHARACTERS = {
    "\u061c": "an Arabic letter mark",
    "\u200e": "a left-to-right mark",
    "\u200f": "a right-to-left mark",
    **{chr(c): "a bidirectional embedding or override" for c in range(0x202A, 0x202F)},
    **{chr(c): "a bidirectional isolate" for c in range(0x2066, 0x206A)},
    "\ue000": "the zh-Hant edition's keep marker",
    "\ue001": "the zh-Hant edition's keep marker",
}
_HIDDEN = re.compile(f"[{''.join(HIDDEN_CHARACTERS)}]")


def _check_characters(ds: Dataset, loaded: Loaded) -> None:
    """No value or key holds a character that hides or reorders text (see ``HIDDEN_CHARACTERS``)."""
    for where, value in _walk(loaded.data):
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, dict):
            texts += [k for k in value if isinstance(k, str)]
        for text in texts:
            found = _HIDDEN.search(text)
            if found:
                char = found[0]
                ds.report(
                    loaded,
                    where,
                    f"holds U+{ord(char):04X} ({HIDDEN_CHARACTERS[char]}), unseen by readers: delete it",
                )


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")
_LATIN = re.compile(r"[A-Za-z]")


def _check_english(ds: Dataset, loaded: Loaded) -> None:
    """An ``en`` text that is mostly Chinese: the translation was pasted into the wrong field.

    English texts quote Chinese terms (``"揭榜挂帅 project standing"``), so a few Chinese characters
    are fine; a text where they make up more than a quarter of the letters is not a translation.
    """
    for where, value in _walk(loaded.data):
        if not (where and where[-1] == "en" and isinstance(value, str)):
            continue
        chinese, latin = len(_CJK.findall(value)), len(_LATIN.findall(value))
        if chinese and 3 * chinese > latin:
            ds.report(
                loaded,
                where,
                f"the English text is mostly Chinese ({chinese} Chinese characters, {latin} Latin letters): "
                "put the Chinese in `zh` and a translation in `en`",
            )


# --- References and meaning --------------------------------------------------------------------
# These checks run on data the schema may have rejected (every problem is reported at once), so
# they read it through the three helpers below: a list where a mapping belongs is read as empty,
# and a list looked up among ids is simply not one of them.


def _dict(value: Any) -> dict:
    """``value`` if it is a mapping, else an empty one (the schema check reports the wrong type)."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    """``value`` if it is a list, else an empty one (the schema check reports the wrong type)."""
    return value if isinstance(value, list) else []


def _among(value: Any, known: Collection) -> bool:
    """``value in known``, and false for a value no id can equal (a list or mapping)."""
    return isinstance(value, Hashable) and value in known


def did_you_mean(value: Any, known: Collection) -> str:
    """``" (did you mean `x`?)"`` for the known id closest to a mistyped one, else ``""``.

    A typo (``compute_spending``) is far more common than a missing id, and the list of every
    known id that follows is long; the nearest one (difflib's ratio, at least 0.75) is the hint.
    """
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, [k for k in known if isinstance(k, str)], n=1, cutoff=0.75)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _fact_hint(name: str, facts: Collection) -> str:
    """Another document's fact of that name, to write in full; else the nearest known id."""
    elsewhere = sorted(f for f in facts if isinstance(f, str) and f.endswith(f".{name}"))
    if elsewhere:
        return f" (another document declares it: write it in full, `{elsewhere[0]}`)"
    return did_you_mean(name, facts)


# Ids that name a page of their own (policies/<id>/, jurisdictions/<id>/, compare/<id>/) must not
# take the path of a page the generator writes beside them: the section's listing, index.md.
PAGE_PATHS = {"index": "the listing page of its section (index.md)"}


def _page_path_taken(ds: Dataset, loaded: Loaded, where: tuple, what: str, value: Any) -> None:
    if _among(value, PAGE_PATHS):
        ds.report(loaded, where, f"{what} id `{value}` is the path of {PAGE_PATHS[value]}: choose another id")


def _ids(ds: Dataset, loaded: Loaded | None, what: str, pages: bool = False) -> dict[str, dict]:
    out: dict[str, dict] = {}
    if loaded is None or not isinstance(loaded.data, list):
        return out
    for i, item in enumerate(loaded.data):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        if pages:
            _page_path_taken(ds, loaded, (i, "id"), what, item["id"])
        if item["id"] in out:
            ds.report(loaded, (i, "id"), f"duplicate {what} id `{item['id']}`")
        out[item["id"]] = item
    return out


_LOOSE_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_form_message(value: Any) -> str:
    """What is wrong with a date that is not written YYYY-MM-DD, with the spelling to use.

    ``2026-1-1`` is a real day in the wrong form: say how to write it (2026-01-01), rather than
    calling it "not a real date", which sends the author to check the calendar.
    """
    loose = _LOOSE_DATE.fullmatch(str(value).strip())
    if loose:
        year, month, day = (int(g) for g in loose.groups())
        with_zeros = f"{year:04d}-{month:02d}-{day:02d}"
        if not 1900 <= year <= 2199:  # the years schemas.DATE allows
            return f"`{value}`: a date's year is 1900 to 2199; give the date the text states"
        if _parse_date(with_zeros) is not None:
            return f"`{value}` is in the wrong format: write {with_zeros} (YYYY-MM-DD, with leading zeros)"
    return f"`{value}` is in the wrong format: write a date as YYYY-MM-DD, e.g. 2026-01-01"


def _parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _facts_in(node: Any) -> Iterator[tuple[tuple, str]]:
    """Every fact id an expression or condition reads, with its relative path (the keys holding a
    fact are those the operator registry declares so, and a condition's ``fact`` and ``growth``)."""
    keys = sorted({"fact", *(a.key for op in OPERATORS.values() for a in op.args if a.kind == "fact")})
    for where, value in _walk(node):
        if isinstance(value, dict):
            for key in keys:
                if isinstance(value.get(key), str):
                    yield (*where, key), value[key]
            if isinstance(value.get("growth"), list):
                for i, f in enumerate(value["growth"]):
                    if isinstance(f, str):
                        yield (*where, "growth", i), f


def _refs_in(node: Any) -> Iterator[tuple[tuple, str]]:
    for where, value in _walk(node):
        if isinstance(value, dict) and isinstance(value.get("ref"), str):
            yield (*where, "ref"), value["ref"]


def _check_numbering(ds: Dataset, doc: Loaded, numbering: dict, clauses: list) -> None:
    """Every item the document says its source numbers has a clause, and no clause lies outside."""
    first, last = numbering.get("first"), numbering.get("last")
    if not (isinstance(first, int) and isinstance(last, int)):
        return  # absent, or the schema reports it
    if first > last:
        ds.report(doc, ("numbering",), f"numbering runs from {first} to {last}: `first` must come first")
        return
    ids = [c.get("id") for c in clauses if isinstance(c, dict)]
    numbers = {cid.split(".")[0] for cid in ids if isinstance(cid, str)}
    missing = [n for n in range(first, last + 1) if str(n) not in numbers]
    outside = sorted(n for n in numbers if not (n.isdigit() and first <= int(n) <= last))
    if missing:
        ds.report(
            doc,
            ("numbering",),
            f"the source numbers items {first} to {last}, but no clause has number "
            f"{', '.join(map(str, missing))}: add it, or correct `numbering`",
        )
    if outside:
        ds.report(
            doc,
            ("numbering",),
            f"clause number(s) {', '.join(outside)} lie outside `numbering` ({first} to {last})",
        )


def _check_document(ds: Dataset, doc: Loaded, ctx: dict[str, Any]) -> None:
    data = doc.data
    if not isinstance(data, dict):
        return
    stem = doc.path.stem
    if data.get("id") != stem:
        ds.report(doc, ("id",), f"id `{data.get('id')}` must equal the file name `{stem}`")
    if not _among(data.get("jurisdiction"), ctx["jurisdictions"]):
        ds.report(
            doc,
            ("jurisdiction",),
            f"unknown jurisdiction `{data.get('jurisdiction')}`"
            f"{did_you_mean(data.get('jurisdiction'), ctx['jurisdictions'])}; "
            f"known: {', '.join(ctx['jurisdictions'])}",
        )
    _check_urls(ds, doc, data)
    _check_published(ds, doc, data)
    _check_validity(ds, doc, _dict(data.get("validity")))
    _check_numbering(ds, doc, _dict(data.get("numbering")), _list(data.get("clauses")))
    source_text = _check_source(ds, doc, _dict(data.get("source")), ctx)
    _check_application(ds, doc, ("application",), data.get("application"), source_text)
    doc_id = data.get("id") if isinstance(data.get("id"), Hashable) else str(data.get("id"))
    known_facts = ctx["facts_of"].get(doc_id, ctx["facts"])
    clause_ids: set[str] = set()
    for i, clause in enumerate(_list(data.get("clauses"))):
        if not isinstance(clause, dict):
            continue
        here = ("clauses", i)
        cid = clause.get("id")
        if not isinstance(cid, Hashable):
            cid = str(cid)
        if cid in clause_ids:
            ds.report(doc, (*here, "id"), f"duplicate clause id `{cid}` in this document")
        clause_ids.add(cid)
        if not _among(clause.get("category"), ctx["categories"]):
            ds.report(
                doc,
                (*here, "category"),
                f"unknown category `{clause.get('category')}`"
                f"{did_you_mean(clause.get('category'), ctx['categories'])}; "
                f"known: {', '.join(ctx['categories'])}",
            )
        _check_application(ds, doc, (*here, "application"), clause.get("application"), source_text)
        zh = _dict(clause.get("text")).get("zh")
        zh = _as_in_source(ds, doc, here, clause, zh)
        if source_text is not None and isinstance(zh, str) and zh not in source_text:
            ds.report(
                doc,
                (*here, "text", "zh"),
                f"clause {cid}: text.zh is not verbatim in policies/sources/{data['source']['seed']}; "
                "copy it from the normalized source",
            )
        kept = without_units(zh)[1] if isinstance(zh, str) else ()
        if kept:
            ds.report(
                doc,
                (*here, "text", "zh"),
                f"clause {cid}: text.zh ends with a responsible-units note naming {'、'.join(kept)}: "
                "leave it out of text.zh and list the units under `responsible` (as `split` does)",
            )
        for j, link in enumerate(_list(clause.get("implements"))):
            if not isinstance(link, dict):
                continue
            target = (link.get("policy"), link.get("clause"))
            if not all(isinstance(t, Hashable) for t in target) or target not in ctx["clauses"]:
                ds.report(
                    doc,
                    (*here, "implements", j),
                    f"`implements` points to {target[0]} clause {target[1]}, which does not exist",
                )
            elif target == (data.get("id"), cid):
                ds.report(doc, (*here, "implements", j), "a clause cannot implement itself")
            part = link.get("part")
            if part is not None and target in ctx["parts"] and part not in ctx["parts"][target]:
                ds.report(
                    doc,
                    (*here, "implements", j, "part"),
                    f"{target[0]} clause {target[1]} has no part `{part}`; "
                    f"its parts: {', '.join(ctx['parts'][target]) or 'none'}",
                )
        _check_benefit(ds, doc, here, _dict(clause.get("benefit")), known_facts)
        _check_parts(ds, doc, here, clause, known_facts, ctx["expenses"])
        _check_examples(ds, doc, here, clause, known_facts)
    check_shapes(data, ctx, lambda where, message: ds.report(doc, where, message))
    lint_document(data, known_facts, lambda where, message: ds.report(doc, where, message))


def _check_validity(ds: Dataset, doc: Loaded, validity: dict) -> None:
    start, end = validity.get("from"), validity.get("to")
    for key in ("from", "to"):
        value = validity.get(key)
        if isinstance(value, str) and _ISO_DATE.fullmatch(value) and _parse_date(value) is None:
            ds.report(doc, ("validity", key), f"`{value}` is not a real date (YYYY-MM-DD)")
    if validity.get("draft") is True:
        return
    later = validity.get("after_publication")
    unstated = validity.get("start") == "not_stated"
    if start is None and not later and not unstated:
        ds.report(
            doc,
            ("validity",),
            "give `from` (first day in force), `after_publication: {days: N}` when the text says "
            '"N days after publication", `start: not_stated` when it states no start, or `draft: true` '
            "for a draft",
        )
    if sum(bool(x) for x in (start is not None, later, unstated)) > 1:
        ds.report(
            doc,
            ("validity", "start" if unstated else "after_publication"),
            "give one of `from`, `after_publication` and `start: not_stated`",
        )
    until = validity.get("until")
    if end is None and validity.get("years") is None and until is None:
        ds.report(
            doc,
            ("validity",),
            "give `to` (last day), `years` (duration), `until: open_ended` where the text says "
            "长期有效 / until further notice, or `until: not_stated` where it states no end",
        )
    if until is not None and (end is not None or validity.get("years") is not None):
        message = f"`until: {until}` means no last day: leave out `to` and `years`"
        ds.report(doc, ("validity", "until"), message)
    if end is not None and validity.get("years") is not None:
        ds.report(doc, ("validity",), "give either `to` or `years`, not both")
    a, b = _parse_date(start), _parse_date(end)
    if a and b and b < a:
        ds.report(doc, ("validity", "to"), f"`to` {end} is before `from` {start}")


def _check_urls(ds: Dataset, doc: Loaded, data: dict) -> None:
    """Every `url` is checked with a parser (the schema's pattern only guides editors)."""
    for where, value in _walk(data):
        plain = where and where[-1] == "url" and isinstance(value, str) and re.search(urls.PATTERN, value)
        if plain and (why := urls.problem(value)) is not None:
            ds.report(doc, where, f"`{_short(value)}` is not a plain web address: {why}")


def _check_published(ds: Dataset, doc: Loaded, data: dict) -> None:
    """An interpretation's or a disbursement's day is a real date (the schema checks its form)."""
    for key in ("interpretations", "disbursements"):
        for i, item in enumerate(_list(data.get(key))):
            value = _dict(item).get("date")
            if isinstance(value, str) and _ISO_DATE.fullmatch(value) and _parse_date(value) is None:
                ds.report(doc, (key, i, "date"), f"`{value}` is not a real date (YYYY-MM-DD)")


def _short(value: object, limit: int = 120) -> str:
    """A value as a message quotes it: at most ``limit`` characters."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def _check_application(ds: Dataset, doc: Loaded, where: tuple, app: Any, source_text: str | None) -> None:
    """An application block states only what the text does: a `dates` window has its real dates in
    order, other windows none (a date is never invented), and its quote stands in the source."""
    if not isinstance(app, dict):
        return
    window = _dict(app.get("window"))
    kind = window.get("kind")
    dates = {k: window[k] for k in ("from", "to") if isinstance(window.get(k), str)}
    for key, value in dates.items():
        if _ISO_DATE.fullmatch(value) and _parse_date(value) is None:
            ds.report(doc, (*where, "window", key), f"`{value}` is not a real date (YYYY-MM-DD)")
    if kind == "dates" and "to" not in window:
        ds.report(doc, (*where, "window"), "a `dates` window needs `to` (the last day to apply)")
    if kind not in (None, "dates") and dates:
        ds.report(
            doc,
            (*where, "window"),
            f"a `{kind}` window has no dates: remove `from`/`to`, "
            "or use `kind: dates` if the text states them",
        )
    start, end = _parse_date(dates.get("from")), _parse_date(dates.get("to"))
    if start and end and end < start:
        ds.report(doc, (*where, "window", "to"), f"`to` {dates['to']} is before `from` {dates['from']}")
    # An interpreting unit is never inferred: its name stands, as written, in a line of the source
    # that says who interprets the text (负责解释).
    saying = [line for line in (source_text or "").splitlines() if "负责解释" in line]
    for n, unit in enumerate(app.get("interpreted_by") or []):
        name = _dict(unit).get("zh")
        if source_text is not None and isinstance(name, str) and not any(name in line for line in saying):
            ds.report(
                doc,
                (*where, "interpreted_by", n, "zh"),
                f"`{_short(name)}` is not named where the source says who interprets it (负责解释): "
                "list a unit only as the text names it there, or remove it",
            )
    quote = _dict(app.get("quote")).get("zh")
    if source_text is not None and isinstance(quote, str) and quote not in source_text:
        ds.report(
            doc,
            (*where, "quote", "zh"),
            "the quote is not verbatim in the normalized source: copy the sentence that states it",
        )


def _as_in_source(ds: Dataset, doc: Loaded, here: tuple, clause: dict, zh: Any) -> Any:
    """``text.zh`` with each declared divergence put back as the source reads it.

    A clause whose text cannot be the source's, character for character (a typo the issuer
    corrected elsewhere, a span the scrape lost), says so in ``diverges``; the rest must still be
    verbatim, so each span it changes is named, and only those.
    """
    if not isinstance(zh, str):
        return zh
    for j, change in enumerate(_list(clause.get("diverges"))):
        if not isinstance(change, dict) or not isinstance(change.get("text"), str):
            continue
        if change["text"] not in zh:
            ds.report(
                doc,
                (*here, "diverges", j, "text"),
                f"`{change['text']}` is not in this clause's text.zh: give the span as the text reads it",
            )
            continue
        zh = zh.replace(change["text"], str(change.get("source", "")), 1)
    return zh


def _check_source(ds: Dataset, doc: Loaded, source: dict, ctx: dict[str, Any]) -> str | None:
    seed = source.get("seed")
    if not isinstance(seed, str):
        return None
    path = ds.root / "sources" / seed
    if "." in Path(seed).stem:  # its page, sources/<stem>/, could be a published file (<policy>.yaml)
        suggested = Path(seed).stem.replace(".", "_") + ".txt"
        ds.report(
            doc,
            ("source", "seed"),
            f"`{seed}`: a seed's name has one dot, before txt: rename it (e.g. `{suggested}`)",
        )
        return None
    if Path(seed).name != seed or path.is_symlink() or not path.is_file():  # a file here, not a path out
        ds.report(doc, ("source", "seed"), f"no normalized source policies/sources/{seed}")
        return None
    if seed not in ctx["sources"]:
        try:
            ctx["sources"][seed] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            ds.report(doc, ("source", "seed"), f"cannot read policies/sources/{seed} as UTF-8 text: {exc}")
            return None
    return ctx["sources"][seed]


def _check_benefit(ds: Dataset, doc: Loaded, here: tuple, benefit: dict, facts: dict[str, dict]) -> None:
    kind = benefit.get("kind")
    has_amount = "amount" in benefit or "parts" in benefit
    where = (*here, "benefit")
    if "amount" in benefit and "parts" in benefit:
        ds.report(doc, where, "give either `amount` or `parts`, not both")
    if kind in COMPUTABLE and not has_amount:
        ds.report(doc, where, f"a `{kind}` benefit needs an `amount` (or `parts`)")
    if kind in ("unquantified", "non_monetary") and has_amount:
        ds.report(doc, where, f"a `{kind}` benefit has no amount: remove `amount`/`parts` or change `kind`")
    if (
        kind in ("fixed", "up_to")
        and not benefit.get("when")
        and not any(p.get("when") for p in _list(benefit.get("parts")) if isinstance(p, dict))
    ):
        ds.report(
            doc,
            where,
            f"a `{kind}` benefit needs a `when` gate saying when the company qualifies (e.g. a boolean fact)",
        )
    for rel, fact in _facts_in(benefit):
        if fact not in facts:
            ds.report(
                doc,
                (*where, *rel),
                f"unknown fact `{fact}`{_fact_hint(fact, facts)}; "
                "add it to facts.yaml or this file's `facts:`",
            )
    names: list[str] = []
    for i, part in enumerate(_list(benefit.get("parts"))):
        if not isinstance(part, dict):
            continue
        for rel, ref in _refs_in(part):
            if ref not in names:
                ds.report(
                    doc, (*where, "parts", i, *rel), f"`ref: {ref}` must name an earlier part ({names})"
                )
        if part.get("name") in names:
            ds.report(doc, (*where, "parts", i, "name"), f"duplicate part name `{part.get('name')}`")
        names.append(part.get("name"))
    if "amount" in benefit:
        for rel, ref in _refs_in(benefit["amount"]):
            ds.report(doc, (*where, "amount", *rel), f"`ref: {ref}` is only allowed inside `parts`")


# Words that tie an amount to a status someone grants (a project kind, a selection, a rating): such
# a part needs a gate on a fact that says the company has it, or a total would count it for anyone.
STATUS_WORDS = ("入选", "评定", "评选", "遴选", "认定的", "示范项目", "标杆", "揭榜挂帅", "获批", "列入")
STATUS_UNITS = ("boolean", "level", "count")


def _parts_of(benefit: dict) -> list[tuple[tuple, dict]]:
    """(relative path, part) for each part; a single ``amount`` is one part."""
    if "parts" in benefit:
        return [(("parts", i), p) for i, p in enumerate(_list(benefit["parts"])) if isinstance(p, dict)]
    return [((), benefit)] if "amount" in benefit else []


def _part_amount_ok(ds: Dataset, doc: Loaded, at: tuple, part: dict) -> bool:
    """A part states its ``amount``, or says ``no_amount: true`` (listed, never counted); not both.
    False when there is no amount to check further."""
    label = part.get("name") or "part"
    if "amount" in part and part.get("no_amount"):
        ds.report(
            doc,
            (*at, "no_amount"),
            f"part `{label}` has an `amount` and `no_amount: true`: keep `amount` if the text states one, "
            "else remove it",
        )
        return True
    if "amount" not in part:
        if not part.get("no_amount"):
            ds.report(
                doc,
                at,
                f"part `{label}` has no `amount`: write the amount the text states, or `no_amount: true` "
                "where the part applies but the text states none (并推荐申报…)",
            )
        return False
    return True


def _has_up_to(node: Any) -> bool:
    return any(isinstance(v, dict) and ("up_to" in v or "ordinarily" in v) for _, v in _walk(node))


def _check_parts(
    ds: Dataset, doc: Loaded, here: tuple, clause: dict, facts: dict[str, dict], expenses: set[str]
) -> None:
    """Each monetary part: names its expense, and is gated where it is fixed, "up to" or a status's."""
    benefit = _dict(clause.get("benefit"))
    if benefit.get("kind") not in COMPUTABLE:
        return
    where = (*here, "benefit")
    names = {p.get("name") for _, p in _parts_of(benefit)}
    for name in _list(benefit.get("either")):
        if name not in names:
            ds.report(doc, (*where, "either"), f"`either` names `{name}`, not a part of this benefit")
    conditions = " ".join(_dict(c).get("zh", "") for c in _list(clause.get("conditions")))
    listed = _parts_of(benefit)
    if listed and all(p.get("no_amount") for _, p in listed):
        ds.report(
            doc,
            where,
            "every part says `no_amount: true`: the clause states no amount at all, so write "
            "`kind: unquantified` with its `when` gate instead of parts",
        )
    for rel, part in listed:
        at = (*where, *rel)
        if rel and not _part_amount_ok(ds, doc, at, part):
            continue
        expense = part.get("expense") or benefit.get("expense")
        if expense is None:
            ds.report(
                doc,
                at,
                "name the expense this money pays for (`expense: <id>`, e.g. "
                f"{', '.join(sorted(expenses)[:4])}…) or `expense: reward` if it pays for no spending",
            )
        elif expense != "reward" and expense not in expenses:
            ds.report(
                doc,
                (*at, "expense") if "expense" in part else (*where, "expense"),
                f"unknown expense `{expense}`{did_you_mean(expense, {'reward', *expenses})}; "
                f"known: reward, {', '.join(sorted(expenses))}",
            )
        gates = _list(benefit.get("when")) + _list(part.get("when"))
        amount = part.get("amount")
        gate_units = {_dict(facts.get(f)).get("unit") for _, f in _facts_in(gates)}
        label = part.get("name") or "amount"
        if (not list(_facts_in(amount)) or _has_up_to(amount)) and not gates:
            ds.report(
                doc,
                at,
                f"`{label}` is a fixed or 'up to' amount that no condition gates: add a `when` with the fact "
                "saying the company qualifies",
            )
        text = _dict(part.get("label")).get("zh", "") if rel else conditions
        word = next((w for w in STATUS_WORDS if w in text), None)
        if word is not None and not gate_units.intersection(STATUS_UNITS):
            ds.report(
                doc,
                at,
                f"`{label}`: the text ties it to a status ({word}) but no gate asks for it: add a `when` "
                "with a yes/no (or level) fact for that status",
            )


def _check_examples(ds: Dataset, doc: Loaded, here: tuple, clause: dict, facts: dict[str, dict]) -> None:
    kind = _dict(clause.get("benefit")).get("kind")
    examples = _list(clause.get("examples"))
    if kind in COMPUTABLE and not examples:
        ds.report(
            doc, here, f"clause {clause.get('id')}: a `{kind}` clause needs at least one worked example"
        )
    for j, example in enumerate(examples):
        if not isinstance(example, dict):
            continue
        left_out = _yes_no_left_out(_dict(clause.get("benefit")), set(_dict(example.get("facts"))), facts)
        for name in left_out:
            ds.report(
                doc,
                (*here, "examples", j, "facts"),
                f"clause {clause.get('id')}, example {j + 1} leaves out `{name}`, a yes/no the clause reads: "
                f"state it ({name}: true or false); a fact left out is unknown, not “no”",
            )
        for name, value in _dict(example.get("facts")).items():
            where = (*here, "examples", j, "facts", name)
            fact = facts.get(name)
            if fact is None:
                ds.report(doc, where, f"unknown fact `{name}` in example{_fact_hint(name, facts)}")
            elif (fact.get("unit") == "boolean") != isinstance(value, bool):
                want = "true/false" if fact.get("unit") == "boolean" else "a whole number"
                ds.report(doc, where, f"fact `{name}` takes {want}, got `{value}`")


def _yes_no_left_out(benefit: dict, given: set[str], facts: dict[str, dict]) -> list[str]:
    """The yes/no facts gating a part the example computes (it gives the part's amount facts) that the
    example leaves out. A review outcome (``review: true``) may be left out: it is then assumed."""
    out: set[str] = set()
    top = {f for _, f in _facts_in(_list(benefit.get("when")))}
    for _, part in _parts_of(benefit):
        amount = {f for _, f in _facts_in(part.get("amount"))} - {"startup"}
        if not amount or not amount <= given:
            continue
        gates = top | ({f for _, f in _facts_in(_list(part.get("when")))} if part is not benefit else set())
        out |= {
            f
            for f in gates - given
            if _dict(facts.get(f)).get("unit") == "boolean" and not _dict(facts.get(f)).get("review")
        }
    return sorted(out)


def _own_facts(ds: Dataset, doc: Loaded, data: dict, shared: dict[str, dict]) -> dict[str, dict]:
    """The facts a document declares, by their short names: its own, whatever other documents
    declare (each has its own ``sme``), but neither twice in it nor shadowing a shared fact."""
    own: dict[str, dict] = {}
    for i, fact in enumerate(_list(data.get("facts"))):
        if not (isinstance(fact, dict) and isinstance(fact.get("id"), str)):
            continue
        name = fact["id"]
        if name in shared:
            ds.report(
                doc,
                ("facts", i, "id"),
                f"facts.yaml already declares `{name}`: "
                "read that one, or give this document's fact another id",
            )
        elif name in own:
            ds.report(doc, ("facts", i, "id"), f"fact `{name}` is declared twice in this document")
        else:
            own[name] = fact
    return own


def _check_vocabularies(
    ds: Dataset, jurisdictions: dict, place_files: dict, facts: dict[str, dict], fact_files: dict
) -> None:
    for jid, place in jurisdictions.items():
        loaded, where = place_files[jid]
        parent = place.get("parent") if isinstance(place, dict) else None
        if parent is not None and not _among(parent, jurisdictions):
            ds.report(
                loaded,
                (*where, "parent"),
                f"unknown parent jurisdiction `{parent}`{did_you_mean(parent, jurisdictions)}",
            )
        seen, cur = {jid}, parent
        while _among(cur, jurisdictions):
            if cur in seen:
                ds.report(loaded, where, f"jurisdiction `{jid}` is its own ancestor (a cycle)")
                break
            seen.add(cur)
            cur = jurisdictions[cur].get("parent")
    for fid, fact in facts.items():
        loaded, where = fact_files[fid]
        within = fact.get("within")
        if within is not None and not _among(within, facts):
            ds.report(
                loaded,
                (*where, "within"),
                f"`within` names unknown fact `{within}`{did_you_mean(within, facts)}",
            )
        if (fact.get("unit") == "level") != ("choices" in fact):
            ds.report(loaded, where, "a `level` fact needs `choices`, and only a level fact may have them")


def check_dataset(ds: Dataset) -> list[Problem]:
    """Every problem in a loaded dataset (it is loaded once and reused by the compiler)."""
    for loaded, name in (
        (ds.jurisdictions, "jurisdictions.schema.json"),
        (ds.categories, "categories.schema.json"),
        (ds.facts, "facts.schema.json"),
    ):
        if loaded is not None:
            _check_schema(ds, loaded, name)
            _check_floats(ds, loaded)
            _check_characters(ds, loaded)
            _check_english(ds, loaded)
    for doc in ds.documents:
        _check_schema(ds, doc, "document.schema.json")
        _check_floats(ds, doc)
        _check_characters(ds, doc)
        _check_english(ds, doc)

    jurisdictions = _ids(ds, ds.jurisdictions, "jurisdiction", pages=True)
    categories = _ids(ds, ds.categories, "category", pages=True)
    facts = _ids(ds, ds.facts, "fact")
    if ds.facts is not None and isinstance(ds.facts.data, list) and "startup" not in facts:
        # Every profile has a top-level `startup` (calculator/profile.py): the vocabulary must say what it is.
        ds.report(
            ds.facts, (), "no fact `startup`: declare it (unit: boolean); every profile's `startup` reads it"
        )
    shared_facts = dict(facts)
    own_facts: dict[Any, dict[str, dict]] = {}
    fact_files = {fid: (ds.facts, (i,)) for i, fid in enumerate(facts)}
    place_files = {jid: (ds.jurisdictions, (i,)) for i, jid in enumerate(jurisdictions)}
    clauses: set[tuple[str, str]] = set()
    parts: dict[tuple[str, str], list[str]] = {}
    doc_ids: dict[str, Loaded] = {}
    for doc in ds.documents:
        data = _dict(doc.data)
        doc_id = data.get("id")
        if not isinstance(doc_id, Hashable):  # a list: the schema check reports it
            doc_id = str(doc_id)
        _page_path_taken(ds, doc, ("id",), "document", doc_id)
        if doc_id in doc_ids:
            ds.report(doc, ("id",), f"duplicate document id `{doc_id}`")
        doc_ids[doc_id] = doc
        for i, place in enumerate(_list(data.get("jurisdictions"))):
            if isinstance(place, dict) and isinstance(place.get("id"), str):
                if place["id"] in jurisdictions:
                    where = ("jurisdictions", i, "id")
                    ds.report(doc, where, f"jurisdiction `{place['id']}` is already defined elsewhere")
                jurisdictions[place["id"]] = place
                place_files[place["id"]] = (doc, ("jurisdictions", i))
        own_facts[doc_id] = _own_facts(ds, doc, data, shared_facts)
        for name, fact in own_facts[doc_id].items():
            fid = full_id(str(doc_id), name)
            within = fact.get("within")
            facts[fid] = (
                {**fact, "within": full_id(str(doc_id), within)} if within in own_facts[doc_id] else fact
            )
            fact_files[fid] = (doc, ("facts", _list(data.get("facts")).index(fact)))
        for clause in _list(data.get("clauses")):
            if isinstance(clause, dict) and isinstance(clause.get("id"), Hashable):
                clauses.add((doc_id, clause.get("id")))
                benefit = _dict(clause.get("benefit"))
                parts[(doc_id, clause.get("id"))] = [
                    p.get("name") for _, p in _parts_of(benefit) if isinstance(p.get("name"), str)
                ]
    _check_vocabularies(ds, jurisdictions, place_files, facts, fact_files)
    ctx = {
        "jurisdictions": jurisdictions,
        "categories": categories,
        "facts": facts,
        # What a document's references may name: the shared facts, every document's facts in
        # full (`<document>.<fact>`), and its own by their short names.
        "facts_of": {d: {**facts, **own} for d, own in own_facts.items()},
        "clauses": clauses,
        "parts": parts,
        "expenses": {f["expense"] for f in facts.values() if isinstance(f.get("expense"), str)},
        "sources": {},
    }
    for doc in ds.documents:
        _check_document(ds, doc, ctx)
    _check_glossary(ds)
    return sorted(set(ds.problems))


def _check_glossary(ds: Dataset) -> None:
    """The glossary's schema, then each Chinese term once (one entry per term on the glossary page)."""
    if ds.glossary is None:
        return
    _check_schema(ds, ds.glossary, "glossary.schema.json")
    _check_floats(ds, ds.glossary)
    _check_characters(ds, ds.glossary)
    _check_english(ds, ds.glossary)
    seen: set[str] = set()
    for i, term in enumerate(_list(ds.glossary.data)):
        zh = _dict(term).get("zh")
        if isinstance(zh, str):
            if zh in seen:
                ds.report(ds.glossary, (i, "zh"), f"`{zh}` is already in the glossary: merge the two entries")
            seen.add(zh)


def check_glossary(path: Path) -> tuple[Loaded | None, list[Problem]]:
    """The glossary file at ``path`` on its own, with the checks :func:`check_dataset` gives it."""
    ds = Dataset(root=path.parent)
    ds.glossary = _load(ds, path)
    _check_glossary(ds)
    return ds.glossary, sorted(set(ds.problems))
