"""One edition's build under MkDocs, and the other editions built by the root one in isolation.

:func:`start` makes an :class:`EditionRun` from the plugin's options and MkDocs' config: everything
the hooks of that build need, in one object that :meth:`EditionRun.close` ends (no attribute handed
from hook to hook). The edition's language is its ``theme.language`` (:func:`edition_language`),
set once per edition. The root edition builds each other edition (:func:`build_edition`) with its
own MkDocs config and plugin instances; while it does, :meth:`Nested.current` tells that build
which edition it was listed as and what the root's shared options are, so an edition config that
contradicts the root's is one message naming both files.
"""

from __future__ import annotations

import contextlib
import html as html_text
import json
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from ..serving import node_steps
from ..sitegen import EDITIONS, Edition, Rendered, RenderError, RuntimeLink, SiteBuild, generate, hant
from ..sitegen.csp import TemplateScripts
from ..sitegen.glossary import jieba_user_dict
from ..sitegen.render import HAND_WRITTEN_NAV, nav_title
from ..sitegen.search_worker import Worker, mended_worker
from ..sitegen.stylesheet import material_css
from ..sitegen.templates import overrides, text_lang
from .config import SHARED, PolicyExplorerConfig

LANGUAGE_NAMES = {"zh": "简体中文", "en": "English", "zh-Hant": "繁體中文"}
HREFLANG = {"zh": "zh-Hans", "en": "en", "zh-Hant": hant.HANT_LANG}  # zh-HK: written for Hong Kong
# Material's theme.language → the edition it makes (documented at the plugin's `lang` option).
THEME_LANGUAGES = {
    "zh": "zh",
    "zh-Hans": "zh",
    "en": "en",
    "zh-Hant": "zh-Hant",
    "zh-HK": "zh-Hant",
    "zh-TW": "zh-Hant",
}


class EditionsError(Exception):
    """An edition's configuration contradicts itself or the root edition's (one message)."""


def edition_language(theme_language: str | None, lang: str | None, config_file: str) -> str:
    """The edition a config builds: its ``theme.language``; the plugin's ``lang`` only where the
    theme's language makes no edition, and never against it."""
    derived = THEME_LANGUAGES.get(theme_language or "")
    name = Path(config_file).name
    if derived and lang and lang != derived:
        raise EditionsError(
            f"{name}: policy-explorer option `lang: {lang}` contradicts `theme.language: {theme_language}` "
            f"(the {derived} edition): remove `lang`, the edition's language is its theme.language"
        )
    if derived or lang:
        return derived or lang  # type: ignore[return-value]
    known = ", ".join(THEME_LANGUAGES)
    raise EditionsError(
        f"{name}: `theme.language: {theme_language}` makes no policy-explorer edition: use one of "
        f"{known}, or set the plugin option `lang` to one of {', '.join(EDITIONS)}"
    )


@dataclass(frozen=True)
class Nested:
    """What the root edition tells the edition it is building (its listed language, its own options)."""

    lang: str
    root_file: str
    root_options: Mapping[str, Any]

    _current: ClassVar[Nested | None] = None

    @classmethod
    def current(cls) -> Nested | None:
        return cls._current

    @contextlib.contextmanager
    def opened(self) -> Iterator[None]:
        outer, Nested._current = Nested._current, self
        try:
            yield
        finally:
            Nested._current = outer

    def check(self, lang: str, options: PolicyExplorerConfig, config_file: str, root: Path) -> None:
        """The edition built is the one listed, and its shared options are the root's."""
        name, root_name = Path(config_file).name, Path(self.root_file).name
        if lang != self.lang:
            raise EditionsError(
                f"{name}: {root_name} lists it as the `{self.lang}` edition (`editions`), but its "
                f"theme.language makes it the `{lang}` edition: make them agree"
            )
        root_dir = Path(self.root_file).resolve().parent
        for key in SHARED:
            mine, theirs = options[key], self.root_options[key]
            if key in ("policies", "templates"):  # paths: each relative to its own config
                mine = os.path.relpath((root / mine).resolve(), root_dir)
                theirs = os.path.relpath((root_dir / theirs).resolve(), root_dir)
            if mine != theirs:
                raise EditionsError(
                    f"{name}: policy-explorer option `{key}` is {mine!r} here but "
                    f"{theirs!r} in {root_name}: every edition of a site shares it; "
                    f"set it once in {root_name} (an edition config inherits it with `INHERIT: {root_name}`)"
                )


