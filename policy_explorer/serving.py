"""What ``mkdocs serve`` (``./dev serve``) rebuilds after each save: only what a maintainer looks at.

A full build writes every edition and brotli-11 copies of every page: about 50 s after one saved
policy file. Under ``serve`` the root edition's plugin instead builds

- only the edition being served (the root one, ``mkdocs.yml``'s ``lang``), unless
  ``$POLICY_EXPLORER_SERVE_EDITIONS`` names others (``en,zh-Hant``) or ``all``;
- no ``.br``/``.gz`` copies (the development server never sends them);
- neither the calculator's start-up snapshot nor its trimmed standard library (each made afresh in
  Node, 5–30 s, whenever the data changes): the served calculator starts Pyodide itself with its
  whole library, as it does where a snapshot cannot be used.

``mkdocs build`` (and ``mkdocs serve --clean``, which MkDocs runs as a build) is unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

ENV = "POLICY_EXPLORER_SERVE_EDITIONS"
SERVE = "serve"  # MkDocs' ``on_startup(command=…)`` for ``mkdocs serve`` (not ``--clean``)


class ServeEditionsError(ValueError):
    """``$POLICY_EXPLORER_SERVE_EDITIONS`` names an edition the site does not have."""


def editions_to_build(
    editions: Mapping[str, str], command: str | None, env: Mapping[str, str] = os.environ
) -> dict[str, str]:
    """The other editions (language → config file) this build writes after the root one."""
    if command != SERVE:
        return dict(editions)
    wanted = env.get(ENV, "").strip()
    if wanted == "all":
        return dict(editions)
    names = [name.strip() for name in wanted.split(",") if name.strip()]
    unknown = [name for name in names if name not in editions]
    if unknown:
        listed = ", ".join(editions) or "none"
        raise ServeEditionsError(
            f"${ENV}: {', '.join(unknown)} is not among the editions mkdocs.yml lists under `editions` "
            f"({listed}): name some of them, comma-separated, or write all"
        )
    return {name: config for name, config in editions.items() if name in names}


def precompresses(command: str | None) -> bool:
    """Whether this build writes the ``.br``/``.gz`` copies (never under ``mkdocs serve``)."""
    return command != SERVE


def node_steps(command: str | None) -> bool:
    """Whether this build makes the runtime's snapshot and trimmed library (never under ``serve``)."""
    return command != SERVE
