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

import filecmp
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

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


class KeptPages:
    """Under ``mkdocs serve --dirty`` (``./dev serve``): the generated pages live in one folder for
    the whole session, and a file there is rewritten only when its bytes change.

    MkDocs' dirty build rebuilds a page only when its source is newer than the page it wrote; pages
    rendered afresh into a new folder at every rebuild would all be newer. Kept so, a saved policy
    file rebuilds the pages it feeds (its own, its clauses', its place's, the lists that name it).
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="policy-explorer-kept-"))

    def keep(self, fresh: Path) -> Path:
        """The kept folder, made to hold exactly ``fresh``'s files; unchanged ones keep their time."""
        new = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
        for old in [p for p in self.folder.rglob("*") if p.is_file()]:
            if old.relative_to(self.folder) not in new:
                old.unlink()
        for name in new:
            source, target = fresh / name, self.folder / name
            if target.is_file() and filecmp.cmp(source, target, shallow=False):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        return self.folder

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def kept_pages(command: str | None, dirty: bool) -> KeptPages | None:
    """A folder kept for the session's generated pages under ``mkdocs serve --dirty``, else None."""
    return KeptPages() if command == SERVE and dirty else None
