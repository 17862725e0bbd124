"""The site generator: policy data → Markdown pages and data files, one folder per language.

Usable without MkDocs (``python -m policy_explorer render``); the MkDocs plugin is a thin adapter
that feeds these files to the build. What the editions share (the compiled data, the git history,
the browser runtime) is made once per :class:`SiteBuild`, which the caller opens with ``with`` and
passes to :func:`generate` for each :class:`Edition`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import jinja2

from ..compile import DataError
from . import outdir
from .build import Edition, RuntimeLink, SiteBuild, compiled
from .glossary import search_words
from .render import Page, Rendered, RenderError, render_site
from .templates import EDITIONS, LANGS, site_templates, template_error, template_fault

__all__ = [
    "EDITIONS",
    "LANGS",
    "Edition",
    "Page",
    "RenderError",
    "Rendered",
    "RuntimeLink",
    "SiteBuild",
    "build_date",
    "compiled",
    "generate",
    "search_words",
    "site_templates",
]

DATE_ENV = "POLICY_EXPLORER_BUILD_DATE"
# The years a date in the data may take (policy_explorer.schema.DATE: 1900-2199).
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def build_date(value: str | dt.date | None = None) -> dt.date:
    """The day statuses are computed for: ``value``, else $POLICY_EXPLORER_BUILD_DATE, else today."""
    value = value or os.environ.get(DATE_ENV) or None
    if value is None:
        return dt.date.today()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            raise RenderError(
                f"build date `{value}` is not a date: write YYYY-MM-DD (option build_date or ${DATE_ENV})"
            ) from None
    if not FIRST_DAY <= value <= LAST_DAY:  # the timeline, feeds and statuses count years past it
        raise RenderError(
            f"build date `{value}` is outside {FIRST_DAY} to {LAST_DAY}, the years the data's dates may "
            f"take: give a date in that range (option build_date or ${DATE_ENV})"
        )
    return value


def generate(
    build: SiteBuild,
    edition: Edition,
    out_dir: Path,
    *,
    on: dt.date | None = None,
    site_url: str = "",
    use_history: bool = True,
    pyodide_url: str | None = None,
    theme_css: Sequence[Path] = (),
) -> Rendered:
    """Render ``edition``'s generated pages into ``out_dir`` and return what was written.

    ``edition.runtime`` says where the calculator's browser runtime is: an edition that links up to
    the root edition's copy carries its own when no edition of ``build`` has written one yet.
    ``pyodide_url`` (explicit configuration only) serves the Pyodide core files from another address,
    such as a CDN; by default they are this site's own copy. ``theme_css`` (the theme's stylesheets)
    go into the site's one stylesheet.
    """
    link = edition.runtime
    if link.kind == "root" and not build.runtime_carried:
        link = RuntimeLink.own()  # no root edition carries the runtime yet: this edition carries its own
    runtime = build.runtime if link.bundled else None
    try:
        rendered = render_site(
            build,
            edition,
            out_dir,
            build_date(on),
            history=build.history if use_history else [],
            site_url=site_url,
            runtime_config=runtime.config(link.prefix, pyodide_url) if runtime else None,
            theme_css=theme_css,
        )
    except jinja2.TemplateError as exc:  # the user's template file and line, not a traceback
        raise template_error(exc) from None
    except (RenderError, DataError):
        raise
    except Exception as exc:  # a filter or function a template called (a Decimal given to `cny`)
        fault = template_fault(exc)
        if fault is None:  # not raised under a template's line: the generator's own bug
            raise
        raise fault from None
    if runtime is not None and link.kind == "own":
        shutil.copytree(build.runtime_folder / "runtime", out_dir / "runtime")
        rendered.files.extend(runtime.files)
        version = Path(runtime.calculator_dir).name  # calculator-<hash>: the cache's version
        worker = (edition.templates / "sw.js").read_text(encoding="utf-8").replace("__VERSION__", version)
        worker = worker.replace("__INTEGRITY__", json.dumps(runtime.integrity, sort_keys=True))
        (out_dir / "sw.js").write_text(worker, encoding="utf-8")
        rendered.files.append("sw.js")
        build.runtime_carried = True
    outdir.record(out_dir, [*(p.path for p in rendered.pages), *rendered.files])
    return rendered
