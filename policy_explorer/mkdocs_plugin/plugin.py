"""The ``policy-explorer`` plugin's hooks: each adapts MkDocs to the site generator, doing no work itself.

- ``load_config``: an option the plugin does not have stops the build (MkDocs only warns), naming
  the closest one (:func:`.config.unknown_option`).
- ``on_config``: the edition (its language from ``theme.language``, :mod:`.editions`), checked against
  the root edition when this is a nested build; the generated pages rendered by
  :func:`policy_explorer.sitegen.generate` into a temporary folder (real files: other plugins see
  ordinary pages); the navigation; Material's search given its language and the jieba dictionary
  of policy terms. What the build of this edition holds lives in one :class:`.editions.EditionRun`.
- ``on_files``: the generated files join the build.
- ``on_env``: the theme's templates get the site's one stylesheet (``sitegen.stylesheet``), the
  calculator's script and the footer; a template of the site's own ``overrides/`` that fails is one
  ``file:line: what`` message (:class:`_ReportingTemplate`).
- ``on_page_context`` / ``on_template_context``: the language switch links to the same page in
  the other editions; generated pages get an "edit this page" link to the YAML they come from.
- ``on_post_page`` / ``on_post_template``: every HTML page is mended where Material's markup is
  invalid (``sitegen.conform``), names the mended search worker (``sitegen.search_worker``) and gets
  its Content-Security-Policy (``sitegen.csp``).
- ``on_post_build``: the root edition builds every other edition (``editions``) into its folder,
  each in isolation (:func:`.editions.build_edition`); then, once the whole site is written, the
  service worker's file list (``sitegen.offline``) and the precompressed copies (``precompress``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..compile import DataError
from ..precompress import precompress
from ..serving import KeptPages, ServeEditionsError, editions_to_build, kept_pages, precompresses
from ..sitegen import RenderError, csp
from ..sitegen.conform import conform
from ..sitegen.glossary import GlossaryError
from ..sitegen.offline import seal
from ..sitegen.search_worker import SearchWorkerError
from ..sitegen.stylesheet import StylesheetError
from ..sitegen.templates import template_error, template_fault
from . import editions
from .config import PolicyExplorerConfig, unknown_option
from .editions import EditionRun, EditionsError


class PolicyExplorerPlugin(BasePlugin[PolicyExplorerConfig]):
    """Generate the policy pages for one language edition and, in the root edition, build the others."""

    def __init__(self) -> None:
        super().__init__()
        self._command: str | None = None  # MkDocs' command ("serve": see policy_explorer.serving)
        self._kept: KeptPages | None = None  # mkdocs serve --dirty: the generated pages' folder
        self._run: EditionRun | None = None  # this edition's build, from on_config to on_post_build

    @property
    def run(self) -> EditionRun:
        """The build under way (a hook after ``on_config`` always has one)."""
        if self._run is None:
            raise PluginError("policy-explorer: a build hook ran before on_config")
        return self._run

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command
        self._kept = kept_pages(command, dirty)

    def on_shutdown(self) -> None:
        if self._kept:
            self._kept.close()

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        """MkDocs only warns about an option it does not know, so a misspelt one (``langauges``) built a
        site with the default in its place: here it is an error naming the closest option."""
        errors, warnings = super().load_config(options, config_file_path)
        known = self.config._schema_keys
        for key in sorted(set(options) - known):
            errors.append((key, config_options.ValidationError(unknown_option(key))))
        warnings = [(key, w) for key, w in warnings if key not in options or key in known]
        return errors, warnings

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self._run is not None:  # mkdocs serve: the last build's pages
            self._run.close()
        try:
            self._run = editions.start(self.config, config, command=self._command)
        except EditionsError as exc:
            raise PluginError(str(exc)) from None
        except DataError as exc:
            lines = "\n".join(map(str, exc.problems))
            raise PluginError(f"the policy data has {len(exc.problems)} problem(s):\n{lines}") from None
        except (RenderError, GlossaryError, StylesheetError, SearchWorkerError) as exc:
            raise PluginError(str(exc)) from None
        if self._kept:
            self._run.rendered.out_dir = self._kept.keep(self._run.rendered.out_dir)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        rendered = self.run.rendered
        for path in [*(p.path for p in rendered.pages), *rendered.files]:
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{path} has the same path as a generated page: rename or remove it"
                )
            files.append(File(path, str(rendered.out_dir), config.site_dir, config.use_directory_urls))
        return files

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        rendered = self.run.rendered
        env.globals["pe_stylesheet"] = rendered.stylesheet  # defaults/overrides/main.html
        env.globals["pe_calculator_script"] = rendered.calculator_script  # calculator.html, widget.html
        env.globals["pe_footer"] = rendered.footer  # overrides/partials/copyright.html
        self.run.scripts = csp.TemplateScripts(env)
        _check_overrides(env, self.run)
        # Every template loaded from here on (a page's own) reports a failure with its line.
        env.template_class = type("ReportingTemplate", (_ReportingTemplate,), {"root": self.run.root})
        return env

    def on_template_context(
        self, context: dict[str, Any], *, template_name: str, config: MkDocsConfig
    ) -> dict[str, Any]:
        self.run.context = context  # the template is rendered next, then on_post_template
        return context

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        context["pe_alternate"] = self.run.links.alternates(page.url, page.canonical_url)
        page.edit_url = self.run.edit_url(page.file.src_uri)
        self.run.context = context  # the page is rendered next, then on_post_page
        return context

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if 'id="pe-embed-builder"' in html:
            html = self.run.links.embed_editions(html, page.url, self.run.edition)
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self._finish(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self._finish(output_content) if template_name.endswith(".html") else output_content

    def _finish(self, html: str) -> str:
        run = self.run
        if run.scripts is None:
            raise PluginError("policy-explorer: a page was written before on_env")
        allowed = run.scripts.for_page(run.context or {})
        # Every page names Material's search worker in its __config: name the mended one instead.
        html = html.replace(run.worker.original, run.worker.path)
        return csp.protect(conform(html), csp.origin(self.config.pyodide_url), allowed, run.scripts.styles)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        run = self.run
        for path in (run.root / self.config.policies, run.custom, *self.config.editions.values()):
            if Path(path).exists():
                server.watch(str(path))
        if (run.root / "content").exists():
            server.watch(str(run.root / "content"))
        return server

    def on_build_error(self, *, error: Exception) -> None:
        if self._run is not None:  # not when on_config stopped before starting it
            self._run.close()  # no temporary pages left behind, the site build closed
            self._run = None

    def _post_build(self, *, config: MkDocsConfig) -> None:
        run = self.run
        site = Path(config.site_dir)
        (site / run.worker.path).write_text(run.worker.content, encoding="utf-8")
        (site / run.worker.original).unlink(missing_ok=True)  # no page names it any more
        shutil.rmtree(run.tmp, ignore_errors=True)
        if not run.is_root:  # only the root edition builds the others (theirs are inherited)
            run.close()
            return
        try:
            others = editions_to_build(self.config.editions, self._command)
        except ServeEditionsError as exc:
            run.close()
            raise PluginError(str(exc)) from None
        with run.scope:  # the other editions are built in this edition's site build, then it closes
            for lang, config_file in others.items():
                editions.build_edition(run, lang, config_file, site_dir=site, strict=bool(config.strict))

    @event_priority(-100)
    def _seal_and_compress(self, *, config: MkDocsConfig) -> None:
        """Root edition, once every edition and every plugin's files (the search index among them)
        are written: the service worker's list of the site's files, then the precompressed copies."""
        if not self.run.is_root:
            return
        try:
            seal(Path(config.site_dir))
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        if self.config.precompress and precompresses(self._command):
            precompress(Path(config.site_dir))

    on_post_build = CombinedEvent(_post_build, _seal_and_compress)


def _check_overrides(env: jinja2.Environment, run: EditionRun) -> None:
    """Compile each of the site's own theme overrides now: a syntax error is one ``file:line: what``
    message here (MkDocs loads a page's template outside any hook, and would print a traceback)."""
    own = run.custom / "overrides"
    if not own.is_dir():
        return
    for path in sorted(own.rglob("*.html")):
        try:
            env.compile(path.read_text(encoding="utf-8"), path.relative_to(own).as_posix(), str(path))
        except jinja2.TemplateSyntaxError as exc:
            raise PluginError(run.shown(template_error(exc))) from None


class _ReportingTemplate(jinja2.Template):
    """A theme template whose failure while rendering is one ``file:line: what`` message (a
    :class:`~mkdocs.exceptions.PluginError`, which MkDocs prints without a traceback): the file is
    the site's own override where the failing line is in one, shown from the site's folder."""

    root: Path | None = None

    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            return super().render(*args, **kwargs)
        except PluginError:
            raise
        except Exception as exc:
            problem = template_fault(exc)
            if problem is None:  # no template line to blame: not a template's fault
                raise
            raise PluginError(editions.shown(problem, self.root)) from None
