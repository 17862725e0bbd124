"""Render the site's generated pages (Markdown, plus data files) for one edition into a folder.

This is the generator proper; it knows nothing of MkDocs. ``render_site`` sets up the Jinja2
templates (``defaults/``, with a site's own files over them: :mod:`.templates`), writes what every
page family of :mod:`.pages` yields, then the assets, and returns the list of pages, each with the
repository file it came from (the "edit this page" link), and the navigation built from them.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from policy_explorer.calculator.application import lines as application_lines
from policy_explorer.calculator.formula import CAP_SCOPE
from policy_explorer.calculator.money import fmt_cny, fmt_number, fmt_range, fmt_rate, parse_literal
from policy_explorer.calculator.summary import ending_label

from .. import siteconfig
from . import hk, outdir, plurals
from .build import Edition, SiteBuild
from .escape import front_matter, front_matter_list, link, md, md_lines, table_cell, url_attribute
from .form import build_form
from .formula_text import formula_text
from .glossary import search_words
from .modules import ENTRY, hashed_modules
from .pages import PageSpec, Site, nav_title, navigation, sources, specs
from .stylesheet import StylesheetError, bundle
from .templates import DEFAULTS, RenderError, load_strings
from .view import SiteView

TEMPLATES = DEFAULTS
__all__ = ["HAND_WRITTEN_NAV", "Page", "RenderError", "Rendered", "load_strings", "nav_title", "render_site"]


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
        return fmt_cny(yuan // 1_000_000, lang) + "M"
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
    from policy_explorer.calculator import estimate
    from policy_explorer.calculator.examples import cases

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
    (:func:`policy_explorer.calculator.summary.ending_label`), and the day that was worked out for, since a
    static page is read long after it was built. "" when there is nothing to say."""
    item = {"status": policy.status, "ends": policy.end, "days_left": policy.days_left}
    label = ending_label(item, lang)
    if not label:
        return ""
    as_of, day = strings["as_of"][lang], on.isoformat()
    return f"{label}（{as_of}{day}）" if lang == "zh" else f"{label}, {as_of.lower()} {day}"


def _environment(edition: Edition) -> jinja2.Environment:
    templates, lang, strings = edition.templates, edition.lang, edition.strings
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
            # Markup.replace escapes a plain-str argument: both are Markup, so the value is escaped once.
            out = Markup(out.replace(md("{" + name + "}"), md(value)))
        return out

    def count(n: int, one: str, many: str) -> str:
        """``n`` things in running text: "1 policy", "3 policies" (Chinese has no plural: "1 政策")."""
        if lang == "zh":
            return f"{n} {text(many)}"
        return f"{n} {text(one if n == 1 else many).lower()}"

    env.globals["count"] = count

    def plural(key: str, n: int) -> str:
        """``n`` things in the site's words: ``<key>_one`` or ``<key>_other`` as ``lang`` counts
        (:mod:`policy_explorer.sitegen.plurals`), its ``{n}`` the number."""
        return plurals.counted(text, key, lang, n)

    env.globals["plural"] = plural

    def pick(pair: dict[str, str] | None) -> str:
        return "" if pair is None else pair[lang]

    env.globals.update(t=t, text=text, lang=lang, other_lang="en" if lang == "zh" else "zh")
    env.globals["edition"] = edition.name
    # `original`: an official original (clause text, source text), kept Simplified in the converted
    # edition (escaped first: the filter's output is markup, its input is text); `official`: an official
    # text already escaped (a clause's text, a quoted sentence), in the converted edition OpenCC's
    # conversion only, never the Hong Kong layer of the site's own words (sitegen/hk.py); `url_link`: an
    # address, never converted to Traditional characters (it would point elsewhere).
    env.filters.update(edition.filters(escape, link))
    env.globals["cap_scope"] = lambda scope: CAP_SCOPE[scope][0 if lang == "zh" else 1]
    env.filters.update(
        md=md,
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
        pct=fmt_rate,
        yuan=lambda value: fmt_cny(value, lang),
    )
    return env


