"""The calculator as the browser calls it: one JSON request in, one JSON answer out, never an exception.

The site's Web Worker (``policy_explorer/defaults/assets/calculator/worker.mjs``) runs this module in Pyodide.
It holds no rule of its own: it calls :func:`policy_explorer.calculator.estimate` for the chosen jurisdiction
and, for the comparison of places, for every jurisdiction that has policies, with the same facts.

Request: ``{"profile": {jurisdiction, startup, facts}, "on": "YYYY-MM-DD", "compare": true,
"typed": {fact: text}, "unit": "wan" | "cny", "trace": true, "what_if": fact, "up_to": "4x"}``.
Amounts may be sent as strings of digits (whole yuan): a browser's numbers cannot carry every
integer exactly, so ``"12500000"`` is read here as the integer.
``typed`` holds the form's number fields as the reader typed them (``2千万``,
``２０００``, ``1,250``), read by :mod:`policy_explorer.calculator.typed` in ``unit`` (amounts) and added
to the profile's facts; the answer's ``read`` gives each back as the digits it was read as (whole yuan
for amounts), so the page writes exact values into its address and echoes ``= 20,000,000 元``.

Answer: ``{"ok": true, "result": …, "labels": …, "needs": …, "policies": …, "read": …, "summary": …,
"compare": [{jurisdiction, name, place, total_max_cny, total_conservative_cny, vouchers_max_cny,
vouchers_conservative_cny, items, label, labels, top, why}], "compare_note": {zh, en}}`` or
``{"ok": false, "field": …, "message": …, "typed": true|false}`` (``typed``: the text of a field
could not be read as a number, so the page shows its own words for what to type).
``labels`` are the amounts worded as on the site's pages (:func:`policy_explorer.calculator.money.fmt_range`:
``300万元`` / ``CNY 3,000,000``, a graded range ``A–B``, ``≤ X`` where the text states only a
maximum), so the page formats no money itself; ``needs`` adds each clause's title and each
missing fact's label to the engine's list. The result carries ``why_not``
(:mod:`policy_explorer.calculator.whynot`:
why each clause of the place gives nothing, worded by the engine), and ``trace``, the explanation as
a tree, when the request asks for it (``"trace": true``: the page does not, so each answer stays small).
``"what_if": fact`` adds ``what_if``: the claim against that expense from 0 to ``up_to`` (default 4)
times the value entered, with its breakpoints (:func:`policy_explorer.calculator.whatif.what_if`), for a
chart, and ``what_if_labels``, its amounts and clauses in words per language
(:func:`policy_explorer.calculator.whatif.labels`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import estimate, load_model
from .errors import CalculatorError, clip
from .money import currency, fmt_cny
from .profile import loads
from .summary import amount_text, ending_label, nothing_in_force, split_label
from .typed import UNITS, TypedError, read_amount, read_number

LANGS = ("zh", "en")
_DIGITS = re.compile(r"[0-9]{1,16}")

REQUEST_KEYS = ("profile", "on", "compare", "typed", "unit", "trace", "what_if", "up_to")


def _labels(result: dict[str, Any]) -> dict[str, Any]:
    return {
        lang: {
            "items": [amount_text(i, lang) for i in result["items"]],
            # When each item's policy ends, if within 30 days or already ("" otherwise).
            "ending": [ending_label(i, lang) or "" for i in result["items"]],
            "total_max": fmt_cny(result["total_max_cny"], lang),
            "total_conservative": fmt_cny(result["total_conservative_cny"], lang),
            # The cash and the vouchers in each total ("" when it holds no voucher).
            "split_max": split_label(result["total_max_cny"], result["vouchers_max_cny"], lang) or "",
            "split_conservative": split_label(
                result["total_conservative_cny"], result["vouchers_conservative_cny"], lang
            )
            or "",
        }
        for lang in LANGS
    }


def _needs(result: dict[str, Any]) -> list[dict[str, Any]]:
    model = load_model()
    policies = {p["id"]: p["title"] for p in model.data["policies"]}
    return [
        {
            **need,
            "title": dict(zip(LANGS, model.clauses[(need["policy"], need["clause"])].title, strict=True)),
            "policy_title": policies[need["policy"]],
            "fact_labels": [model.facts[f]["label"] for f in need["facts"]],
        }
        for need in result["needs"]
    ]


def _policy_titles(result: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The short title of each policy the result's items and its "why not" entries come from."""
    used = {item["policy"] for item in result["items"]} | {w["policy"] for w in result.get("why_not", ())}
    policies = load_model().data["policies"]
    return {p["id"]: p.get("short_title") or p["title"] for p in policies if p["id"] in used}


def _whole_yuan(profile: Any) -> Any:
    """The profile with digit-string fact values read as integers (everything else as given)."""
    if not isinstance(profile, dict) or not isinstance(profile.get("facts"), dict):
        return profile
    facts = {
        k: int(v) if isinstance(v, str) and _DIGITS.fullmatch(v) else v for k, v in profile["facts"].items()
    }
    return {**profile, "facts": facts}


