"""MkDocs plugin ``policy-explorer``: a thin adapter from MkDocs to the site generator.

- ``on_config``: validate and compile ``policies/`` (a broken policy stops the build with the
  validator's own ``file:line: message`` lines), render this edition's generated pages into a
  temporary folder (real files: other plugins see ordinary pages), set the navigation and give
  Material's search the jieba dictionary of policy terms.
- ``on_files``: add the generated files to the build.
- ``on_env``: the theme's templates link the site's one stylesheet (``sitegen.stylesheet``), which
  holds Material's CSS and ``site.css``.
- search: every page names the mended search worker (``sitegen.search_worker``), which
  ``on_post_build`` writes in place of Material's.
- ``on_page_context``: the language switch links to the same page in the other edition
  (``overrides/partials/alternate.html`` in the package's ``defaults/``); generated pages get an
  "edit this page" link to the YAML they come from.
- ``on_post_page`` / ``on_post_template``: every HTML page is mended where Material's markup is
  invalid (``sitegen.conform``) and gets its Content-Security-Policy (``sitegen.csp``), which allows
  the inline scripts the theme's templates write for that page's context (kept by
  ``on_page_context`` / ``on_template_context``), never whatever else the page holds.
- ``on_post_build`` (root edition only): build every other edition (``editions: {en: mkdocs.en.yml}``)
  into its sub-folder with a fresh MkDocs config of its own, so each language has its own search
  index, theme language and navigation. Then, once the whole site is written, the service worker
  gets the list of the site's files with their SHA-256 (:mod:`policy_explorer.sitegen.offline`),
  and every text and wasm file gets its precompressed ``.br``/``.gz`` copies
  (:mod:`policy_explorer.precompress`; option ``precompress``, on by default).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import html as html_text
import json
import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.commands.build import build
from mkdocs.config import config_options, load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from .compile import DataError
from .precompress import precompress
from .serving import KeptPages, ServeEditionsError, editions_to_build, kept_pages, node_steps, precompresses
from .sitegen import (
    EDITIONS,
    Edition,
    RenderError,
    RuntimeLink,
    SiteBuild,
    csp,
    generate,
    hant,
)
from .sitegen.conform import conform
from .sitegen.glossary import GlossaryError, jieba_user_dict
from .sitegen.offline import seal
from .sitegen.render import HAND_WRITTEN_NAV, nav_title
from .sitegen.search_worker import SearchWorkerError, mended_worker
from .sitegen.stylesheet import StylesheetError, material_css
from .sitegen.templates import overrides

LANGUAGE_NAMES = {"zh": "简体中文", "en": "English", "zh-Hant": "繁體中文"}
HREFLANG = {"zh": "zh-Hans", "en": "en", "zh-Hant": hant.HANT_LANG}  # zh-HK: written for Hong Kong


class _Date(config_options.BaseConfigOption[str]):
    """A day written YYYY-MM-DD (MkDocs names the option in its message when it is not one)."""

    def run_validation(self, value: object) -> str:
        text = str(value)  # YAML reads 2026-06-01 as a date
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise config_options.ValidationError(f"`{text}` is not a date: write YYYY-MM-DD") from None
        return text


class PolicyExplorerConfig(Config):
    """The plugin's options; each is described in policy_explorer/defaults/README.md ("Plugin options")."""

    policies = config_options.Dir(exists=True, default="policies")
    templates = config_options.Type(str, default="site_templates")
    lang = config_options.Choice(EDITIONS, default="zh")
    # Where each edition lives, from the site's root: {zh: "", en: "en/", zh-Hant: zh-Hant/}.
    languages = config_options.DictOfItems(config_options.Type(str), default={"zh": "", "en": "en/"})
    # Root edition only: the other editions' MkDocs configs, built into their sub-folders.
    editions = config_options.DictOfItems(config_options.File(exists=True), default={})
    build_date = config_options.Optional(_Date())
    history = config_options.Type(bool, default=True)
    # "Edit this page": this URL + the repository path of the file a page comes from (the YAML of a
    # generated page, content/<lang>/… of a hand-written one), on any forge (one readers in mainland
    # China reach, say). None or "" (mkdocs.yml: $POLICY_EXPLORER_EDIT_BASE set empty): no edit links.
    edit_base = config_options.Optional(config_options.Type(str))
    # Bundle the calculator's browser runtime (Pyodide + the calculator wheel); off: example only.
    runtime = config_options.Type(bool, default=True)
    # Only by explicit choice: load the Pyodide core files from this address (e.g. a CDN) instead of
    # the site's own copy. Their SHA-256 values still apply. Readers in mainland China need the default.
    pyodide_url = config_options.Optional(config_options.URL())
    # Root edition only: write X.br and X.gz beside each text and wasm file once the site is built,
    # for hosts that serve them (nginx's brotli_static/gzip_static, Caddy's precompressed).
    precompress = config_options.Type(bool, default=True)


