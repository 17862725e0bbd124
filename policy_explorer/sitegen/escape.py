"""Escaping for data shown on generated pages: policy texts are always shown as text.

Templates are rendered with HTML autoescaping on, so every value is HTML-escaped by default
(``<script>`` becomes ``&lt;script&gt;``). In Markdown contexts the :func:`md` filter also
backslash-escapes what Markdown would read as syntax (emphasis, links, tables, attribute lists,
a list or heading marker at the start of a line), so a title such as ``*x* | [y](z)`` stays literal.
In front matter the :func:`front_matter` filter quotes the value for YAML.
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup, escape

from ..urls import href, problem

# Characters Python-Markdown (with the tables and attr_list extensions) treats as syntax inline.
_INLINE = re.compile(r"([\\`*_{}\[\]|!#])")
# At the start of a line: list items (1. - +), quotes (> is HTML-escaped already), headings (#).
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])", re.MULTILINE)


def md(value: object) -> Markup:
    """``value`` as inline Markdown text: HTML-escaped, Markdown syntax backslash-escaped.

    Quotes stay as they are (they are not markup in text, and Markdown's table of contents would
    escape an entity a second time).
    """
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}" if m[2] else f"{m[4]}\\{m[5]}", text)
    return Markup(text)


def front_matter(value: object) -> Markup:
    """``value`` as a YAML front-matter scalar: HTML-escaped, then quoted (a JSON string is YAML).

    Unquoted, a title holding ``: `` or ``{`` would end the front matter's YAML, and MkDocs would then
    render the front matter as Markdown. The HTML escaping stays: themes print titles unescaped.
    """
    text = "" if value is None else str(value)
    return Markup(json.dumps(str(escape(" ".join(text.split()))), ensure_ascii=False))


def front_matter_list(items: object) -> Markup:
    """``items`` as a YAML front-matter list (a JSON array is YAML), each HTML-escaped: Material
    indexes page ``tags`` for search as they are, and its results insert them as markup
    (``innerHTML``), so a term holding ``<img onerror=…>`` ran in every reader's search."""
    return Markup(
        json.dumps([html.escape(" ".join(str(i).split())) for i in items or []], ensure_ascii=False)
    )


def md_lines(value: object) -> Markup:
    """Multi-line text as Markdown paragraphs, each escaped with :func:`md`."""
    lines = [line.strip() for line in str(value or "").splitlines()]
    return Markup("\n\n").join(md(line) for line in lines if line)


def table_cell(value: object) -> Markup:
    """Text for a Markdown table cell: :func:`md` with line breaks folded to spaces."""
    return md(" ".join(str(value or "").split()))


def link(url: object, text: object | None = None) -> Markup:
    """An ``<a>`` for a data URL showing ``text`` (the address itself by default), as inline HTML.

    Never Markdown link syntax: the address is checked (:func:`policy_explorer.urls.problem`) and
    percent-encoded, the text Markdown-escaped. An address the check refuses is shown as text, unlinked.
    """
    shown = md(url if text is None else text)
    if problem(url) is not None:
        return shown
    return Markup('<a href="{}">{}</a>').format(href(str(url)), shown)


def url_attribute(url: object) -> str:
    """A data URL for an ``href`` a template writes (autoescaped); "" when refused: it links nowhere."""
    return "" if problem(url) is not None else href(str(url))
