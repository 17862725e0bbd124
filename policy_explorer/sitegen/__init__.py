"""The site generator: policy data → Markdown pages and data files, one folder per language.

Usable without MkDocs (``python -m policy_explorer render``); the MkDocs plugin is a thin adapter
that feeds these files to the build. Compiling the data and reading the git history are done once
per process and reused by every language edition.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from calculator.data import fingerprint

from ..compile import DataError, compile_policies
from ..runtime import NODE_TOOLS, BundleError, Runtime, bundle
from ..worked import check_examples
from . import hant, outdir
from .glossary import load_glossary, search_words
from .render import Page, Rendered, RenderError, render_site
from .templates import EDITIONS, LANGS, site_templates, template_error

__all__ = [
    "EDITIONS",
    "LANGS",
    "Page",
    "RenderError",
    "Rendered",
    "build_date",
    "generate",
    "search_words",
    "site_templates",
]

DATE_ENV = "POLICY_EXPLORER_BUILD_DATE"
# The years a date in the data may take (policy_explorer.schema.DATE: 1900-2199).
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
_compiled: dict[tuple[str, str], dict[str, Any]] = {}
_history: dict[str, list[Any]] = {}
_staged: _Staged | None = None  # the runtime bundle of the current data


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


def compiled(policies_dir: Path) -> dict[str, Any]:
    """The compiled data for ``policies_dir`` (validated; raises ``DataError``), memoized by content."""
    key = (str(policies_dir.resolve()), fingerprint(policies_dir))
    if key not in _compiled:
        _compiled.clear()
        data = compile_policies(policies_dir)
        problems = check_examples(policies_dir, data)  # a page never shows a formula its example refutes
        if problems:
            raise DataError(problems)
        _compiled[key] = data
    return _compiled[key]


def policy_history(root: Path, limit: int = 30) -> list[Any]:
    """Policy changes from git, one revision per day (newest first); [] when there is no usable
    history."""
    from ..history.gitlog import history

    key = str(root.resolve())
    if key not in _history:
        _history[key] = history(root, limit=limit, by_day=True) if (root / ".git").exists() else []
    return _history[key]


def generate(
    out_dir: Path,
    lang: str,
    *,
    root: Path,
    policies_dir: Path | None = None,
    on: dt.date | None = None,
    site_url: str = "",
    use_history: bool = True,
    runtime: str | None = "",
    pyodide_url: str | None = None,
    theme_css: Sequence[Path] = (),
    templates_dir: Path | None = None,
    node_steps: bool = True,
) -> Rendered:
    """Render the ``lang`` edition's generated pages into ``out_dir`` and return what was written.

    ``runtime`` says where the calculator's browser runtime (:mod:`policy_explorer.runtime`) is, seen
    from this edition's root: ``""`` writes it into this edition (the root edition does); ``"../"``
    points at the root edition's copy, made by an earlier call in this process; ``None`` leaves the
    calculator page with its build-time example only. ``pyodide_url`` (explicit configuration
    only) serves the Pyodide core files from another address, such as a CDN; by default they are
    this site's own copy. ``theme_css`` (the theme's stylesheets) go into the site's one stylesheet.
    ``templates_dir`` (default ``root/site_templates``) holds the site's own templates and strings,
    each replacing the package's default of the same name (:mod:`.templates`). ``node_steps=False``
    (``mkdocs serve``: :mod:`policy_explorer.serving`) bundles neither the start-up snapshot nor the
    trimmed standard library, each made afresh in Node (5–30 s) whenever the data changes: the
    worker then starts Pyodide itself with its whole library.
    """
    policies_dir = policies_dir or root / "policies"
    templates = site_templates(templates_dir or root / "site_templates")
    data = compiled(policies_dir)
    glossary = load_glossary(policies_dir / "glossary.yaml")
    history = policy_history(root) if use_history else []
    staged = _staged_runtime(data, _node_tools(root), node_steps) if runtime is not None else None
    if staged and runtime and not staged.carried:
        runtime = ""  # no root edition carries the runtime yet: this edition carries its own
    try:
        rendered = render_site(
            data,
            lang,
            out_dir,
            build_date(on),
            history=history,
            glossary=glossary,
            site_url=site_url,
            runtime_config=staged.runtime.config(runtime, pyodide_url) if staged else None,
            theme_css=theme_css,
            templates=templates,
            policies_dir=policies_dir,
        )
    except jinja2.TemplateError as exc:
        raise template_error(exc) from None
    if staged and runtime == "":
        shutil.copytree(staged.folder / "runtime", out_dir / "runtime")
        rendered.files.extend(staged.runtime.files)
        version = Path(staged.runtime.calculator_dir).name  # calculator-<hash>: the cache's version
        worker = (templates / "sw.js").read_text(encoding="utf-8").replace("__VERSION__", version)
        worker = worker.replace("__INTEGRITY__", json.dumps(staged.runtime.integrity, sort_keys=True))
        (out_dir / "sw.js").write_text(worker, encoding="utf-8")
        rendered.files.append("sw.js")
        staged.carried = True
    rendered.search_words = search_words(glossary, data)
    if lang == hant.HANT:  # the converted edition's pages hold the converted words
        rendered.search_words = [hant.to_site(word) for word in rendered.search_words]
    rendered.footer["data_version"] = fingerprint(policies_dir)[:12]  # names this exact data
    outdir.record(out_dir, [*(p.path for p in rendered.pages), *rendered.files])
    return rendered


def _node_tools(root: Path) -> Path:
    """The site's npm tools (``tools/node/`` beside its config), else this checkout's (a copy of it);
    never a folder in the installed package (a missing runtime is named in the site's own folder)."""
    own = root / "tools" / "node"
    return NODE_TOOLS if not own.is_dir() and NODE_TOOLS.is_dir() else own


@dataclass
class _Staged:
    """The runtime bundle of one version of the data, made once per process in ``folder``."""

    data: dict[str, Any]  # the compiled data it was made from (compiled() hands out one object per version)
    runtime: Runtime
    folder: Path
    carried: bool = False  # an edition rendered in this process already holds a copy
    node_steps: bool = True  # made with the start-up snapshot and the trimmed library


def _staged_runtime(data: dict[str, Any], tools: Path, node_steps: bool = True) -> _Staged:
    global _staged
    if _staged is None or _staged.data is not data or _staged.node_steps != node_steps:
        if _staged is not None:
            shutil.rmtree(_staged.folder, ignore_errors=True)
        folder = Path(tempfile.mkdtemp(prefix="policy-explorer-runtime-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        try:
            runtime = bundle(data, folder, tools=tools, snapshot=node_steps, trim=node_steps)
            _staged = _Staged(data, runtime, folder, node_steps=node_steps)
        except BundleError as exc:
            raise RenderError(str(exc)) from None
    return _staged
