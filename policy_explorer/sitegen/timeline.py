"""The validity timeline: one bar per policy from its first to its last day, drawn as SVG at build time.

The SVG is a picture (``role="img"`` with a title and description); the page lists the same dates
in a table, so nothing is known only from the drawing. Drafts have no dates and are listed apart.

It has no ``viewBox``: a scaled drawing shrinks its text with the column (a 960-unit drawing in a
phone's 350 px column set 12 px labels at 4 px). Horizontal positions are percentages of the width
the page gives it and everything vertical is in pixels, so labels keep the stylesheet's size at
every width. Each policy's label (its short title, which names its place; the bar's tooltip and the
table below give the jurisdiction in full) sits on its own line above its bar, where a phone has
room for it.

Status is never told by colour alone: a bar in force is solid, one ending within the home page's
"expiring soon" window (:data:`EXPIRING_DAYS`, as of the build date) is hatched, an expired one is
thin, one not yet in force is an outline, and a draft (no dates) is a dashed outline from the build
date onwards with the word "draft" written in it. :func:`legend` explains each as drawn.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from .view import EXPIRING_DAYS, PolicyView, SiteView

LABEL_H = 18  # the label's line (text 13 px, site.css)
BAR_H = 12
ROW_H = LABEL_H + BAR_H + 10
TOP = 26  # the year labels
COLOURS = {
    "in_force": "#2e7d32",
    "expiring": "#e65100",
    "expired": "#757575",
    "not_yet_in_force": "#1565c0",
    "draft": "#8d5a00",
}
HATCH = "pe-tl-hatch"  # the expiring bars' pattern
DEFS = (
    f'<defs><pattern id="{HATCH}" width="6" height="6" patternUnits="userSpaceOnUse" '
    f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{COLOURS["expiring"]}"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>'
)
# The text of a last day that is no date: 长期有效, or none stated (the bar runs to the drawing's edge).
NO_END = {"open_ended": "until_open_ended", "not_stated": "open_ended"}


def _x(day: dt.date, first: dt.date, last: dt.date) -> float:
    """The day's position, as a percentage of the drawing's width."""
    span = (last - first).days or 1
    return 100 * (day - first).days / span


def kind(policy: PolicyView) -> str:
    """How the bar is drawn: its status, or "expiring" for one in force that ends within the window."""
    if policy.status == "in_force" and policy.days_left is not None and policy.days_left <= EXPIRING_DAYS:
        return "expiring"
    return policy.status


def _bar(kind: str, x: str, y: int, width: str, tip: str) -> str:
    """One bar (``x`` and ``width`` with their units), drawn so that its shape, not only its colour,
    tells its kind; ``tip`` is its tooltip."""
    colour, h, attrs = COLOURS[kind], BAR_H, ""
    if kind == "expiring":
        attrs = f'fill="url(#{HATCH})" stroke="{colour}" stroke-width="1"'
    elif kind == "expired":
        y, h, attrs = y + BAR_H // 4, BAR_H // 2, f'fill="{colour}"'
    elif kind == "not_yet_in_force":
        attrs = f'fill="#fff" fill-opacity="0.6" stroke="{colour}" stroke-width="2"'
    elif kind == "draft":  # taller, to hold its word
        h = BAR_H + 6
        attrs = f'fill="#fff" fill-opacity="0.6" stroke="{colour}" stroke-width="2" stroke-dasharray="5 3"'
    else:
        attrs = f'fill="{colour}"'
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect x="{x}" y="{y}" width="{width}" height="{h}" rx="3" {attrs} '
        f'class="pe-tl-bar pe-tl-bar--{kind}" data-kind="{kind}">{title}</rect>'
    )


def drafts(view: SiteView) -> list[PolicyView]:
    """Drafts for comment, drawn apart: they have no dates."""
    return sorted((p for p in view.policies if p.status == "draft"), key=lambda p: p.id)


def dated(view: SiteView) -> list[PolicyView]:
    """Policies with a first day, ordered by it (drafts and undated summaries are left out)."""
    return sorted(
        (p for p in view.policies if p.start and p.status != "draft"), key=lambda p: (p.start, p.id)
    )


def svg(view: SiteView, lang: str, strings: dict[str, dict[str, str]]) -> Markup:
    """The timeline as an inline ``<svg>`` element (all text escaped)."""
    rows, unsure = dated(view), drafts(view)
    if not rows and not unsure:
        return Markup("")
    starts = [dt.date.fromisoformat(p.start) for p in rows] or [view.on]
    ends = [dt.date.fromisoformat(p.end) for p in rows if p.end]
    first = dt.date(min([*starts, view.on]).year, 1, 1)
    last = dt.date(max([*ends, view.on]).year + 1, 1, 1)
    height = TOP + ROW_H * (len(rows) + len(unsure)) + 18
    title = strings["timeline"][lang]
    desc = f"{strings['as_of'][lang]} {view.on.isoformat()}"
    out = [
        f'<svg class="pe-timeline" width="100%" height="{height}" role="img" '
        f'aria-labelledby="pe-tl-title pe-tl-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="pe-tl-title">{escape(title)}</title><desc id="pe-tl-desc">{escape(desc)}</desc>',
        DEFS,
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
        drawn = kind(policy)
        if drawn == "expiring":
            label += (
                f" ({strings['status_expiring'][lang]})"
                if lang == "en"
                else f"（{strings['status_expiring'][lang]}）"
            )
        out.append(
            f'<text x="2" y="{y + LABEL_H - 4}" class="pe-tl-label">'
            f"{escape(policy.short_title[lang])}</text>"
            + _bar(drawn, f"{x1:.2f}%", y + LABEL_H, f"{max(x2 - x1, 0.4):.2f}%", label)
        )
    x = _x(view.on, first, last)
    for i, policy in enumerate(unsure, start=len(rows)):
        y = TOP + i * ROW_H
        name = f"{policy.jurisdiction['name'][lang]} · {policy.short_title[lang]}"
        word = strings["status_draft"][lang]
        out.append(
            f'<text x="2" y="{y + LABEL_H - 4}" class="pe-tl-label">'
            f"{escape(policy.short_title[lang])}</text>"
            + _bar(
                "draft", f"{x:.2f}%", y + LABEL_H, f"{99.7 - x:.2f}%", f"{name}: {strings['tl_draft'][lang]}"
            )
            + f'<text x="{x:.2f}%" dx="8" y="{y + LABEL_H + BAR_H + 2}" class="pe-tl-draft">'
            f"{escape(word)}</text>"
        )
    anchor = "end" if x > 50 else "start"
    out.append(
        f'<line x1="{x:.2f}%" y1="{TOP - 18}" x2="{x:.2f}%" y2="{height - 14}" class="pe-tl-today"/>'
        f'<text x="{x:.2f}%" dx="{-4 if anchor == "end" else 4}" y="{height - 2}" text-anchor="{anchor}" '
        f'class="pe-tl-today-label">{escape(view.on.isoformat())}</text>'
    )
    out.append("</svg>")
    return Markup("".join(out))


def legend(view: SiteView, lang: str, strings: dict[str, dict[str, str]]) -> Markup:
    """What each kind of bar drawn means, each beside a swatch drawn as its bars are; and the line
    of the build date. Empty when nothing is drawn."""
    kinds = [kind(p) for p in dated(view)] + (["draft"] if drafts(view) else [])
    if not kinds:
        return Markup("")
    words = {
        "in_force": strings["tl_bar_in_force"][lang],
        "expiring": strings["tl_expiring"][lang].format(days=EXPIRING_DAYS),
        "expired": strings["tl_bar_expired"][lang],
        "not_yet_in_force": strings["tl_bar_not_yet_in_force"][lang],
        "draft": strings["status_draft"][lang] + (": " if lang == "en" else "：") + strings["tl_draft"][lang],
    }
    items = []
    for k in [k for k in COLOURS if k in kinds]:
        swatch = (
            '<svg class="pe-tl-swatch" width="36" height="20" aria-hidden="true" '
            f'xmlns="http://www.w3.org/2000/svg">{_bar(k, "1", 1, "34", "")}</svg>'
        )
        items.append(f'<li data-kind="{k}">{swatch} {escape(words[k])}</li>')
    today = (
        '<svg class="pe-tl-swatch" width="36" height="20" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">'
        '<line x1="18" y1="0" x2="18" y2="20" class="pe-tl-today"/></svg>'
    )
    on = strings["tl_today"][lang].format(on=view.on.isoformat())
    items.append(f'<li data-kind="today">{today} {escape(on)}</li>')
    heading = escape(strings["tl_legend"][lang])
    return Markup(
        f'<div class="pe-tl-legend"><p id="pe-tl-legend">{heading}</p>'
        f'<ul aria-labelledby="pe-tl-legend">{"".join(items)}</ul></div>'
    )