@dataclass(frozen=True)
class Links:
    """The links between editions from one edition's pages (the language switch, the embed builder)."""

    lang: str
    languages: Mapping[str, str]  # edition → its folder from the site's root

    @property
    def here(self) -> str:
        return self.languages.get(self.lang, "")

    def alternates(self, url: str, canonical: str | None) -> list[dict[str, Any]]:
        """The page at ``url`` in every edition (``overrides/partials/alternate.html``)."""
        here = posixpath.join(self.here, url)
        return [
            {
                "name": LANGUAGE_NAMES[lang],
                "lang": HREFLANG[lang],
                "link": (link := relative(here, prefix + url)),
                "absolute": urljoin(canonical, link) if canonical else None,
            }
            for lang, prefix in self.languages.items()
        ]

    def homes(self) -> list[dict[str, str]]:
        """Every edition's home (Material's language selector and ``<link rel="alternate">``)."""
        return [
            {"name": LANGUAGE_NAMES[lang], "lang": HREFLANG[lang], "link": relative(self.here, prefix)}
            for lang, prefix in self.languages.items()
        ]

    def embed_editions(self, html: str, url: str, edition: Edition) -> str:
        """The embed builder's editions, from the configured roots (never worked out in the browser
        from the page's own path, which wrote …/zh-Hant/zh-Hant/widget/): for each edition, its
        widget and embed script as links from this page, and its iframe title in its own script."""
        strings = edition.strings["widget_frame_title"]
        titles = {name: Edition.words_in(name, strings) for name in ("zh", "en", hant.HANT)}
        here = posixpath.join(self.here, url)
        editions = {
            lang: {
                "widget": relative(here, prefix + "widget/"),
                "script": relative(here, prefix + "assets/calculator/embed.js"),
                "title": titles[lang],
            }
            for lang, prefix in self.languages.items()
        }
        options = "".join(
            f'<option value="{lang}"{" selected" if lang == self.lang else ""}>'
            f"{html_text.escape(LANGUAGE_NAMES[lang])} ({html_text.escape(prefix)}widget/)</option>"
            for lang, prefix in self.languages.items()
        )
        data = html_text.escape(json.dumps(editions, ensure_ascii=False), quote=True)
        html = html.replace('id="pe-embed-builder"', f'id="pe-embed-builder" data-editions="{data}"', 1)
        select = re.compile(r'(<select id="pe-eb-edition"[^>]*>).*?(</select>)', re.S)
        return select.sub(lambda m: m[1] + options + m[2], html, count=1)


@dataclass
class EditionRun:
    """One edition's build: made by :func:`start` in ``on_config``, ended by :meth:`close`."""

    root: Path  # the folder of the edition's config
    config_file: str
    options: PolicyExplorerConfig
    edition: Edition
    rendered: Rendered
    tmp: Path  # this edition's temporary folder (generated pages, converted content, jieba words)
    scope: contextlib.ExitStack  # what this edition opened (its SiteBuild when not nested)
    links: Links
    custom: Path  # the site's own templates folder
    content: Path  # the hand-written pages' own folder
    worker: Worker = field(init=False)
    sources: dict[str, str] = field(default_factory=dict)  # generated page → the YAML it comes from
    scripts: TemplateScripts | None = None  # the theme's inline scripts (CSP), from on_env
    context: dict[str, Any] | None = None  # the template context of the page being rendered now

    @property
    def is_root(self) -> bool:
        """The edition at the site's root: it builds the others and finishes the whole site."""
        return not self.links.here

    def edit_url(self, src_uri: str) -> str | None:
        """ "Edit this page": the YAML a generated page comes from, else the hand-written page."""
        source = self.sources.get(src_uri)
        if source is None:
            source = posixpath.join(self.content.relative_to(self.root).as_posix(), src_uri)
        base = self.options.edit_base
        return f"{base.rstrip('/')}/{source}" if base else None

    def shown(self, problem: Exception) -> str:
        return shown(problem, self.root)

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.scope.close()


