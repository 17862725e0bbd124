"""One build of the site and its editions, as objects handed to the generator instead of process state.

- :class:`SiteBuild`: what every edition of one build shares, made once and only when asked for (the
  compiled data, its site view for a build date, the git history, the calculator's browser runtime
  staged in a temporary folder). It is scoped with ``with``: leaving the block removes its folder,
  and while the block is open :meth:`SiteBuild.current` names it, so the MkDocs builds of the other
  editions, nested in the root edition's, reuse it (as ``mkdocs_gen_files``' ``FilesEditor.current()``
  serves its scripts).
- :class:`Edition`: one language edition (its language, folder, words and :class:`RuntimeLink`), and
  every step that makes the Traditional Chinese edition from the Simplified one (:mod:`.hant`).
- :class:`RuntimeLink`: where an edition's calculator finds the browser runtime.
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Literal

from policy_explorer.calculator.data import fingerprint

from ..compile import DataError, compile_policies
from ..runtime import NODE_TOOLS, BundleError, Runtime, bundle
from ..worked import check_examples
from . import hant
from .glossary import by_letter, by_strokes, load_glossary
from .templates import EDITIONS, RenderError, load_strings, site_templates, text_lang
from .view import SiteView, build_view

HISTORY_LIMIT = 30  # revisions (days) of policy changes the pages and feeds list


@dataclass(frozen=True)
class RuntimeLink:
    """Where an edition's calculator finds its browser runtime (:mod:`policy_explorer.runtime`).

    ``own``: the edition carries a copy (the root edition does); ``root``: it links to the root
    edition's copy, ``up`` levels above it (``"../"``); ``none``: no runtime, the calculator page
    shows its build-time example only.
    """

    kind: Literal["own", "root", "none"]
    up: str = ""  # kind "root": the way from this edition's folder to the site's root

    @classmethod
    def own(cls) -> RuntimeLink:
        return cls("own")

    @classmethod
    def none(cls) -> RuntimeLink:
        return cls("none")

    @classmethod
    def for_folder(cls, prefix: str) -> RuntimeLink:
        """The link of the edition in the site folder ``prefix`` (``""`` the root, ``"en/"``):
        the root edition carries the runtime, the others link up to it."""
        depth = len(prefix.strip("/").split("/")) if prefix.strip("/") else 0
        return cls("root", "../" * depth) if depth else cls.own()

    @property
    def bundled(self) -> bool:
        return self.kind != "none"

    @property
    def prefix(self) -> str:
        """The runtime's paths are prefixed by this in the worker's configuration."""
        return self.up if self.kind == "root" else ""


@dataclass(frozen=True)
class Edition:
    """One language edition: its name, folder, site strings and runtime link.

    The Traditional Chinese edition (``zh-Hant``) is the Simplified one converted (:mod:`.hant`); every
    place that differs for it asks this object (:meth:`word`, :meth:`tree`, :meth:`page`, the marking
    :meth:`filters`, :meth:`glossary_letters`) and :meth:`finish` converts what was written.
    """

    name: str  # "zh", "en", "zh-Hant"
    templates: Path  # the templates folder the edition renders from (:func:`.templates.site_templates`)
    strings: dict[str, dict[str, str]] = field(repr=False, compare=False)
    runtime: RuntimeLink
    prefix: str = ""  # its folder from the site's root: "" (the root edition), "en/"

    @classmethod
    def of(
        cls, name: str, templates: Path, *, prefix: str = "", runtime: RuntimeLink | None = None
    ) -> Edition:
        """The edition ``name`` rendered from ``templates`` (its strings loaded and checked)."""
        if name not in EDITIONS:
            raise RenderError(f"unknown language `{name}`: use one of {', '.join(EDITIONS)}")
        link = RuntimeLink.for_folder(prefix) if runtime is None else runtime
        return cls(name, templates, load_strings(templates), link, prefix)

    @property
    def lang(self) -> str:
        """The language of the data's texts it shows: ``zh`` or ``en``."""
        return text_lang(self.name)

    @property
    def converted(self) -> bool:
        """Whether the edition is the Simplified one converted to Traditional characters."""
        return self.name == hant.HANT

    @staticmethod
    def words_in(name: str, texts: dict[str, str]) -> str:
        """A site string ({zh, en}) in the words of the edition ``name`` (any edition, not only this
        one: a page names every edition in its own script, e.g. the embed builder's frame titles)."""
        return hant.to_site(texts["zh"]) if name == hant.HANT else texts[text_lang(name)]

    def text(self, key: str) -> str:
        """A site string in this edition's words."""
        return self.word(self.strings[key][self.lang])

    def word(self, text: str) -> str:
        """The site's own words (a title, a string) as this edition shows them."""
        return hant.to_site(text) if self.converted else text

    def official(self, text: str) -> str:
        """An official text (a document's title, a clause) as this edition shows it: OpenCC only."""
        return hant.to_hant(text) if self.converted else text

    def tree(self, value: Any) -> Any:
        """Every string in ``value`` (lists, dicts) as :meth:`word` gives it."""
        return hant.convert_tree(value) if self.converted else value

    def page(self, text: str) -> str:
        """A rendered page (its marked originals kept): for a file named by its converted bytes."""
        return hant.convert(text) if self.converted else text

    def filters(self, escape: Callable[[Any], Any], link: Callable[[str], Any]) -> dict[str, Any]:
        """The templates' marking filters: ``original`` (kept Simplified), ``official`` (OpenCC only),
        ``url_link`` (an address, never converted); plain escaping in the other editions."""
        from markupsafe import Markup

        if not self.converted:
            return {"original": escape, "official": lambda s: s, "url_link": link}
        return {
            "original": lambda s: Markup(hant.keep(escape(s))),
            "official": lambda s: Markup(hant.official(str(s))),
            "url_link": lambda u: Markup(hant.keep(link(u))),
        }

    def copy_content(self, src: Path, dst: Path) -> list[str]:
        """Copy the hand-written pages of ``src`` (``content/<lang>``) into ``dst`` as this edition
        shows them (converted from ``content/zh`` in the converted edition); the paths written."""
        if self.converted:
            return hant.convert_folder(src, dst)
        shutil.copytree(src, dst, dirs_exist_ok=True)
        return [p.relative_to(src).as_posix() for p in sorted(src.rglob("*")) if p.is_file()]

    def glossary_letters(self, glossary: list[dict[str, Any]]) -> Any:
        """The glossary's sections: by stroke count of the converted terms, else by pinyin/letter."""
        return by_strokes(glossary, hant.to_hant) if self.converted else by_letter(glossary, self.lang)

    def finish(self, rendered: Any, final: Iterable[str] = ()) -> None:
        """Make what was rendered in Simplified characters Traditional (in place): its text files (but
        the ``final`` ones, written converted), page titles, navigation, footer and search words."""
        if not self.converted:
            return
        final = set(final)
        paths = [*(p.path for p in rendered.pages), *rendered.files]
        hant.convert_files(rendered.out_dir, [p for p in paths if p not in final])
        rendered.pages = [type(p)(p.path, hant.to_site(p.title), p.source) for p in rendered.pages]
        rendered.nav = hant.convert_tree(rendered.nav)
        rendered.footer = hant.convert_tree(rendered.footer)
        rendered.search_words = [hant.to_site(word) for word in rendered.search_words]


