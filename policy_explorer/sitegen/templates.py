"""The templates a site is rendered with: the package's defaults, overridden file by file by the site's own.

The distribution carries every default (``policy_explorer/defaults/``: page templates, ``strings.yaml``,
CSS/JS, the service worker and the Material overrides in ``overrides/``). A site's own folder
(``site_templates/`` beside its ``mkdocs.yml``, or the plugin's ``templates`` option) holds only the
files it changes, as Material's ``custom_dir`` does: a file there replaces the default of the same
path, and its ``strings.yaml`` replaces the default strings key by key. The generator reads one
folder, so the two are laid into a folder of the build (``SiteBuild.templates``; the site's files win).
"""

from __future__ import annotations

import difflib
import shutil
import traceback
from pathlib import Path

import yaml

from ..yamlload import load_clean

LANGS = ("zh", "en")  # the data's languages: every text is a {zh, en} pair
# The editions a site is built in: one per data language, and zh-Hant converted from zh (.hant).
EDITIONS = (*LANGS, "zh-Hant")
DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"
STRINGS = "strings.yaml"
ORIGIN = ".policy-explorer-origin"  # in a merged folder: the site's own templates folder it was made from


class RenderError(Exception):
    """Something the generator needs is missing (one message saying what to do)."""


def text_lang(edition: str) -> str:
    """The data language an edition's texts are picked in: ``zh-Hant`` is converted from ``zh``."""
    return "zh" if edition == "zh-Hant" else edition


def load_strings(templates: Path = DEFAULTS) -> dict[str, dict[str, str]]:
    """The site's own words, ``{key: {"zh": …, "en": …}}``: each key has text in both languages.

    Raises :class:`RenderError` naming the file and line of an entry that is not exactly that, such
    as ``{zh: 万元, en: 万元 (CNY 10,000)}``, where the comma ends the English text at ``10``.
    """
    path = templates / "strings.yaml"
    loaded = load_clean(path, RenderError)
    if not isinstance(loaded.data, dict):
        raise RenderError(f"{path}:1: expected `key: {{zh: …, en: …}}` entries")
    for key, entry in loaded.data.items():
        if (
            not isinstance(entry, dict)
            or set(entry) != set(LANGS)
            or not all(isinstance(text, str) and text.strip() for text in entry.values())
        ):
            raise RenderError(
                f"{path}:{loaded.line((key,))}: `{key}` must be {{zh: …, en: …}} with text in both, "
                f"found {entry!r}; quote a text that holds a comma, colon or brace"
            )
    return loaded.data


def _has_files(custom: Path | None) -> bool:
    return custom is not None and custom.is_dir() and any(p.is_file() for p in custom.rglob("*"))


def site_strings(custom: Path | None) -> dict[str, dict[str, str]]:
    """The site's strings: the defaults, each replaced by ``custom``'s ``strings.yaml`` where it has one.

    Each file is checked on its own by :func:`load_strings`, which names its line; only then are they
    merged, so an error never points into a merged copy.
    """
    strings = load_strings(DEFAULTS)
    if custom is not None and (custom / STRINGS).is_file():
        own = load_strings(custom)
        _known_keys(custom / STRINGS, own, strings)
        strings = strings | own
    return strings


def _known_keys(path: Path, own: dict[str, dict[str, str]], defaults: dict[str, dict[str, str]]) -> None:
    """A site string the defaults do not have is a typo (it would be ignored): name it, its line and
    the closest known key."""
    for key in own:
        if key not in defaults:
            line = load_clean(path, RenderError).line((key,))
            close = difflib.get_close_matches(key, list(defaults), n=1)
            hint = f"did you mean `{close[0]}`?" if close else "see the package's defaults/strings.yaml"
            raise RenderError(
                f"{path}:{line}: unknown key `{key}` ({hint}); every key is one of the defaults'"
            )


def site_templates(custom: Path | None, into: Path) -> Path:
    """The folder to render from: the defaults, with ``custom``'s files laid over them in ``into`` (a
    folder the caller owns: :meth:`.build.SiteBuild.templates` gives one that ends with the build).

    ``custom`` may be missing or empty: the defaults are used as they are (``into`` is not written).
    """
    if not _has_files(custom):
        return DEFAULTS
    assert custom is not None
    strings = site_strings(custom)
    shutil.copytree(DEFAULTS, into, dirs_exist_ok=True)
    shutil.copytree(custom, into, dirs_exist_ok=True)
    (into / STRINGS).write_text(yaml.safe_dump(strings, allow_unicode=True, sort_keys=True), encoding="utf-8")
    (into / ORIGIN).write_text(str(custom.resolve()), encoding="utf-8")
    return into


def origin(path: Path) -> Path:
    """The file a user edits for ``path`` in a merged templates folder (its ``ORIGIN`` file names the
    site's own folder): the site's own file where it has one, else the package's default, never the
    merged copy. Any other path is returned as it is."""
    for folder in path.parents:
        marker = folder / ORIGIN
        if marker.is_file():
            custom, relative = Path(marker.read_text(encoding="utf-8")), path.relative_to(folder)
            return custom / relative if (custom / relative).is_file() else DEFAULTS / relative
    return path


def template_error(exc: Exception) -> RenderError:
    """A Jinja error as one message: the user's template file and line, and what is wrong."""
    return template_fault(exc) or RenderError(f"a template failed: {_what(exc)}")


def template_fault(exc: Exception) -> RenderError | None:
    """The error ``exc`` raised while a template rendered, as one message naming the user's template
    file and line (a syntax error's own, else the template's innermost frame in the traceback: the
    line whose filter or function raised); None when no template line is to blame."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not (filename and line):  # a runtime error: the template's own frame in the traceback
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".j2", ".html"))]
        if not frames:
            return None
        filename, line = frames[-1].filename, frames[-1].lineno
    return RenderError(f"{origin(Path(filename))}:{line}: {_what(exc)}")


def _what(exc: Exception) -> str:
    """What went wrong: Jinja's own message, else the exception raised by a filter or function the
    template called (its type too: ``AttributeError: 'Decimal' object has no attribute …``)."""
    import jinja2

    if isinstance(exc, jinja2.TemplateError):
        return exc.message or str(exc)
    return f"{type(exc).__name__}: {exc} (raised by a filter or function this line calls)"


def overrides(custom: Path | None) -> list[Path]:
    """The Material override folders, the site's first: put before the theme's own in its search path."""
    own = custom / "overrides" if custom is not None else None
    return [*([own] if own is not None and own.is_dir() else []), DEFAULTS / "overrides"]