def shown(problem: Exception, root: Path | None = None) -> str:
    """A ``/abs/path/file:line: what`` message with the path from the site's folder where it is in it."""
    text = str(problem)
    root = root or Path.cwd()
    prefix = str(root.resolve()) + "/"
    return text[len(prefix) :] if text.startswith(prefix) else text


def start(options: PolicyExplorerConfig, config: MkDocsConfig, *, command: str | None) -> EditionRun:
    """Check this edition's configuration, render its pages and set MkDocs' config for them."""
    root = Path(config.config_file_path).resolve().parent
    theme_language = config.theme.get("language") or config.theme.get("locale")
    lang = edition_language(theme_language and str(theme_language), options.lang, config.config_file_path)
    _check_languages(options, lang)
    nested = Nested.current()
    if nested is not None:
        nested.check(lang, options, config.config_file_path, root)
    if "tables" in config.markdown_extensions:  # alignment as `align`, not a style= the CSP would need
        config.mdx_configs.setdefault("tables", {})["use_align_attribute"] = True
    custom = root / options.templates
    # The package's Material overrides (and the site's, in <templates>/overrides/) come after the
    # theme's custom_dir, if any, and before the theme's own templates.
    at = 1 if config.theme.custom_dir else 0
    config.theme.dirs[at:at] = [d for d in overrides(custom) if str(d) not in config.theme.dirs]
    links = Links(lang, dict(options.languages))
    tmp = Path(tempfile.mkdtemp(prefix=f"policy-explorer-{lang}-"))
    scope = contextlib.ExitStack()
    scope.callback(shutil.rmtree, tmp, True)
    try:
        site = SiteBuild.current()
        policies = Path(options.policies)
        if site is None or not site.serves(root, policies):
            site = scope.enter_context(SiteBuild(root, policies, node_steps=node_steps(command)))
        # The calculator's runtime lives once, in the root edition; the others link up to it.
        edition = Edition.of(
            lang,
            site.templates(custom),
            prefix=links.here,
            runtime=RuntimeLink.for_folder(links.here) if options.runtime else RuntimeLink.none(),
        )
        rendered = generate(
            site,
            edition,
            tmp / "docs",
            on=options.build_date,
            site_url=config.site_url or "",
            use_history=options.history,
            pyodide_url=options.pyodide_url,
            theme_css=material_css(config.theme.dirs, palette=bool(config.theme.get("palette"))),
        )
        run = EditionRun(
            root=root,
            config_file=config.config_file_path,
            options=options,
            edition=edition,
            rendered=rendered,
            tmp=tmp,
            scope=scope,
            links=links,
            custom=custom,
            content=Path(config.docs_dir).resolve(),
            sources={p.path: p.source for p in rendered.pages},
        )
        docs_dir = Path(config.docs_dir)
        run.worker = mended_worker(config.theme.dirs, _fold_table(run, docs_dir))
        if edition.converted:
            _convert_config(run, config)
        config.nav = rendered.nav + _hand_written_nav(edition, docs_dir)
        # Material's language selector and <link rel="alternate"> point at each edition's home; the
        # selector template in defaults/overrides/ links to the same page instead (pe_alternate).
        config.extra["alternate"] = links.homes()
        _use_search(run, config)
    except BaseException:
        scope.close()
        raise
    return run


def build_edition(run: EditionRun, lang: str, config_file: str, *, site_dir: Path, strict: bool) -> None:
    """Build the edition ``lang`` from ``config_file`` into its folder of the root's site, with its
    own config and plugin instances, inside the root's :class:`SiteBuild` (still open)."""
    folder = run.options.languages[lang].strip("/")
    nested = Nested(lang, run.config_file, {key: run.options[key] for key in SHARED})
    with nested.opened(), _own_plugin_instances():
        edition = load_config(config_file, site_dir=str(site_dir / folder), strict=strict)
        edition.plugins.on_startup(command="build", dirty=False)
        try:
            build(edition)
        finally:
            edition.plugins.on_shutdown()


