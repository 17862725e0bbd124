"""Content-Security-Policy for a built page: this host only, plus hashes of the page's own inline code.

Static hosts (GitHub Pages among them) cannot send headers, so the policy travels in the page as
``<meta http-equiv="Content-Security-Policy">``, placed before the first script it governs. The page's
inline scripts (Material's few lines of start-up) are allowed by their SHA-256, and so are its inline
style attributes (Markdown's ``text-align`` in table cells), through ``'unsafe-hashes'``: nothing else
inline runs or applies, so markup that slipped into the data could not execute either.
``'wasm-unsafe-eval'`` is the one exception Pyodide needs; no ``eval``.

A meta policy cannot carry ``frame-ancestors`` (the widget is meant to be framed anywhere) nor govern
a worker, which takes the policy of its own response: :data:`WORKER_POLICY` is the one to send with
the site's files where a host allows headers (the browser tests serve every file with it).
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

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


WORKER_POLICY = _serialize(BASE)


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


def policy(html: str, origins: tuple[str, ...] = ()) -> str:
    """The policy for one page: :data:`BASE`, its inline code's hashes, and ``origins`` for the runtime."""
    found = _InlineCode()
    found.feed(html)
    found.close()
    directives = {name: list(values) for name, values in BASE.items()}
    directives["script-src"] += sorted(set(map(_sha256, found.scripts)))
    if found.styles:
        directives["style-src"] += ["'unsafe-hashes'", *sorted(set(map(_sha256, found.styles)))]
    for name in ("script-src", "connect-src", "worker-src"):
        directives[name] += origins
    return _serialize(directives)


def origin(url: str | None) -> tuple[str, ...]:
    """The origin of an absolute URL (a configured Pyodide address), or nothing for a local path."""
    parts = urlsplit(url or "")
    return (f"{parts.scheme}://{parts.netloc}",) if parts.scheme and parts.netloc else ()


_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def protect(html: str, origins: tuple[str, ...] = ()) -> str:
    """The page with its policy as the first thing after ``<meta charset>`` (or ``<head>``)."""
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html  # not a document (a fragment or a redirect stub): nothing to govern
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, origins)}">'
    return html[: anchor.end()] + meta + html[anchor.end() :]
