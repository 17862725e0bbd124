"""The ``policy-explorer`` plugin's options, each with its description as an attribute docstring.

The docstrings are the reference: :func:`options` reads them (with each option's type and default),
and ``tests/test_plugin_config.py`` checks that the option tables in the README and in the package's
guide (``policy_explorer/docs/PLUGIN.md``) say exactly this, both ways. A table cell holds one
paragraph, so a docstring here is one paragraph without ``|``.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import inspect
import itertools
from dataclasses import dataclass
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..sitegen.templates import EDITIONS

# The options every edition of one site must agree on (an edition that sets one differently from the
# root edition stops the build): they name the one data set, template folder and runtime of the site.
SHARED = ("policies", "templates", "languages", "build_date", "history", "runtime", "pyodide_url")


class _Date(c.BaseConfigOption[str]):
    """A day written YYYY-MM-DD (MkDocs names the option in its message when it is not one)."""

    def run_validation(self, value: object) -> str:
        text = str(value)  # YAML reads 2026-06-01 as a date
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise c.ValidationError(f"`{text}` is not a date: write YYYY-MM-DD") from None
        return text


class PolicyExplorerConfig(base.Config):
    """Options of ``plugins: {policy-explorer: …}`` in ``mkdocs.yml`` (each edition inherits them)."""

    policies = c.Dir(exists=True, default="policies")
    """The policies folder (documents, vocabularies, sources), relative to the config file; it must exist.
    Every edition reads the same one.
    """

    templates = c.Type(str, default="site_templates")
    """The site's own templates, strings and Material overrides: a file there replaces the package's default
    of the same path (`policy_explorer/defaults/`), `strings.yaml` key by key. It may be missing.
    """

    lang = c.Optional(c.Choice(EDITIONS))
    """Not needed: each edition's language is its `theme.language` (`zh-Hans` or `zh`: `zh`; `en`: `en`;
    `zh-HK`, `zh-TW` or `zh-Hant`: `zh-Hant`, the `zh` edition converted with OpenCC). Set it only for a
    theme language outside those; one that contradicts `theme.language` stops the build.
    """

    languages = c.DictOfItems(c.Type(str), default={"zh": "", "en": "en/"})
    """Where each edition lives, from the site's root (`""` for the root edition): the language switch links
    each page to the same page there. Every edition needs one, and every edition's config must give the
    same.
    """

    editions = c.DictOfItems(c.File(exists=True), default={})
    """The other editions' MkDocs configs (`{en: mkdocs.en.yml}`), each built by the root edition into its
    folder of `languages` after it, with its own search index and navigation (an edition's config starts
    with `INHERIT: mkdocs.yml`, so it writes only what differs). Under `mkdocs serve` only those named in
    `$POLICY_EXPLORER_SERVE_EDITIONS` (`en,zh-Hant`, or `all`; none by default).
    """

    build_date = c.Optional(_Date())
    """The day statuses are computed for, `YYYY-MM-DD`; none: `$POLICY_EXPLORER_BUILD_DATE`, else the day of
    the build.
    """

    history = c.Type(bool, default=True)
    """Read the git history of `policies/documents/` for the home page's recent changes, the changes page and
    the feeds (`false`, or no `.git` beside the config: none).
    """

    edit_base = c.Optional(c.Type(str))
    """"Edit this page": this URL followed by the path of the file a page comes from (the YAML of a generated
    page, `content/<lang>/…` of a hand-written one), on any forge. None or empty: no edit links. `!ENV
    [POLICY_EXPLORER_EDIT_BASE, "…"]` lets CI pick the forge.
    """

    runtime = c.Type(bool, default=True)
    """Bundle the calculator's browser runtime (Pyodide and a wheel of the engine with the compiled data,
    `runtime/` at the site's root). It needs the pinned npm package `pyodide` in `tools/node/` beside the
    config: `policy-explorer runtime` installs it there. `false`: the calculator page shows its build-time
    example and says the browser calculator is off.
    """

    pyodide_url = c.Optional(c.URL())
    """Load Pyodide's core files from this address (a CDN) instead of the site's own copy; their SHA-256
    values, taken from the local package, still apply, and the page's CSP allows that host (which must
    send CORS headers). None: the site's own copy, which readers in mainland China need.
    """

    precompress = c.Type(bool, default=True)
    """Root edition: once the whole site is written, put `X.br` (brotli 11) and `X.gz` (gzip 9) beside every
    text and wasm file, for hosts that serve them as they are (nginx's `brotli_static`/`gzip_static`,
    Caddy's `precompressed`). Never under `mkdocs serve`.
    """


@dataclass(frozen=True)
class Option:
    """One option as the reference tables show it."""

    name: str
    type: str
    default: str
    description: str


def options() -> list[Option]:
    """Every option, in the order of :class:`PolicyExplorerConfig`, with its attribute docstring."""
    docs = _docstrings()
    return [
        Option(name, _type_text(option), _default_text(option.default), " ".join(docs[name].split()))
        for name, option in PolicyExplorerConfig._schema
    ]


def unknown_option(key: str) -> str:
    """The message for an option the plugin does not have, naming the closest one."""
    names = [name for name, _ in PolicyExplorerConfig._schema]
    close = difflib.get_close_matches(key, names, n=1)
    hint = f"did you mean `{close[0]}`?" if close else f"the options are {', '.join(names)}"
    return f"unknown option ({hint})"


def _docstrings() -> dict[str, str]:
    """Each option's attribute docstring (the string right after its assignment)."""
    tree = ast.parse(inspect.getsource(PolicyExplorerConfig))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.Assign)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.targets[0].id] = following.value.value  # type: ignore[attr-defined]
    return docs


def _type_text(option: c.BaseConfigOption[Any]) -> str:
    """The option's type in the reader's words."""
    inner = option.option if isinstance(option, c.Optional) else option
    if isinstance(inner, c.Dir):
        text = "folder"
    elif isinstance(inner, c.DictOfItems):
        text = "language → " + ("config file" if isinstance(inner.option_type, c.File) else "folder")
    elif isinstance(inner, c.Choice):
        text = " or ".join(f"`{choice}`" for choice in inner.choices)
    elif isinstance(inner, c.URL):
        text = "URL"
    elif isinstance(inner, _Date):
        text = "date"
    elif isinstance(inner, c.Type):
        text = {bool: "boolean", str: "string"}[inner._type]  # type: ignore[index]
    else:  # a new kind of option: name it here
        raise TypeError(f"no type text for {type(inner).__name__}")
    return text


def _default_text(value: object) -> str:
    """The default as it is written in YAML: ``true``, ``policies``, ``{zh: "", en: en/}``, none."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        items = ", ".join(f"{k}: {_default_text(v) if v else chr(34) * 2}" for k, v in value.items())
        return "{" + items + "}"
    return str(value)