def _read_typed(request: dict[str, Any], profile: Any) -> tuple[Any, dict[str, str]]:
    """The profile with the typed fields read into its facts, and each as the exact digits read."""
    typed = request.get("typed") or {}
    if not isinstance(typed, dict) or not all(isinstance(v, str) for v in typed.values()):
        raise CalculatorError("typed", "must be an object of fact ids to the text typed")
    if not typed:
        return profile, {}
    unit = request.get("unit", "wan")
    if unit not in UNITS:
        raise CalculatorError("unit", f"unknown unit `{clip(str(unit))}`; use wan (万元) or cny (yuan)")
    if not isinstance(profile, dict) or not isinstance(profile.get("facts", {}), dict):
        return profile, {}  # the engine names what is wrong with the profile
    facts = load_model().facts
    values: dict[str, Any] = dict(profile.get("facts", {}))
    for fact, text in typed.items():
        field = f"facts.{clip(fact)}"
        if fact not in facts:
            raise CalculatorError(field, f"unknown fact; known facts: {', '.join(sorted(facts))}")
        kind = facts[fact]["unit"]
        if kind == "CNY":
            values[fact] = read_amount(text, unit, field)
        elif kind in ("count", "months", "m2"):
            values[fact] = read_number(text, kind != "m2", field)
        else:
            raise CalculatorError(field, f"is a {kind} fact, not typed as a number")
    read = {fact: str(values[fact]) for fact in typed}
    return {**profile, "facts": values}, read


TOP_ITEMS = 3  # the largest items a compared place lists


def place_name(j: dict[str, Any]) -> dict[str, str]:
    """A place as a reader names it: a district with its city ("深圳市 · 龙岗区", "Longgang District,
    Shenzhen"), a city alone."""
    parent = load_model().jurisdictions.get(j.get("parent") or "")
    if j["level"] != "district" or parent is None:
        return dict(j["name"])
    return {
        "zh": f"{parent['name']['zh']} · {j['name']['zh']}",
        "en": f"{j['name']['en']}, {parent['name']['en']}",
    }


def compare(profile: dict[str, Any], on: str | None) -> list[dict[str, Any]]:
    """The same facts in every jurisdiction: per place both totals, the vouchers in each, its largest
    items (by the amount counted in the maximum), largest maximum first."""
    rows = []
    for j in load_model().places():
        result = estimate({**profile, "jurisdiction": j["id"]}, on=on)
        counted = sorted(
            (i for i in result["items"] if i["counted_max_cny"]),
            key=lambda i: (-i["counted_max_cny"], i["policy"], i["clause"]),
        )[:TOP_ITEMS]
        rows.append(
            {
                "jurisdiction": j["id"],
                "name": j["name"],
                "place": place_name(j),
                "total_max_cny": result["total_max_cny"],
                "total_conservative_cny": result["total_conservative_cny"],
                "vouchers_max_cny": result["vouchers_max_cny"],
                "vouchers_conservative_cny": result["vouchers_conservative_cny"],
                "items": len(result["items"]),
                "label": {lang: fmt_cny(result["total_max_cny"], lang) for lang in LANGS},
                "labels": {
                    lang: {
                        "max": fmt_cny(result["total_max_cny"], lang),
                        "conservative": fmt_cny(result["total_conservative_cny"], lang),
                        "vouchers_max": fmt_cny(result["vouchers_max_cny"], lang),
                        "vouchers_conservative": fmt_cny(result["vouchers_conservative_cny"], lang),
                    }
                    for lang in LANGS
                },
                "top": [
                    {
                        "policy": i["policy"],
                        "clause": i["clause"],
                        "title": i["title"],
                        "page": i["page"],
                        "label": {lang: fmt_cny(i["counted_max_cny"], lang) for lang in LANGS},
                    }
                    for i in counted
                ],
                "why": nothing_in_force(result, j["name"]),
            }
        )
    rows.sort(key=lambda r: (-r["total_max_cny"], -r["total_conservative_cny"], r["jurisdiction"]))
    return rows


def compare_note() -> dict[str, str]:
    """Which places the comparison covers, said plainly: a company in a district not listed chooses
    its city where the city's own policies are covered; elsewhere only the listed districts are."""
    model = load_model()
    places = {j["id"] for j in model.places()}
    listed: dict[str, list[dict]] = {}
    for j in model.data["jurisdictions"]:
        if j["id"] in places and j["level"] == "district" and j.get("parent"):
            listed.setdefault(j["parent"], []).append(j)
    zh = ["本站只收录表中的地区。"]
    en = ["The site covers only the places in this table."]
    for city_id, districts in listed.items():
        city = model.jurisdictions[city_id]["name"]
        if city_id in places:
            zh.append(
                f"所在的区不在表中（{city['zh']}的其他区）？请选“{city['zh']}”：市级政策对全市适用，"
                "该区自己的政策本站未收录。"
            )
            en.append(
                f'In a district of {city["en"]} that is not listed? Choose "{city["en"]}": the city\'s '
                "policies apply there; that district's own policies are not on this site."
            )
        else:
            zh.append(
                f"{city['zh']}：只收录"
                + "、".join(d["name"]["zh"] for d in districts)
                + "的政策，市级和其他区的政策本站未收录。"
            )
            en.append(
                f"{city['en']}: only "
                + ", ".join(d["name"]["en"] for d in districts)
                + " are covered; the city's own and other districts' policies are not on this site."
            )
    alone = [j for j in model.data["jurisdictions"] if j["id"] in places and j["level"] == "city"]
    alone = [j for j in alone if j["id"] not in listed]
    if alone:
        zh.append("、".join(j["name"]["zh"] for j in alone) + "的任一区：请选所在城市。")
        en.append("In any district of " + ", ".join(j["name"]["en"] for j in alone) + ": choose the city.")
    return {"zh": "".join(zh), "en": " ".join(en)}


