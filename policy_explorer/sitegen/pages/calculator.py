"""The calculator page and its widget, with the files they load: the fields of every group (named
by their content) and, in the zh-Hant edition, the table that converts the engine's answers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policy_explorer import calculator
from policy_explorer.calculator import load_model
from policy_explorer.calculator.dates import STATUSES

from .. import hant, hk
from ..example import example
from ..form import build_form
from ..kept import clause_versions
from ..templates import RenderError
from ..view import SiteView
from . import FileSpec, Nav, PageSpec, Site, Spec

ORDER = 70
SOURCE = "site_templates/example_profile.yaml"
# The site strings the calculator's script shows besides its own (``calc_*``).
CALC_WORDS = (
    "yes",
    "no",
    "policy",
    "clause",
    "amount",
    "status",
    "total_max",
    "total_conservative",
    "calculator",
)


def pages(site: Site) -> Iterator[Spec]:
    edition = site.edition
    calc = _context(site)
    calc["data_version"] = site.build.fingerprint  # one data version on the page: the footer's, printed too
    # Written as JSON escapes, which the page conversion does not see: converted here.
    calc["calc_strings"] = edition.tree(calc["calc_strings"])
    calc["hant_table"] = ""
    if edition.converted:
        table = _hant_table(site.view)
        calc["hant_table"] = table.path
        yield table
    fields = site.render("calculator_fields.html.j2", **calc)
    fields = edition.page(fields)  # named by the bytes served, not the Simplified ones
    calc["fields_path"] = f"assets/calculator/fields-{_digest(fields)}.html"
    yield FileSpec(calc["fields_path"], fields, final=True)
    title = site.text("calculator")
    yield PageSpec("calculator.md.j2", "calculator.md", title, SOURCE, calc, nav=Nav("calculator", 20))
    yield PageSpec("widget.md.j2", "widget.md", title, SOURCE, calc)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _hant_table(view: SiteView) -> FileSpec:
    """The table that shows the engine's answers in Traditional characters."""
    table = hant.answer_table(view.data, Path(calculator.__file__).parent)
    rules = {"chars": table, "hk": hk.layer().browser()}  # the page applies the Hong Kong layer after it
    text = json.dumps(rules, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return FileSpec(f"assets/calculator/hant-{_digest(text)}.json", text)


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element (no ``<``, so no ``</script>``)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")


def _clause_scenario(examples: list[dict[str, Any]]) -> dict[str, Any]:
    """The first worked example's facts (amounts as digit strings: whole yuan) and start-up flag."""
    if not examples:
        return {}
    first = examples[0]
    facts = {k: v if isinstance(v, bool) else str(v) for k, v in first.get("facts", {}).items()}
    return {"example": {"facts": facts, "startup": bool(first.get("startup", False))}}


def _context(site: Site) -> dict[str, Any]:
    """What the calculator page and the widget share: the example, the form, the worker's config."""
    view, lang, strings = site.view, site.lang, site.strings
    profile = site.edition.templates / "example_profile.yaml"
    if not profile.is_file():
        raise RenderError(
            "the calculator page needs an example: write example_profile.yaml (jurisdiction, startup, "
            "facts) in the site's templates folder (site_templates/, the plugin's `templates` option)"
        )
    ex = example(view, lang, profile)
    form = build_form(view.data)
    group_of = {f.id: g.category["id"] for g in form.groups for f in g.fields}
    examples = {
        (p["id"], c["id"]): c.get("examples", []) for p in view.data["policies"] for c in p["clauses"]
    }
    clauses = {  # ?clause=<policy>/<clause> presets: where the clause applies, what it reads, and
        # the scenario of its first worked example (written from its text), so the link opens a result
        f"{policy}/{clause}": {"jurisdiction": c.jurisdiction, "facts": sorted(c.facts)}
        | _clause_scenario(examples.get((policy, clause), []))
        for (policy, clause), c in load_model(view.data).clauses.items()
    }
    runtime_config = site.runtime_config
    return {
        "example": ex,
        "form": form,
        "open_groups": sorted({group_of[f] for f in ex["profile"].get("facts", {}) if f in group_of}),
        # versions: each clause's, for "new or changed since you kept this scenario" (sitegen/kept.py)
        "calc_config": {"clauses": clauses, "groups": group_of, "versions": clause_versions(view.data)},
        # The worker's configuration goes to the page's <head> (front matter → override template).
        "runtime_json": _script_json(runtime_config) if runtime_config else "",
        "calc_strings": {k[5:]: v[lang] for k, v in strings.items() if k.startswith("calc_")}
        | {k: strings[k][lang] for k in CALC_WORDS}
        | {f"status_{s}": strings[f"status_{s}"][lang] for s in STATUSES}
        | _currency_words(view.data),
    }


def _currency_words(data: dict) -> dict[str, str]:
    """A site whose currency has no 万 (policies/site.yaml): the form's unit is the currency's code."""
    money = (data.get("site") or {}).get("currency")
    if not money or money["chinese_units"]:
        return {}
    return {"unit_cny": money["code"], "unit_wan": money["code"]}