def _data_filters(env: jinja2.Environment, view: SiteView, edition: Edition) -> None:
    """The filters that read the data's view: facts, formulas, worked examples, endings."""
    lang, strings = edition.lang, edition.strings
    # The site's data settings (policies/site.yaml; none: zh sources, CNY with 万/亿): which text is
    # the original, and how the calculator's form takes amounts (in 万元 in Chinese only where offered).
    settings = view.data.get("site") or siteconfig.settings(None)
    money = settings["currency"]
    env.globals["source_language"] = settings["source_language"]
    env.globals["money"] = money
    env.globals["wan_input"] = money["chinese_units"] and lang == "zh"
    env.globals["unit_cny"] = strings["calc_unit_cny"][lang] if money["chinese_units"] else money["code"]
    env.filters["fact"] = lambda fact_id: view.facts[fact_id]["label"]
    env.filters["formula"] = lambda benefit: formula_text(benefit, view.facts, lang)
    env.filters["fact_value"] = lambda pair: _fact_value(view, pair[0], pair[1], lang, strings)
    env.filters["apply_lines"] = lambda app: application_lines(app, lang)
    env.filters["example_amount"] = lambda e: fmt_range(e.get("min_cny", e["max_cny"]), e["max_cny"], lang)
    env.filters["ending"] = lambda policy: _ending(policy, view.on, lang, strings)
    whys: dict[tuple[str, str, int], str] = {}
    if lang == "en":
        whys = example_whys(view.data)
    env.filters["example_why"] = lambda at: whys.get(at, "")
    # A worked example's "Why" in the Hong Kong edition: its amounts without 元 named as 人民幣 too.
    env.filters["why_amounts"] = hk.name_bare_amounts if edition.converted else (lambda s: s)


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

    def page(self, spec: PageSpec) -> None:
        path, title, source = spec.path, spec.title, spec.source
        text = self.env.get_template(spec.template).render(
            **self.common, **spec.context, page_path=path, title=title, source=source, link=_linker(path)
        )
        self._write(path, text)
        self.rendered.pages.append(Page(path=path, title=title, source=source))

    def file(self, path: str, content: str | bytes, final: bool = False) -> None:
        self._write(path, content)
        self.rendered.files.append(path)
        if final:
            self.final.add(path)

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
    build: SiteBuild,
    edition: Edition,
    out_dir: Path,
    on: dt.date,
    history: Iterable[Any] = (),
    site_url: str = "",
    runtime_config: dict[str, Any] | None = None,
    theme_css: Sequence[Path] = (),
) -> Rendered:
    """Write the generated pages of ``edition`` into ``out_dir`` (emptied first of what an earlier
    run wrote there, and only that: :mod:`.outdir`).

    ``runtime_config`` is the browser runtime's configuration (:meth:`policy_explorer.runtime.Runtime.config`)
    that the calculator page hands to its worker; without it the page shows the build-time example only.
    ``theme_css`` are the theme's stylesheets, joined with ``site.css`` into ``Rendered.stylesheet``.
    Each policy's YAML and normalized source text (in ``build.policies_dir``) are published too, so a
    policy page links them.
    """
    lang, strings, templates = edition.lang, edition.strings, edition.templates
    view = build.view(on)
    glossary = build.glossary
    history = list(history)
    try:
        outdir.prepare(out_dir)
    except outdir.OutDirError as exc:
        raise RenderError(str(exc)) from None
    rendered = Rendered(lang=edition.name, out_dir=out_dir)
    env = _environment(edition)
    _data_filters(env, view, edition)
    places = [view.jurisdictions[j["id"]] for j in build_form(view.data).jurisdictions]
    common = {
        "site": view,
        "on": on.isoformat(),
        "history": history,
        "policy_ids": {p.id for p in view.policies},
        "feed_jurisdictions": places,  # the places a company can be in: each has a feed
        "published": sources.published(view),
    }
    w = _Writer(env, out_dir, rendered, common)
    site = Site(
        build,
        edition,
        view,
        on,
        history,
        site_url,
        runtime_config,
        places,
        render=lambda template, **context: env.get_template(template).render(**common, **context),
    )
    pages = []
    for spec in specs(site):  # every page family's pages and files (sitegen/pages/)
        if isinstance(spec, PageSpec):
            w.page(spec)
            pages.append(spec)
        else:
            w.file(spec.path, spec.content, final=spec.final)
    _copy_assets(w, templates, theme_css)
    rendered.nav = navigation(pages, strings, lang)
    rendered.footer = {
        key: strings[f"footer_{key}"][lang] for key in ("licence", "source", "version", "built")
    }
    rendered.footer |= {"on": on.isoformat(), "updated": history[0].date[:10] if history else ""}
    rendered.footer["data_version"] = build.fingerprint  # names this exact data
    rendered.search_words = search_words(glossary, build.data)
    edition.finish(rendered, w.final)
    return rendered


HAND_WRITTEN_NAV = ("about", "methodology", "contributing", "embed")
