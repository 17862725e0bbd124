"""Render the site's generated pages (Markdown, plus data files) for one language into a folder.

This is the generator proper; it knows nothing of MkDocs. ``render_site`` writes every generated
page from the Jinja2 templates (``defaults/``, with a site's own files over them: :mod:`.templates`)
and returns the list of pages, each with the repository file it came from (the "edit this page"
link) and its place in the navigation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

import calculator
from calculator import load_model
from calculator.application import lines as application_lines
from calculator.data import fingerprint
from calculator.dates import STATUSES
from calculator.formula import CAP_SCOPE
from calculator.money import fmt_cny, fmt_number, fmt_range, fmt_rate, parse_literal
from calculator.summary import ending_label

from . import feed, hant, hk, ical, opendata, outdir, timeline
from .escape import front_matter, front_matter_list, link, md, md_lines, table_cell, url_attribute
from .example import example
from .form import build_form
from .formula_text import formula_text
from .glossary import by_letter, by_strokes
from .modules import ENTRY, hashed_modules
from .reference import REFERENCE_CNY, reference_amounts
from .stylesheet import StylesheetError, bundle
from .templates import DEFAULTS, EDITIONS, RenderError, load_strings, text_lang
from .view import SiteView, build_view

TEMPLATES = DEFAULTS


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes, its title, and the repository file it is made from."""

    path: str  # "policies/<policy id>.md"
    title: str
    source: str  # repository path, e.g. "policies/documents/….yaml"


@dataclass
class Rendered:
    """What :func:`render_site` wrote: pages, other files (data, feed, assets) and the navigation."""

    lang: str
    out_dir: Path
    pages: list[Page] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)
    search_words: list[str] = field(default_factory=list)
    stylesheet: str = ""  # the one stylesheet every page links (site path): see sitegen.stylesheet
    calculator_script: str = ""  # the calculator page's module, named by its content: sitegen.modules
    # The footer's facts (defaults/overrides/partials/copyright.html): build date, last change.
    footer: dict[str, str] = field(default_factory=dict)


def _wan(yuan: int) -> str:
    """Whole yuan as 万元, exactly: ``12500000`` → ``1250``, ``15000`` → ``1.5``."""
    return format((Decimal(yuan) / 10000).normalize(), "f")


def _share_range(pair: tuple[Decimal | None, Decimal]) -> str:
    """A share of a spend as a rate, ``50%`` or ``20%–50%``; ``≈`` where it is not a whole 0.1%."""

    def one(value: Decimal) -> str:
        rounded = value.quantize(Decimal("0.001"))
        return ("" if rounded == value else "≈") + fmt_rate(rounded)

    low, high = pair
    return one(high) if low is None or low == high else f"{one(low)}–{one(high)}"


def _short_cny(yuan: int, lang: str) -> str:
    """A round amount as tables name it: ``100万元`` in Chinese, ``CNY 1M`` in English (exact)."""
    if lang == "en" and yuan % 1_000_000 == 0:
        return f"CNY {yuan // 1_000_000:,}M"
    return fmt_cny(Decimal(yuan), lang)


def _amount(value: int | str, lang: str) -> str:
    return fmt_cny(parse_literal(value)[0], lang)


def _fact_value(view: SiteView, fact_id: str, value: Any, lang: str, strings: dict) -> str:
    """A worked example's fact as a reader writes it: ``1,000万元``, ``yes``, ``120``."""
    if isinstance(value, bool):
        return strings["yes" if value else "no"][lang]
    if view.facts[fact_id].get("unit") == "CNY":
        return fmt_cny(parse_literal(value)[0], lang)
    return fmt_number(value)


def example_whys(data: dict[str, Any]) -> dict[tuple[str, str, int], str]:
    """Each worked example's working in English, by (policy, clause, example index): the engine's
    own steps for that example's facts (amounts in CNY), or the unmet condition where it pays
    nothing. The examples' ``why`` is written in Chinese only; the English edition shows these."""
    from calculator import estimate
    from calculator.examples import cases

    out = {}
    for case in cases(data):
        result = estimate(case.profile, on=case.on, data=data)
        for entry in (*result["items"], *result["ineligible"]):
            if entry["policy"] == case.policy and entry["clause"] == case.clause:
                steps = entry["explain"]["en"] if "explain" in entry else entry["why"]["en"]
                if steps:
                    out[(case.policy, case.clause, case.index)] = "; ".join(steps)
                break
    return out