def answer(request: Any) -> dict[str, Any]:
    """The answer to one decoded request (see the module docstring)."""
    try:
        if not isinstance(request, dict):
            raise CalculatorError("request", "must be a JSON object with profile, on and compare")
        unknown = sorted(set(request) - set(REQUEST_KEYS))
        if unknown:
            raise CalculatorError(clip(unknown[0]), f"unknown request key; use {', '.join(REQUEST_KEYS)}")
        profile, read = _read_typed(request, _whole_yuan(request.get("profile")))
        on = request.get("on")
        if on is not None and not isinstance(on, str):
            raise CalculatorError("on", "must be a date written YYYY-MM-DD")
        result = estimate(profile, on=on, explained=True)
        if not request.get("trace"):
            del result["trace"]
        out: dict[str, Any] = {
            "ok": True,
            "result": result,
            "labels": _labels(result),
            "needs": _needs(result),
            "policies": _policy_titles(result),
            "read": read,
            "echo": {f: _echo(int(v)) for f, v in read.items() if _is_amount(f)},
            "summary": nothing_in_force(result, load_model().jurisdictions[result["jurisdiction"]]["name"]),
        }
        # The claim against one expense (policy_explorer.calculator.whatif).
        if request.get("what_if") is not None:
            from .whatif import labels, what_if

            out["what_if"] = what_if(profile, request["what_if"], up_to=request.get("up_to", 4), on=on)
            out["what_if_labels"] = labels(out["what_if"])
        if request.get("compare"):
            out["compare"] = compare(profile, on)
            out["compare_note"] = compare_note()
        return out
    except CalculatorError as exc:
        return {"ok": False, "field": exc.field, "message": exc.message, "typed": isinstance(exc, TypedError)}


def _echo(yuan: int) -> dict[str, str]:
    """An amount read from the form, in whole yuan with grouping: what the reader checks a 万 against."""
    cur = currency()
    if not cur.chinese_units:  # no 万 to check: the amount as the site writes money
        return {"zh": fmt_cny(yuan, "zh"), "en": fmt_cny(yuan, "en")}
    return {"zh": f"{yuan:,} 元", "en": fmt_cny(yuan, "en")}


def _is_amount(fact: str) -> bool:
    return load_model().facts[fact]["unit"] == "CNY"


def handle(request_json: str) -> str:
    """``answer`` for a JSON string, as a JSON string (what the worker passes across).

    The request is decoded as the CLI decodes a profile (:func:`policy_explorer.calculator.profile.loads`):
    amounts exactly, each key once, no ``NaN``.
    """
    try:
        request = loads(request_json, field="request")
    except CalculatorError as exc:
        return json.dumps({"ok": False, "field": exc.field, "message": exc.message})
    except (TypeError, ValueError) as exc:
        return json.dumps({"ok": False, "field": "request", "message": f"not JSON: {exc}"})
    try:
        return json.dumps(answer(request), ensure_ascii=False)
    except Exception as exc:  # a bug must reach the page as a message, not stop the worker
        message = (
            f"the calculator failed on this scenario ({type(exc).__name__}); "
            "please report it with the page's address"
        )
        return json.dumps({"ok": False, "field": "calculator", "message": message})


def warm_up() -> None:
    """Make the interpreter what a memory snapshot of it should hold, answering at once on restore.

    Imports every module of the package, answers one comparison (every jurisdiction: the model,
    the data and the engine's caches are filled), then collects garbage and freezes what is left:
    the model and data live for the whole visit, so no later collection walks them. The build's
    snapshot (``tools/node/snapshot.mjs``) and the one a browser makes after its first visit
    (``snapshot-maker.mjs``) both call this.
    """
    import gc
    import importlib
    import pkgutil

    package = __name__.rpartition(".")[0]
    for module in pkgutil.iter_modules(importlib.import_module(package).__path__):
        if module.name != "__main__":
            importlib.import_module(f"{package}.{module.name}")
    place = sorted(load_model().jurisdictions)[0]
    reply = json.loads(handle(json.dumps({"profile": {"jurisdiction": place, "facts": {}}, "compare": True})))
    if not reply["ok"]:
        raise RuntimeError(f"the calculator failed while warming up: {reply['message']}")
    del reply
    gc.collect()
    gc.freeze()