class SiteBuild:
    """What the editions of one build share, each part made once, when first asked for.

    ``with SiteBuild(root) as build:`` opens it; :meth:`current` is the innermost open build. The
    staged runtime lives in the build's temporary folder, removed when the block ends.
    """

    _current: ClassVar[SiteBuild | None] = None

    def __init__(self, root: Path, policies_dir: Path | None = None, *, node_steps: bool = True) -> None:
        self.root = root
        # False under ``mkdocs serve`` (:mod:`policy_explorer.serving`): the runtime is bundled without
        # the start-up snapshot and the trimmed library, each remade in Node (5-30 s) on every data
        # change; the worker then starts Pyodide itself with its whole library.
        self.node_steps = node_steps
        self.policies_dir = policies_dir or root / "policies"
        self._folder: Path | None = None
        self._outer: SiteBuild | None = None
        self._views: dict[dt.date, SiteView] = {}
        self._templates: dict[str, Path] = {}
        self.runtime_carried = False  # an edition of this build holds the runtime's copy

    def __enter__(self) -> SiteBuild:
        self._folder = Path(tempfile.mkdtemp(prefix="policy-explorer-build-"))
        self._outer, SiteBuild._current = SiteBuild._current, self
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        SiteBuild._current = self._outer
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    @classmethod
    def current(cls) -> SiteBuild | None:
        """The innermost open build, if any."""
        return cls._current

    def serves(self, root: Path, policies_dir: Path) -> bool:
        """Whether this build is of the site at ``root`` with the data in ``policies_dir``."""
        return self.root.resolve() == root.resolve() and (
            self.policies_dir.resolve() == policies_dir.resolve()
        )

    def templates(self, custom: Path | None) -> Path:
        """The templates folder of a site whose own templates are in ``custom`` (the package's
        defaults with them laid over, :func:`.templates.site_templates`), merged once per build."""
        key = str(custom.resolve()) if custom is not None else ""
        if key not in self._templates:
            self._templates[key] = site_templates(
                custom, self._own_folder() / f"templates-{len(self._templates)}"
            )
        return self._templates[key]

    def _own_folder(self) -> Path:
        if self._folder is None:
            raise RuntimeError("a SiteBuild writes into its folder only while open: use `with SiteBuild(…)`")
        return self._folder

    @functools.cached_property
    def data(self) -> dict[str, Any]:
        """The compiled data (validated; raises ``DataError``)."""
        return compiled(self.policies_dir)

    @functools.cached_property
    def fingerprint(self) -> str:
        """The data's short digest: names this exact data (the footer, the calculator's printout)."""
        return fingerprint(self.policies_dir)[:12]

    @functools.cached_property
    def glossary(self) -> list[dict[str, Any]]:
        return load_glossary(self.policies_dir / "glossary.yaml")

    @functools.cached_property
    def history(self) -> list[Any]:
        """Policy changes from git, one revision per day (newest first); [] without usable history."""
        from ..history.gitlog import history

        if not (self.root / ".git").exists():
            return []
        return history(self.root, limit=HISTORY_LIMIT, by_day=True)

    def view(self, on: dt.date) -> SiteView:
        """The site's view of the data, statuses as of ``on``."""
        if on not in self._views:
            self._views[on] = build_view(self.data, on)
        return self._views[on]

    @functools.cached_property
    def runtime(self) -> Runtime:
        """The calculator's browser runtime for this data, staged in the build's folder."""
        folder = self._own_folder() / "runtime-stage"
        folder.mkdir(exist_ok=True)
        # The site's npm tools, else this checkout's; never a folder in the installed package (a missing
        # runtime is named in the site's own folder).
        own = self.root / "tools" / "node"
        tools = NODE_TOOLS if not own.is_dir() and NODE_TOOLS.is_dir() else own
        try:
            return bundle(self.data, folder, tools=tools, snapshot=self.node_steps, trim=self.node_steps)
        except BundleError as exc:
            raise RenderError(str(exc)) from None

    @property
    def runtime_folder(self) -> Path:
        """Where :attr:`runtime` is staged (its files are under ``runtime/``)."""
        self.runtime  # noqa: B018 (staged first)
        return self._own_folder() / "runtime-stage"


def compiled(policies_dir: Path) -> dict[str, Any]:
    """The compiled data for ``policies_dir``, validated, its worked examples checked (raises
    ``DataError``): a page never shows a formula its example refutes."""
    data = compile_policies(policies_dir)
    problems = check_examples(policies_dir, data)
    if problems:
        raise DataError(problems)
    return data
