"""The calendar of an edition (``calendar.ics``): application deadlines and policy expiries.

RFC 5545, written by the `icalendar` package (CRLF line ends, lines folded at 75 octets without
splitting a character, text escaped): calendar apps import it as it is. Every event is a whole
day taken from the data, never from the clock: a deadline is the last day of an application
window whose dates the text states (a rolling, yearly or until-exhausted window has no date and no
event), an expiry the last day a policy is in force. ``DTSTAMP`` is the build date at midnight UTC,
so the same data and build date give the same bytes; each ``UID`` is stable across builds, so a
re-import updates events instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import icalendar

from policy_explorer.calculator.application import lines

from .view import ClauseView, PolicyView, SiteView

PRODID = "-//AI Policy Explorer//policy calendar//EN"
UID_DOMAIN = "ai-policy-explorer"


def _event(uid: str, day: str, summary: str, description: str, url: str | None, stamp: dt.datetime) -> Any:
    event = icalendar.Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    start = dt.date.fromisoformat(day)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder, not busy time
    if url:
        event.add("url", url)
    return event


def _page(site_url: str, path: str) -> str | None:
    """The absolute address of a page when the site's address is known (a calendar has no base)."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else None


def _deadlines(
    policy: PolicyView,
    lang: str,
    strings: dict,
    convert: Callable[[str], str] = str,
    official: Callable[[str], str] = str,
) -> list[tuple[str, str, str, str, str | None]]:
    """(uid, day, summary, description, guide url) of each stated application deadline; the description
    already in the edition's script (``official`` for the title and the quoted sentence)."""
    out = []
    sep = "：" if lang == "zh" else ": "
    owners: list[tuple[str, dict | None, ClauseView | None]] = [("all", policy.data.get("application"), None)]
    owners += [(c.id, c.data.get("application"), c) for c in policy.clauses]
    for key, own, clause in owners:
        window = (own or {}).get("window") or {}
        if window.get("kind") != "dates":
            continue
        block = clause.how_to_apply if clause else own
        what = policy.short_title[lang]
        if clause:
            what += f" · {strings['clause'][lang]} {clause.id} {clause.title[lang]}"
        summary = f"{strings['ical_deadline'][lang]}{sep}{what}"
        said = lines(block, lang)
        quoted = [official(said.pop())] if block.get("quote") else []
        description = "\n".join([official(policy.title[lang]), *map(convert, said), *quoted])
        out.append(
            (
                f"{policy.id}-{key}-apply-{window['to']}-{lang}",
                window["to"],
                summary,
                description,
                block.get("url"),
            )
        )
    return out


def calendar(
    view: SiteView,
    lang: str,
    strings: dict,
    site_url: str = "",
    convert: Callable[[str], str] = str,
    official: Callable[[str], str] | None = None,
) -> bytes:
    """The edition's calendar as RFC 5545 bytes; ``convert`` turns each text (not an address) into the
    edition's script before the lines are folded (the zh-Hant edition: sitegen.hant.to_site), and
    ``official`` an official text (a document's title, a quoted sentence: sitegen.hant.to_hant)."""
    official = official or convert
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", convert(f"{strings['site_name'][lang]} · {strings['ical_name'][lang]}"))
    stamp = dt.datetime.combine(view.on, dt.time(), tzinfo=dt.UTC)
    sep = "：" if lang == "zh" else ": "
    for policy in sorted(view.policies, key=lambda p: p.id):
        url = _page(site_url, f"policies/{policy.id}/")
        for uid, day, summary, description, guide in _deadlines(policy, lang, strings, convert, official):
            cal.add_component(_event(uid, day, convert(summary), description, guide or url, stamp))
        if policy.end and not policy.data["validity"].get("draft"):
            summary = f"{strings['ical_expiry'][lang]}{sep}{policy.short_title[lang]}"
            description = official(policy.title[lang])
            note = policy.data["validity"].get("note")
            if note:
                description += "\n" + convert(note[lang])
            cal.add_component(
                _event(
                    f"{policy.id}-expiry-{lang}",
                    policy.end,
                    convert(summary),
                    description,
                    url,
                    stamp,
                )
            )
    return cal.to_ical()