class PolicyExplorerPlugin(BasePlugin[PolicyExplorerConfig]):
    """Generate the policy pages for one language edition and build the others."""

    _command: str | None = None  # MkDocs' command ("serve": see policy_explorer.serving)
    _kept: KeptPages | None = None  # mkdocs serve --dirty: the generated pages' folder for the session

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command
        self._kept = kept_pages(command, dirty)

    def on_shutdown(self) -> None:
        if self._kept:
            self._kept.close()

    def load_config(self, options, config_file_path=None):
        """MkDocs only warns about an option it does not know, so a misspelt one (``langauges``) built a
        site with the default in its place: here it is an error naming the closest option."""
        errors, warnings = super().load_config(options, config_file_path)
        for key in sorted(set(options) - set(self.config._schema_keys)):
            close = difflib.get_close_matches(key, sorted(self.config._schema_keys), n=1)
            hint = f"did you mean `{close[0]}`?" if close else "see the package's defaults/README.md"
            errors.append((key, config_options.ValidationError(f"unknown option ({hint})")))
        warnings = [(key, w) for key, w in warnings if key not in options or key in self.config._schema_keys]
        return errors, warnings

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        self._root = root
        self._check_languages()
        if "tables" in config.markdown_extensions:  # alignment as `align`, not a style= the CSP would need
            config.mdx_configs.setdefault("tables", {})["use_align_attribute"] = True
        self._custom = root / self.config.templates
        # The package's Material overrides (and the site's, in <templates>/overrides/) come after the
        # theme's custom_dir, if any, and before the theme's own templates.
        at = 1 if config.theme.custom_dir else 0
        config.theme.dirs[at:at] = [d for d in overrides(self._custom) if str(d) not in config.theme.dirs]
        self._tmp = Path(tempfile.mkdtemp(prefix=f"policy-explorer-{self.config.lang}-"))
        prefix = self.config.languages.get(self.config.lang, "")
        self._scope = contextlib.ExitStack()  # what this edition opens for its build, closed after it
        try:
            # The calculator's runtime lives once, in the root edition; the others link up to it.
            build = self._site_build(root, Path(self.config.policies))
            self._edition = Edition.of(
                self.config.lang,
                build.templates(self._custom),
                prefix=prefix,
                runtime=RuntimeLink.for_folder(prefix) if self.config.runtime else RuntimeLink.none(),
            )
            self._rendered = generate(
                build,
                self._edition,
                self._tmp / "docs",
                on=self.config.build_date,
                site_url=config.site_url or "",
                use_history=self.config.history,
                pyodide_url=self.config.pyodide_url,
                theme_css=material_css(config.theme.dirs, palette=bool(config.theme.get("palette"))),
            )
        except DataError as exc:
            self._scope.close()
            lines = "\n".join(map(str, exc.problems))
            raise PluginError(f"the policy data has {len(exc.problems)} problem(s):\n{lines}") from None
        except (RenderError, GlossaryError, StylesheetError) as exc:
            self._scope.close()
            raise PluginError(str(exc)) from None
        if self._kept:
            self._rendered.out_dir = self._kept.keep(self._rendered.out_dir)
        try:
            self._worker = mended_worker(config.theme.dirs, self._fold_table(Path(config.docs_dir)))
        except SearchWorkerError as exc:
            raise PluginError(str(exc)) from None
        self._content = Path(config.docs_dir).resolve()  # the hand-written pages' own folder
        if self.config.lang == hant.HANT:
            self._convert_config(config)
        config.nav = self._rendered.nav + self._hand_written_nav(Path(config.docs_dir))
        # Material's language selector and <link rel="alternate"> point at each edition's home; the
        # selector template in defaults/overrides/ links to the same page instead (pe_alternate).
        here = self.config.languages.get(self.config.lang, "")
        config.extra["alternate"] = [
            {"name": LANGUAGE_NAMES[lang], "lang": HREFLANG[lang], "link": _relative(here, prefix)}
            for lang, prefix in self.config.languages.items()
        ]
        self._use_search_words(config)
        return config

    def _site_build(self, root: Path, policies: Path) -> SiteBuild:
        """The open build of this site, if this edition is built inside the root edition's (its
        ``editions``); else one of its own, open until this build ends (``_post_build``)."""
        shared = SiteBuild.current()
        if shared is not None and shared.serves(root, policies):
            return shared
        return self._scope.enter_context(SiteBuild(root, policies, node_steps=node_steps(self._command)))

    def _convert_config(self, config) -> None:
        """The converted edition's own words: the Simplified edition's, converted (never written twice).

        Its hand-written pages are ``content/zh`` converted into a temporary folder; its site name,
        description and the palette's toggle names are inherited from mkdocs.yml and converted.
        """
        hant.convert_folder(self._content, self._tmp / "content")
        config.docs_dir = str(self._tmp / "content")
        config.site_name = self._edition.word(config.site_name)
        if config.site_description:
            config.site_description = self._edition.word(config.site_description)
        palette = config.theme.get("palette")
        if palette:
            config.theme["palette"] = self._edition.tree(palette)

    def _check_languages(self) -> None:
        for option in ("languages", "editions"):
            unknown = sorted(set(self.config[option]) - set(EDITIONS))
            if unknown:
                raise PluginError(
                    f"policy-explorer option `{option}`: unknown language {', '.join(unknown)}: "
                    f"use {', '.join(EDITIONS)}"
                )
        missing = sorted({self.config.lang, *self.config.editions} - set(self.config.languages))
        if missing:
            raise PluginError(
                f"policy-explorer option `languages`: no folder for {', '.join(missing)}: "
                'add it, e.g. {zh: "", en: en/}'
            )

    def _hand_written_nav(self, docs_dir: Path) -> list:
        text = self._edition.text
        pages = [
            {nav_title(text(name)): f"{name}.md"}
            for name in HAND_WRITTEN_NAV
            if (docs_dir / f"{name}.md").is_file()
        ]
        return [{nav_title(text("about_section")): pages}] if pages else []

    def _fold_table(self, docs_dir: Path) -> dict[str, str]:
        """The search's script folding for this edition's characters (``hant.fold_table``)."""
        folders = (self._rendered.out_dir, docs_dir)
        texts = (
            p.read_text(encoding="utf-8") for d in folders if d.is_dir() for p in sorted(d.rglob("*.md"))
        )
        return hant.fold_table(texts, self._rendered.search_words, self.config.lang)

    def _use_search_words(self, config) -> None:
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is None or "jieba_dict_user" not in search.config:
            return
        path = self._tmp / "jieba-user-dict.txt"
        path.write_text(jieba_user_dict(self._rendered.search_words), encoding="utf-8")
        search.config.jieba_dict_user = str(path)

    def on_files(self, files: Files, *, config) -> Files:
        generated = [*(p.path for p in self._rendered.pages), *self._rendered.files]
        for path in generated:
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{path} has the same path as a generated page: rename or remove it"
                )
            files.append(File(path, str(self._rendered.out_dir), config.site_dir, config.use_directory_urls))
        self._sources = {p.path: p.source for p in self._rendered.pages}
        return files

    def on_env(self, env, *, config, files):
        env.globals["pe_stylesheet"] = self._rendered.stylesheet  # defaults/overrides/main.html
        env.globals["pe_calculator_script"] = self._rendered.calculator_script  # calculator.html, widget.html
        self._scripts = csp.TemplateScripts(env)
        env.globals["pe_footer"] = self._rendered.footer  # overrides/partials/copyright.html
        return env

    def on_template_context(self, context, *, template_name, config):
        self._context = context  # the template is rendered next, then on_post_template
        return context

    def on_page_context(self, context, *, page, config, nav):
        paths = self.config.languages
        here = posixpath.join(paths.get(self.config.lang, ""), page.url)
        links = {lang: _relative(here, prefix + page.url) for lang, prefix in paths.items()}
        context["pe_alternate"] = [
            {
                "name": LANGUAGE_NAMES[lang],
                "lang": HREFLANG[lang],
                "link": link,
                "absolute": urljoin(page.canonical_url, link) if page.canonical_url else None,
            }
            for lang, link in links.items()
        ]
        source = self._sources.get(page.file.src_uri)
        if source is None:  # a hand-written page: its file under docs_dir
            source = posixpath.join(self._content.relative_to(self._root).as_posix(), page.file.src_uri)
        base = self.config.edit_base
        page.edit_url = f"{base.rstrip('/')}/{source}" if base else None
        self._context = context  # the page is rendered next, then on_post_page
        return context

    def on_page_content(self, html: str, *, page, config, files) -> str:
        if 'id="pe-embed-builder"' in html:
            html = self._embed_editions(html, page.url)
        return html

    def _embed_editions(self, html: str, url: str) -> str:
        """The embed builder's editions, from the configured roots (never worked out in the browser
        from the page's own path, which wrote …/zh-Hant/zh-Hant/widget/): for each edition, its
        widget and embed script as links from this page, and its iframe title in its own script."""
        strings = self._edition.strings["widget_frame_title"]
        titles = {"zh": strings["zh"], "en": strings["en"], hant.HANT: hant.to_site(strings["zh"])}
        paths = self.config.languages
        here = posixpath.join(paths.get(self.config.lang, ""), url)
        editions = {
            lang: {
                "widget": _relative(here, prefix + "widget/"),
                "script": _relative(here, prefix + "assets/calculator/embed.js"),
                "title": titles[lang],
            }
            for lang, prefix in paths.items()
        }
        options = "".join(
            f'<option value="{lang}"{" selected" if lang == self.config.lang else ""}>'
            f"{html_text.escape(LANGUAGE_NAMES[lang])} ({html_text.escape(prefix)}widget/)</option>"
            for lang, prefix in paths.items()
        )
        data = html_text.escape(json.dumps(editions, ensure_ascii=False), quote=True)
        html = html.replace('id="pe-embed-builder"', f'id="pe-embed-builder" data-editions="{data}"', 1)
        select = re.compile(r'(<select id="pe-eb-edition"[^>]*>).*?(</select>)', re.S)
        return select.sub(lambda m: m[1] + options + m[2], html, count=1)

    def on_post_page(self, output: str, *, page, config) -> str:
        return self._finish(output)

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        return self._finish(output_content) if template_name.endswith(".html") else output_content

    def _finish(self, html: str) -> str:
        allowed = self._scripts.for_page(self._context)
        # Every page names Material's search worker in its __config: name the mended one instead.
        html = html.replace(self._worker.original, self._worker.path)
        return csp.protect(conform(html), csp.origin(self.config.pyodide_url), allowed, self._scripts.styles)

    def on_serve(self, server, *, config, builder):
        for path in (self.config.policies, self._custom, *self.config.editions.values()):
            if Path(path).exists():
                server.watch(str(path))
        for path in ("content",):
            if (self._root / path).exists():
                server.watch(str(self._root / path))
        return server

    def on_build_error(self, *, error) -> None:
        if hasattr(self, "_tmp"):  # not when on_config stopped before making it
            shutil.rmtree(self._tmp, ignore_errors=True)  # a failed build leaves no temporary pages behind
        if hasattr(self, "_scope"):
            self._scope.close()  # the site build this edition opened, if any (its staged runtime)

    def _post_build(self, *, config) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)
        site = Path(config.site_dir)
        (site / self._worker.path).write_text(self._worker.content, encoding="utf-8")
        (site / self._worker.original).unlink(missing_ok=True)  # no page names it any more
        try:
            editions = editions_to_build(self.config.editions, self._command)
        except ServeEditionsError as exc:
            self._scope.close()
            raise PluginError(str(exc)) from None
        with self._scope:  # the other editions are built in this edition's site build, then it closes
            for lang, config_file in editions.items():
                with _own_plugin_instances():
                    edition = load_config(
                        config_file,
                        site_dir=str(Path(config.site_dir) / self.config.languages[lang].strip("/")),
                        strict=config.strict,
                    )
                    edition.plugins.on_startup(command="build", dirty=False)
                    try:
                        build(edition)
                    finally:
                        edition.plugins.on_shutdown()

    @event_priority(-100)
    def _seal_and_compress(self, *, config) -> None:
        """Root edition, once every edition and every plugin's files (the search index among them)
        are written: the service worker's list of the site's files, then the precompressed copies."""
        if self.config.languages.get(self.config.lang, ""):
            return
        try:
            seal(Path(config.site_dir))
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        if self.config.precompress and precompresses(self._command):
            precompress(Path(config.site_dir))

    on_post_build = CombinedEvent(_post_build, _seal_and_compress)


def _relative(here: str, target: str) -> str:
    """The link from the page at site path ``here`` (a folder URL) to the site path ``target``."""
    folder = here.rstrip("/") if here.endswith("/") or not here else posixpath.dirname(here)
    rel = posixpath.relpath(target.rstrip("/") or ".", folder or ".")
    if rel == ".":
        return "./"
    return rel + "/" if target.endswith("/") or not target else rel


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
