"""The validity timeline: one bar per policy from its first to its last day, drawn as SVG at build time.

The SVG is a picture (``role="img"`` with a title and description); the page lists the same dates
in a table, so nothing is known only from the drawing. Drafts have no dates and are listed apart.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from .view import PolicyView, SiteView

WIDTH = 960
LABEL_W = 330
ROW_H = 26
TOP = 34
COLOURS = {"in_force": "#2e7d32", "expired": "#9e9e9e", "not_yet_in_force": "#1565c0"}


def _x(day: dt.date, first: dt.date, last: dt.date) -> float:
    span = (last - first).days or 1
    return LABEL_W + (WIDTH - LABEL_W - 16) * (day - first).days / span


def dated(view: SiteView) -> list[PolicyView]:
    """Policies with a first day, ordered by it (drafts and undated summaries are left out)."""
    return sorted(
        (p for p in view.policies if p.start and p.status != "draft"), key=lambda p: (p.start, p.id)
    )


def svg(view: SiteView, lang: str, strings: dict[str, dict[str, str]]) -> Markup:
    """The timeline as an inline ``<svg>`` element (all text escaped)."""
    rows = dated(view)
    if not rows:
        return Markup("")
    starts = [dt.date.fromisoformat(p.start) for p in rows]
    ends = [dt.date.fromisoformat(p.end) for p in rows if p.end]
    first = dt.date(min([*starts, view.on]).year, 1, 1)
    last = dt.date(max([*ends, view.on]).year + 1, 1, 1)
    height = TOP + ROW_H * len(rows) + 12
    title = strings["timeline"][lang]
    desc = f"{strings['as_of'][lang]} {view.on.isoformat()}"
    out = [
        f'<svg class="pe-timeline" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="pe-tl-title pe-tl-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="pe-tl-title">{escape(title)}</title><desc id="pe-tl-desc">{escape(desc)}</desc>',
    ]
    for year in range(first.year, last.year + 1):
        x = _x(dt.date(year, 1, 1), first, last)
        out.append(f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 8}" class="pe-tl-grid"/>')
        if year < last.year:
            out.append(f'<text x="{x + 4:.1f}" y="{TOP - 14}" class="pe-tl-year">{year}</text>')
    for i, policy in enumerate(rows):
        y = TOP + i * ROW_H
        start = dt.date.fromisoformat(policy.start)
        end = dt.date.fromisoformat(policy.end) if policy.end else last
        x1, x2 = _x(start, first, last), _x(end + dt.timedelta(days=1), first, last)
        name = f"{policy.jurisdiction['name'][lang]} · {policy.short_title[lang]}"
        label = f"{name}: {policy.start} – {policy.end or strings['open_ended'][lang]}"
        out.append(
            f'<text x="{LABEL_W - 8}" y="{y + 16}" text-anchor="end" class="pe-tl-label">'
            f"{escape(name)}</text>"
            f'<rect x="{x1:.1f}" y="{y + 4}" width="{max(x2 - x1, 2):.1f}" height="{ROW_H - 9}" rx="3" '
            f'fill="{COLOURS[policy.status]}" class="pe-tl-bar"><title>{escape(label)}</title></rect>'
        )
    x = _x(view.on, first, last)
    out.append(
        f'<line x1="{x:.1f}" y1="{TOP - 10}" x2="{x:.1f}" y2="{height - 4}" class="pe-tl-today"/>'
        f'<text x="{x + 3:.1f}" y="{height - 2}" class="pe-tl-today-label">'
        f"{escape(view.on.isoformat())}</text>"
    )
    out.append("</svg>")
    return Markup("".join(out))
