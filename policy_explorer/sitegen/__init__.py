"""The site generator: policy data → Markdown pages and data files, one folder per language.

Usable without MkDocs (``python -m policy_explorer render``); the MkDocs plugin is a thin adapter
that feeds these files to the build. Compiling the data and reading the git history are done once
per process and reused by every language edition.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from calculator.data import fingerprint

from ..compile import compile_policies
from .glossary import load_glossary, search_words
from .render import LANGS, Page, Rendered, RenderError, render_site

__all__ = ["LANGS", "Page", "RenderError", "Rendered", "build_date", "generate", "search_words"]

DATE_ENV = "POLICY_EXPLORER_BUILD_DATE"
_compiled: dict[tuple[str, str], dict[str, Any]] = {}
_history: dict[str, list[Any]] = {}


def build_date(value: str | dt.date | None = None) -> dt.date:
    """The day statuses are computed for: ``value``, else $POLICY_EXPLORER_BUILD_DATE, else today."""
    value = value or os.environ.get(DATE_ENV) or None
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RenderError(
            f"build date `{value}` is not a date: write YYYY-MM-DD (option build_date or ${DATE_ENV})"
        ) from None


def compiled(policies_dir: Path) -> dict[str, Any]:
    """The compiled data for ``policies_dir`` (validated; raises ``DataError``), memoized by content."""
    key = (str(policies_dir.resolve()), fingerprint(policies_dir))
    if key not in _compiled:
        _compiled.clear()
        _compiled[key] = compile_policies(policies_dir)
    return _compiled[key]


def policy_history(root: Path, limit: int = 30) -> list[Any]:
    """Policy changes from git (newest first); [] when there is no usable history."""
    from ..history import history

    key = str(root.resolve())
    if key not in _history:
        _history[key] = history(root, limit=limit) if (root / ".git").exists() else []
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
) -> Rendered:
    """Render the ``lang`` edition's generated pages into ``out_dir`` and return what was written."""
    policies_dir = policies_dir or root / "policies"
    data = compiled(policies_dir)
    glossary = load_glossary(policies_dir / "glossary.yaml")
    history = policy_history(root) if use_history else []
    rendered = render_site(
        data, lang, out_dir, build_date(on), history=history, glossary=glossary, site_url=site_url
    )
    rendered.search_words = search_words(glossary, data)
    return rendered