def _ending(policy: Any, on: dt.date, lang: str, strings: dict[str, dict[str, str]]) -> str:
    """Beside a policy's status: when it ends, if soon or past, in the calculator's words
    (:func:`calculator.summary.ending_label`), and the day that was worked out for, since a static
    page is read long after it was built. "" when there is nothing to say."""
    item = {"status": policy.status, "ends": policy.end, "days_left": policy.days_left}
    label = ending_label(item, lang)
    if not label:
        return ""
    as_of, day = strings["as_of"][lang], on.isoformat()
    return f"{label}（{as_of}{day}）" if lang == "zh" else f"{label}, {as_of.lower()} {day}"


def _environment(
    templates: Path, lang: str, strings: dict[str, dict[str, str]], edition: str | None = None
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    def text(key: str) -> str:
        """A site string as plain text (HTML-escaped by autoescaping): for HTML blocks and attributes."""
        try:
            return strings[key][lang]
        except KeyError:
            raise RenderError(
                f"{templates / 'strings.yaml'}: no `{lang}` text for `{key}`: add `{key}: {{zh: …, en: …}}`"
            ) from None

    def t(key: str, **fields: str) -> Markup:
        """A site string in Markdown, escaped like the data (a string is text, never markup); each
        ``{name}`` in it is replaced by the (already escaped) value of ``name``."""
        out = md(text(key))
        for name, value in fields.items():
            out = Markup(out.replace(str(md("{" + name + "}")), str(md(value))))
        return out

    def count(n: int, one: str, many: str) -> str:
        """``n`` things in running text: "1 policy", "3 policies" (Chinese has no plural: "1 政策")."""
        if lang == "zh":
            return f"{n} {text(many)}"
        return f"{n} {text(one if n == 1 else many).lower()}"

    env.globals["count"] = count

    def pick(pair: dict[str, str] | None) -> str:
        return "" if pair is None else pair[lang]

    env.globals.update(t=t, text=text, lang=lang, other_lang="en" if lang == "zh" else "zh")
    env.globals["edition"] = edition or lang
    # An official original (clause text, source text): kept Simplified in the converted edition.
    # Escaped first: the filter's output is markup (its markers must not be escaped), its input is text.
    env.filters["original"] = (lambda s: Markup(hant.keep(escape(s)))) if edition == hant.HANT else escape
    # An official text already escaped (a clause's text, a quoted sentence): in the converted edition
    # OpenCC's conversion only, never the Hong Kong layer of the site's own words (sitegen/hk.py).
    env.filters["official"] = (
        (lambda s: Markup(hant.official(str(s)))) if edition == hant.HANT else (lambda s: s)
    )
    env.globals["cap_scope"] = lambda scope: CAP_SCOPE[scope][0 if lang == "zh" else 1]
    env.filters.update(
        md=md,
        # An address is never converted to Traditional characters (it would point elsewhere).
        url_link=(lambda u: Markup(hant.keep(link(u)))) if edition == hant.HANT else link,
        url=url_attribute,
        md_lines=md_lines,
        fm=front_matter,
        fm_list=front_matter_list,
        cell=table_cell,
        L=pick,
        cny=lambda value: _amount(value, lang),
        cny_short=lambda value: _short_cny(value, lang),
        amount_range=lambda pair: fmt_range(pair[0], pair[1], lang),
        share_range=_share_range,
        wan=_wan,
    )
    return env


def _linker(page_path: str) -> Callable[..., str]:
    base = posixpath.dirname(page_path)

    def link(target: str, anchor: str | None = None) -> str:
        rel = posixpath.relpath(target, base or ".")
        return f"{rel}#{anchor}" if anchor else rel

    return link


class _Writer:
    def __init__(self, env: jinja2.Environment, out: Path, rendered: Rendered, common: dict) -> None:
        self.env, self.out, self.rendered, self.common = env, out, rendered, common
        self.final: set[str] = set()  # files written in the edition's script already: not converted again

    def page(self, template: str, path: str, title: str, source: str, **context: Any) -> None:
        text = self.env.get_template(template).render(
            **self.common, **context, page_path=path, title=title, source=source, link=_linker(path)
        )
        self._write(path, text)
        self.rendered.pages.append(Page(path=path, title=title, source=source))

    def file(self, path: str, content: str | bytes) -> None:
        self._write(path, content)
        self.rendered.files.append(path)

    def _write(self, path: str, content: str | bytes) -> None:
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def _copy_assets(writer: _Writer, templates: Path, theme_css: Sequence[Path]) -> None:
    site_css = templates / "assets" / "site.css"
    scripts = templates / "assets" / "calculator"
    try:
        modules = hashed_modules(scripts)
    except (OSError, ValueError) as exc:
        raise RenderError(str(exc)) from None
    for src in sorted((templates / "assets").rglob("*")):
        if src.is_file() and src != site_css and not (src.parent == scripts and src.name in modules):
            writer.file(f"assets/{src.relative_to(templates / 'assets').as_posix()}", src.read_bytes())
    for name, content in modules.values():
        writer.file(f"assets/calculator/{name}", content)
    writer.rendered.calculator_script = f"assets/calculator/{modules[ENTRY][0]}"
    try:
        path, text = bundle(theme_css, site_css)
    except StylesheetError as exc:
        raise RenderError(str(exc)) from None
    writer.file(path, text)
    writer.rendered.stylesheet = path


def render_site(
    data: dict[str, Any],
    lang: str,
    out_dir: Path,
    on: dt.date,
    history: Iterable[Any] = (),
    glossary: list[dict[str, Any]] | None = None,
    templates: Path = TEMPLATES,
    site_url: str = "",
    runtime_config: dict[str, Any] | None = None,
    theme_css: Sequence[Path] = (),
    policies_dir: Path | None = None,
) -> Rendered:
    """Write the generated pages of the ``lang`` edition into ``out_dir`` (emptied first of what an
    earlier run wrote there, and only that: :mod:`.outdir`).

    ``runtime_config`` is the browser runtime's configuration (:meth:`policy_explorer.runtime.Runtime.config`)
    that the calculator page hands to its worker; without it the page shows the build-time example only.
    ``theme_css`` are the theme's stylesheets, joined with ``site.css`` into ``Rendered.stylesheet``.
    ``policies_dir`` (where ``data`` was compiled from) lets the edition publish each policy's YAML
    and normalized source text, so a policy page links them; without it they are named only.
    """
    if lang not in EDITIONS:
        raise RenderError(f"unknown language `{lang}`: use one of {', '.join(EDITIONS)}")
    edition, lang = lang, text_lang(lang)
    strings = load_strings(templates)
    view = build_view(data, on)
    history = list(history)
    try:
        outdir.prepare(out_dir)
    except outdir.OutDirError as exc:
        raise RenderError(str(exc)) from None
    rendered = Rendered(lang=edition, out_dir=out_dir)
    env = _environment(templates, lang, strings, edition)
    env.filters["fact"] = lambda fact_id: view.facts[fact_id]["label"]
    env.filters["formula"] = lambda benefit: formula_text(benefit, view.facts, lang)
    env.filters["fact_value"] = lambda pair: _fact_value(view, pair[0], pair[1], lang, strings)
    env.filters["apply_lines"] = lambda app: application_lines(app, lang)
    env.filters["example_amount"] = lambda e: fmt_range(e.get("min_cny", e["max_cny"]), e["max_cny"], lang)
    env.filters["ending"] = lambda policy: _ending(policy, on, lang, strings)
    whys: dict[tuple[str, str, int], str] = {}
    if lang == "en":
        whys = example_whys(view.data)
    env.filters["example_why"] = lambda at: whys.get(at, "")
    # A worked example's "Why" in the Hong Kong edition: its amounts without 元 named as 人民幣 too.
    env.filters["why_amounts"] = hk.name_bare_amounts if edition == hant.HANT else (lambda s: s)
    places = [view.jurisdictions[j["id"]] for j in build_form(view.data).jurisdictions]
    common = {
        "site": view,
        "on": on.isoformat(),
        "history": history,
        "policy_ids": {p.id for p in view.policies},
        "feed_jurisdictions": places,  # the places a company can be in: each has a feed
    }
    w = _Writer(env, out_dir, rendered, common)
    common["published"] = _publish_sources(w, view, policies_dir) if policies_dir else {}
    t = strings
    w.page("home.md.j2", "index.md", t["home"][lang], "policies/documents/")
    w.page("policies.md.j2", "policies/index.md", t["all_policies"][lang], "policies/documents/")
    for policy in view.policies:
        w.page("policy.md.j2", f"policies/{policy.id}.md", policy.title[lang], policy.file, policy=policy)
        clauses = policy.clauses
        for i, c in enumerate(clauses):
            w.page(
                "clause.md.j2",
                c.page,
                f"{c.title[lang]} · {policy.short_title[lang]}",
                policy.file,
                policy=policy,
                c=c,
                previous=clauses[i - 1] if i else None,
                next=clauses[i + 1] if i + 1 < len(clauses) else None,
            )
    w.page(
        "jurisdictions.md.j2",
        "jurisdictions/index.md",
        t["jurisdictions"][lang],
        "policies/jurisdictions.yaml",
    )
    for node in view.listed_jurisdictions():
        w.page(
            "jurisdiction.md.j2",
            f"jurisdictions/{node.id}.md",
            node.name[lang],
            "policies/jurisdictions.yaml",
            node=node,
            applicable=view.applicable(node),
            in_calculator=node in places,
        )
    w.page("compare_index.md.j2", "compare/index.md", t["compare_all"][lang], "policies/categories.yaml")
    for category in view.categories:
        w.page(
            "compare.md.j2",
            f"compare/{category['id']}.md",
            category["label"][lang],
            "policies/categories.yaml",
            category=category,
            clauses=view.by_category[category["id"]],
            reference=reference_amounts(view.by_category[category["id"]], view),
            reference_cny=REFERENCE_CNY,
        )
    w.page(
        "timeline.md.j2",
        "timeline.md",
        t["timeline"][lang],
        "policies/documents/",
        svg=timeline.svg(view, lang, strings),
        legend=timeline.legend(view, lang, strings),
    )
    w.page(
        "glossary.md.j2",
        "glossary.md",
        t["glossary"][lang],
        "policies/glossary.yaml",
        glossary_letters=(
            by_strokes(glossary or [], hant.to_hant)
            if edition == hant.HANT
            else by_letter(glossary or [], lang)
        ),
    )
    calc = _calculator_context(view, lang, strings, templates, runtime_config)
    if policies_dir:  # one data version on the page: the footer's (sitegen.generate), printed too
        calc["data_version"] = fingerprint(policies_dir)[:12]
    calc["hant_table"] = ""
    if edition == hant.HANT:  # written as JSON escapes, which the page conversion does not see
        calc["calc_strings"] = hant.convert_tree(calc["calc_strings"])
        calc["hant_table"] = _hant_table(w, view)
    calc["fields_path"] = _fields_file(w, calc)
    w.page(
        "calculator.md.j2",
        "calculator.md",
        t["calculator"][lang],
        "site_templates/example_profile.yaml",
        **calc,
    )
    w.page("widget.md.j2", "widget.md", t["calculator"][lang], "site_templates/example_profile.yaml", **calc)
    w.page("changes.md.j2", "changes.md", t["changes"][lang], "policies/documents/")
    w.page("data.md.j2", "data.md", t["open_data"][lang], "policies/documents/")
    w.file("data/clauses.json", opendata.clauses_json(view, lang))
    w.file("data/clauses.csv", opendata.clauses_csv(view, lang, strings))
    w.file("feed.xml", feed.atom(view, lang, strings, history, site_url))
    # Converted before it is folded and written (CRLF): the page conversion would refold nothing and
    # write LF line ends.
    convert, official = (hant.to_site, hant.to_hant) if edition == hant.HANT else (str, str)
    w.file("calendar.ics", ical.calendar(view, lang, strings, site_url, convert, official))
    w.final.add("calendar.ics")
    for node in places:
        applies = {j.id for j in node.path(view.jurisdictions)}
        w.file(
            f"feed-{node.id}.xml",
            feed.atom(view, lang, strings, history, site_url, (node.id, node.name, applies)),
        )
    _copy_assets(w, templates, theme_css)
    rendered.nav = _nav(view, lang, strings)
    rendered.footer = {
        key: strings[f"footer_{key}"][lang] for key in ("licence", "source", "version", "built")
    }
    rendered.footer |= {"on": on.isoformat(), "updated": history[0].date[:10] if history else ""}
    if edition == hant.HANT:
        _convert(rendered, w.final)
    return rendered


def _convert(rendered: Rendered, final: set[str]) -> None:
    """The Simplified edition just written, made Traditional: its files (but the ``final`` ones,
    written converted), titles, navigation, footer."""
    paths = [*(p.path for p in rendered.pages), *rendered.files]
    hant.convert_files(rendered.out_dir, [p for p in paths if p not in final])
    rendered.pages = [Page(p.path, hant.to_site(p.title), p.source) for p in rendered.pages]
    rendered.nav = hant.convert_tree(rendered.nav)
    rendered.footer = hant.convert_tree(rendered.footer)


def _publish_sources(writer: _Writer, view: SiteView, policies_dir: Path) -> dict[str, dict[str, str]]:
    """Publish each policy's normalized source text (a page) and YAML (a file): ``{policy id: paths}``.

    A policy page links both, so a reader checks a clause against the text it was quoted from
    without leaving the site (and without a forge, which some readers cannot reach). The text is a
    page, not a ``.txt`` file, so it is read as UTF-8 whatever the web server says.
    """
    out: dict[str, dict[str, str]] = {}
    by_seed: dict[str, list[Any]] = {}
    for policy in view.policies:
        by_seed.setdefault(policy.source["seed"], []).append(policy)
        target = f"sources/{policy.id}.yaml"
        out[policy.id] = {"file": target, "source": f"sources/{Path(policy.source['seed']).stem}.md"}
        writer.file(target, _read(policies_dir.parent / policy.file))
    for seed, policies in by_seed.items():
        writer.page(
            "source.md.j2",
            f"sources/{Path(seed).stem}.md",
            writer.env.globals["text"]("source_page").replace("{name}", seed),
            f"policies/sources/{seed}",
            policies=policies,
            text=_read(policies_dir / "sources" / seed).decode("utf-8", errors="replace"),
        )
    return out


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(f"{path}: cannot read it ({exc.strerror}): is the policy's source there?") from None


def _hant_table(writer: _Writer, view: SiteView) -> str:
    """Write the table that shows the engine's answers in Traditional characters; its path."""
    table = hant.answer_table(view.data, Path(calculator.__file__).parent)
    rules = {"chars": table, "hk": hk.layer().browser()}  # the page applies the Hong Kong layer after it
    text = json.dumps(rules, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path = f"assets/calculator/hant-{hashlib.sha256(text.encode()).hexdigest()[:12]}.json"
    writer.file(path, text)
    return path


def _fields_file(writer: _Writer, calc: dict[str, Any]) -> str:
    """Write every group's calculator fields to one file named by its content; its path in the edition."""
    text = writer.env.get_template("calculator_fields.html.j2").render(**writer.common, **calc)
    if writer.env.globals["edition"] == hant.HANT:  # named by the bytes served, not the Simplified ones
        text = hant.convert(text)
    path = f"assets/calculator/fields-{hashlib.sha256(text.encode()).hexdigest()[:12]}.html"
    writer.file(path, text)
    writer.final.add(path)
    return path


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element (no ``<``, so no ``</script>``)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")


_CALC_WORDS = (
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


def _clause_scenario(examples: list[dict[str, Any]]) -> dict[str, Any]:
    """The first worked example's facts (amounts as digit strings: whole yuan) and start-up flag."""
    if not examples:
        return {}
    first = examples[0]
    facts = {k: v if isinstance(v, bool) else str(v) for k, v in first.get("facts", {}).items()}
    return {"example": {"facts": facts, "startup": bool(first.get("startup", False))}}


def _calculator_context(
    view: SiteView,
    lang: str,
    strings: dict[str, dict[str, str]],
    templates: Path,
    runtime_config: dict[str, Any] | None,
) -> dict[str, Any]:
    """What the calculator page and the widget share: the example, the form, the worker's config."""
    profile = templates / "example_profile.yaml"
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
    compiled = json.dumps(view.data, sort_keys=True, ensure_ascii=False, default=str).encode()
    return {
        "data_version": hashlib.sha256(compiled).hexdigest()[:12],  # names the data an estimate used
        "example": ex,
        "form": form,
        "open_groups": sorted({group_of[f] for f in ex["profile"].get("facts", {}) if f in group_of}),
        "calc_config": {"clauses": clauses, "groups": group_of},
        # The worker's configuration goes to the page's <head> (front matter → override template).
        "runtime_json": _script_json(runtime_config) if runtime_config else "",
        "calc_strings": {k[5:]: v[lang] for k, v in strings.items() if k.startswith("calc_")}
        | {k: strings[k][lang] for k in _CALC_WORDS}
        | {f"status_{s}": strings[f"status_{s}"][lang] for s in STATUSES},
    }


def nav_title(text: str) -> str:
    """A navigation title, HTML-escaped: MkDocs and Material print navigation titles as markup."""
    return str(escape(" ".join(text.split())))


def _nav(view: SiteView, lang: str, strings: dict[str, dict[str, str]]) -> list[Any]:
    """The navigation: generated sections, then the hand-written pages (``content/<lang>/``)."""
    t = {key: nav_title(value[lang]) for key, value in strings.items()}
    return [
        {t["home"]: "index.md"},
        {t["calculator"]: "calculator.md"},  # second: what most readers came for
        {t["policies"]: "policies/index.md"},
        {t["jurisdictions"]: "jurisdictions/index.md"},
        {
            t["compare"]: ["compare/index.md"]
            + [{nav_title(c["label"][lang]): f"compare/{c['id']}.md"} for c in view.categories]
        },
        {t["timeline"]: "timeline.md"},
        {t["glossary"]: "glossary.md"},
        {t["open_data"]: "data.md"},
        {t["changes"]: "changes.md"},
    ]


HAND_WRITTEN_NAV = ("about", "methodology", "contributing", "embed")
