"""Content-Security-Policy for a built page: this host only, plus hashes of the templates' inline code.

Static hosts (GitHub Pages among them) cannot send headers, so the policy travels in the page as
``<meta http-equiv="Content-Security-Policy">``, placed before the first script it governs. Inline
scripts are allowed by their SHA-256 only when a theme template writes them (Material's few lines
of start-up): :class:`TemplateScripts` takes them from the templates' sources and renders them with
the page's own context. Hashing whatever the finished page holds would allow a script that slipped
in through the data too. Style attributes follow the same rule: only a ``style="…"`` a template
writes literally is allowed (by its hash, through ``'unsafe-hashes'``); Markdown's table alignment
is written as ``align`` (the plugin sets the tables extension so), so the pages need none of their own.
``'wasm-unsafe-eval'`` is the one exception Pyodide needs; no ``eval``.

A meta policy cannot carry ``frame-ancestors`` (the widget is meant to be framed anywhere) nor govern
a worker, which takes the policy of its own response: :data:`WORKER_POLICY` is the one to send with
the site's files where a host allows headers (the browser tests serve every file with it).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import jinja2

# Directives every page gets; the page's hashes and any configured runtime origin are added to them.
BASE: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),  # Material's icons are data: URIs in its stylesheet
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "frame-src": ("'self'",),  # the embed page's live demo
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'none'",),
    "form-action": ("'none'",),
}


def _serialize(directives: dict[str, tuple[str, ...] | list[str]]) -> str:
    """Directives in the policy's text form: ``name source source; name source``."""
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


# Workers also import modules from blob: URLs: the calculator's worker runs Pyodide's core modules
# from the very bytes it checked against their SHA-256 (importing the URL would fetch them again).
# Pages do not: a page's policy never allows blob: scripts.
WORKER_POLICY = _serialize({**BASE, "script-src": (*BASE["script-src"], "blob:")})


class _InlineCode(HTMLParser):
    """Collects the text of inline scripts (not data blocks) and the values of style attributes."""

    DATA_TYPES = frozenset({"application/json", "application/ld+json", "importmap"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("style"):
            self.styles.append(a["style"] or "")
        if tag == "script" and "src" not in a and (a.get("type") or "").lower() not in self.DATA_TYPES:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script (not data block) in ``html``."""
    found = _InlineCode()
    found.feed(html)
    found.close()
    return found.scripts


def policy(
    html: str, origins: tuple[str, ...] = (), allowed: Iterable[str] = (), styles: Iterable[str] = ()
) -> str:
    """The policy for one page: :data:`BASE`, hashes of the inline scripts in ``allowed`` and of the
    style attributes in ``styles`` that the page holds (others stay blocked), and ``origins``."""
    found = _InlineCode()
    found.feed(html)
    found.close()
    directives = {name: list(values) for name, values in BASE.items()}
    trusted = set(allowed)
    directives["script-src"] += sorted({_sha256(s) for s in found.scripts if s in trusted})
    kept = set(styles).intersection(found.styles)
    if kept:  # only what a template wrote: a style the data slipped in stays blocked
        directives["style-src"] += ["'unsafe-hashes'", *sorted(map(_sha256, kept))]
    for name in ("script-src", "connect-src", "worker-src"):
        directives[name] += origins
    return _serialize(directives)


_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.DOTALL | re.IGNORECASE)
# A literal style attribute in a template's source (one holding template code is not literal).
_STYLE = re.compile(r"""\sstyle=(?:"([^"{}%]*)"|'([^'{}%]*)')""", re.IGNORECASE)


class TemplateScripts:
    """The inline scripts the theme's templates write, each a small template of its own.

    Taken once from the sources of every ``.html`` template the environment can load (Material's
    and this site's overrides); :meth:`for_page` renders them with a page's template context
    (``base_url`` differs by page depth), which gives exactly the texts the page's template wrote.
    """

    def __init__(self, env: jinja2.Environment) -> None:
        self.templates: list[jinja2.Template] = []
        self.styles: set[str] = set()  # the style attributes the templates write literally
        for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
            source = env.loader.get_source(env, name)[0] if env.loader else ""
            self.styles.update(a or b for a, b in _STYLE.findall(source))
            for attrs, body in _SCRIPT.findall(source):
                if "src=" in attrs or re.search(r"type=\S*(json|importmap)", attrs) or not body.strip():
                    continue
                try:
                    self.templates.append(env.from_string(body))
                except jinja2.TemplateSyntaxError:
                    continue  # not a whole template on its own: its script stays blocked

    def for_page(self, context: Mapping[str, Any]) -> frozenset[str]:
        """The script texts the templates write with ``context`` (a page's or a theme template's)."""
        texts = set()
        for template in self.templates:
            try:
                texts.add(template.render(context))
            except jinja2.TemplateError:
                continue
        return frozenset(texts)


def origin(url: str | None) -> tuple[str, ...]:
    """The origin of an absolute URL (a configured Pyodide address), or nothing for a local path."""
    parts = urlsplit(url or "")
    return (f"{parts.scheme}://{parts.netloc}",) if parts.scheme and parts.netloc else ()


_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def protect(
    html: str, origins: tuple[str, ...] = (), allowed: Iterable[str] = (), styles: Iterable[str] = ()
) -> str:
    """The page with its policy as the first thing after ``<meta charset>`` (or ``<head>``).

    ``allowed``: the inline scripts the templates wrote (:meth:`TemplateScripts.for_page`);
    ``styles``: the style attributes they write (:attr:`TemplateScripts.styles`)."""
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html  # not a document (a fragment or a redirect stub): nothing to govern
    content = policy(html, origins, allowed, styles)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return html[: anchor.end()] + meta + html[anchor.end() :]