def relative(here: str, target: str) -> str:
    """The link from the page at site path ``here`` (a folder URL) to the site path ``target``."""
    folder = here.rstrip("/") if here.endswith("/") or not here else posixpath.dirname(here)
    rel = posixpath.relpath(target.rstrip("/") or ".", folder or ".")
    if rel == ".":
        return "./"
    return rel + "/" if target.endswith("/") or not target else rel


def _check_languages(options: PolicyExplorerConfig, lang: str) -> None:
    for option in ("languages", "editions"):
        unknown = sorted(set(options[option]) - set(EDITIONS))
        if unknown:
            raise EditionsError(
                f"policy-explorer option `{option}`: unknown language {', '.join(unknown)}: "
                f"use {', '.join(EDITIONS)}"
            )
    missing = sorted({lang, *options.editions} - set(options.languages))
    if missing:
        raise EditionsError(
            f"policy-explorer option `languages`: no folder for {', '.join(missing)}: "
            'add it, e.g. {zh: "", en: en/}'
        )


def _convert_config(run: EditionRun, config: MkDocsConfig) -> None:
    """The converted edition's own words: the Simplified edition's, converted (never written twice).

    Its hand-written pages are ``content/zh`` converted into a temporary folder; its site name,
    description and the palette's toggle names are inherited from mkdocs.yml and converted.
    """
    run.edition.copy_content(run.content, run.tmp / "content")
    config.docs_dir = str(run.tmp / "content")
    config.site_name = run.edition.word(config.site_name)
    if config.site_description:
        config.site_description = run.edition.word(config.site_description)
    palette = config.theme.get("palette")
    if palette:
        config.theme["palette"] = run.edition.tree(palette)


def _hand_written_nav(edition: Edition, docs_dir: Path) -> list[Any]:
    pages = [
        {nav_title(edition.text(name)): f"{name}.md"}
        for name in HAND_WRITTEN_NAV
        if (docs_dir / f"{name}.md").is_file()
    ]
    return [{nav_title(edition.text("about_section")): pages}] if pages else []


def _fold_table(run: EditionRun, docs_dir: Path) -> dict[str, str]:
    """The search's script folding for this edition's characters (``hant.fold_table``)."""
    folders = (run.rendered.out_dir, docs_dir)
    texts = (p.read_text(encoding="utf-8") for d in folders if d.is_dir() for p in sorted(d.rglob("*.md")))
    return hant.fold_table(texts, run.rendered.search_words, run.edition.name)


def _use_search(run: EditionRun, config: MkDocsConfig) -> None:
    """Material's search: the edition's language where the site set none (so it is written once, in
    ``theme.language``), and the jieba dictionary of the policy terms."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None:
        return
    if "lang" in search.config and not search.config.lang:
        search.config.lang = [text_lang(run.edition.name)]
    if "jieba_dict_user" not in search.config:
        return
    path = run.tmp / "jieba-user-dict.txt"
    path.write_text(jieba_user_dict(run.rendered.search_words), encoding="utf-8")
    search.config.jieba_dict_user = str(path)


@contextlib.contextmanager
def _own_plugin_instances() -> Iterator[None]:
    """Give a nested build its own plugin instances.

    MkDocs keeps one instance of each plugin with start-up hooks (Material's search among them) in a
    process-wide cache, so that ``mkdocs serve`` reuses them between rebuilds. A second edition
    built in the same process would otherwise reconfigure the root edition's search plugin.
    """
    cache = MkDocsConfig.plugins.plugin_cache
    saved = dict(cache)
    cache.clear()
    try:
        yield
    finally:
        cache.clear()
        cache.update(saved)


__all__ = ["EditionRun", "EditionsError", "RenderError", "build_edition", "relative", "start"]
