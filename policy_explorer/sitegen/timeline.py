"""The validity timeline: one bar per policy from its first to its last day, drawn as SVG at build time.

The SVG is a picture (``role="img"`` with a title and description); the page lists the same dates
in a table, so nothing is known only from the drawing. Drafts have no dates and are listed apart.

It has no ``viewBox``: a scaled drawing shrinks its text with the column (a 960-unit drawing in a
phone's 350 px column set 12 px labels at 4 px). Horizontal positions are percentages of the width
the page gives it and everything vertical is in pixels, so labels keep the stylesheet's size at
every width. Each policy's label (its short title, which names its place; the bar's tooltip and the
table below give the jurisdiction in full) sits on its own line above its bar, where a phone has
room for it.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from .view import PolicyView, SiteView

LABEL_H = 18  # the label's line (text 13 px, site.css)
BAR_H = 12
ROW_H = LABEL_H + BAR_H + 10
TOP = 26  # the year labels
COLOURS = {"in_force": "#2e7d32", "expired": "#9e9e9e", "not_yet_in_force": "#1565c0"}
# The text of a last day that is no date: 长期有效, or none stated (the bar runs to the drawing's edge).
NO_END = {"open_ended": "until_open_ended", "not_stated": "open_ended"}


def _x(day: dt.date, first: dt.date, last: dt.date) -> float:
    """The day's position, as a percentage of the drawing's width."""
    span = (last - first).days or 1
    return 100 * (day - first).days / span


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
    height = TOP + ROW_H * len(rows) + 18
    title = strings["timeline"][lang]
    desc = f"{strings['as_of'][lang]} {view.on.isoformat()}"
    out = [
        f'<svg class="pe-timeline" width="100%" height="{height}" role="img" '
        f'aria-labelledby="pe-tl-title pe-tl-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="pe-tl-title">{escape(title)}</title><desc id="pe-tl-desc">{escape(desc)}</desc>',
    ]
    for year in range(first.year, last.year + 1):
        x = _x(dt.date(year, 1, 1), first, last)
        out.append(
            f'<line x1="{x:.2f}%" y1="{TOP - 16}" x2="{x:.2f}%" y2="{height - 16}" class="pe-tl-grid"/>'
        )
        if year < last.year:
            out.append(f'<text x="{x:.2f}%" dx="4" y="{TOP - 6}" class="pe-tl-year">{year}</text>')
    for i, policy in enumerate(rows):
        y = TOP + i * ROW_H
        start = dt.date.fromisoformat(policy.start)
        end = dt.date.fromisoformat(policy.end) if policy.end else last
        x1, x2 = _x(start, first, last), _x(end + dt.timedelta(days=1), first, last)
        name = f"{policy.jurisdiction['name'][lang]} · {policy.short_title[lang]}"
        no_end = strings[NO_END.get(policy.validity.get("until") or "not_stated", "open_ended")][lang]
        label = f"{name}: {policy.start} – {policy.end or no_end}"
        out.append(
            f'<text x="2" y="{y + LABEL_H - 4}" class="pe-tl-label">'
            f"{escape(policy.short_title[lang])}</text>"
            f'<rect x="{x1:.2f}%" y="{y + LABEL_H}" width="{max(x2 - x1, 0.4):.2f}%" height="{BAR_H}" '
            f'rx="3" fill="{COLOURS[policy.status]}" class="pe-tl-bar"><title>{escape(label)}</title></rect>'
        )
    x = _x(view.on, first, last)
    anchor = "end" if x > 50 else "start"
    out.append(
        f'<line x1="{x:.2f}%" y1="{TOP - 18}" x2="{x:.2f}%" y2="{height - 14}" class="pe-tl-today"/>'
        f'<text x="{x:.2f}%" dx="{-4 if anchor == "end" else 4}" y="{height - 2}" text-anchor="{anchor}" '
        f'class="pe-tl-today-label">{escape(view.on.isoformat())}</text>'
    )
    out.append("</svg>")
    return Markup("".join(out))
