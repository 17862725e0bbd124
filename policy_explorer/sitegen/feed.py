"""The Atom feed of added, changed and removed policies, from the same history as the "changes" page.

Each entry is one policy in one commit. Without git history (a source tarball) the feed lists each
dated policy once, by its first day in force. A jurisdiction's feed (``feed-<id>.xml``, beside the
site's feed so the same relative links hold) keeps the entries of the policies
that apply there. Dates come from the data or the commits, never from the clock, so the same
commit always gives the same feed.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape as _escape

from .view import SiteView

NS_ID = "tag:ai-policy-explorer,2025"
# Characters XML 1.0 does not allow (a commit message may hold any): shown as U+FFFD instead.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape(text: str) -> str:
    """``text`` as XML character data: markup escaped, characters XML cannot carry replaced."""
    return _escape(_NOT_XML.sub("\ufffd", text))


def _entries(view: SiteView, lang: str, strings: dict, history: list[Any]) -> list[dict[str, str]]:
    titles = {p.id: p.title[lang] for p in view.policies}
    out = []
    for revision in history:
        for change in revision.changes:
            verb = strings[f"change_{change.kind}"][lang]
            lines = [d[lang] for d in change.details]
            lines += [
                f"{strings['clause'][lang]} {c.clause} {c.title[lang]}: {strings[f'change_{c.kind}'][lang]}"
                + "".join(f"; {d[lang]}" for d in c.details)
                for c in change.clauses
            ]
            out.append(
                {
                    "id": f"{NS_ID}:{revision.commit}/{change.policy}",
                    "title": f"{change.title[lang]} ({verb})",
                    "updated": revision.date,
                    "link": f"policies/{change.policy}/" if change.policy in titles else "changes/",
                    "summary": "\n".join(lines) or revision.subject,
                    "jurisdiction": change.jurisdiction,
                }
            )
    if not out:
        dated = [p for p in view.policies if p.start]  # a draft with no date has no moment to announce
        for policy in sorted(dated, key=lambda p: (p.start, p.id), reverse=True):
            day = policy.start
            out.append(
                {
                    "id": f"{NS_ID}:{policy.id}",
                    "title": policy.title[lang],
                    "updated": f"{day}T00:00:00+08:00",
                    "link": f"policies/{policy.id}/",
                    "summary": (policy.validity.get("note") or {}).get(lang, ""),
                    "jurisdiction": policy.jurisdiction["id"],
                }
            )
    return out


def atom(
    view: SiteView,
    lang: str,
    strings: dict,
    history: list[Any],
    site_url: str = "",
    only: tuple[str, dict[str, str], set[str]] | None = None,
) -> str:
    """The feed as Atom XML. Links are relative to the edition's root unless ``site_url`` is given.

    ``only`` is ``(jurisdiction id, its name, the jurisdictions whose policies apply there)``: that
    jurisdiction's feed.
    """
    entries = _entries(view, lang, strings, history)
    if only is not None:
        entries = [e for e in entries if e["jurisdiction"] in only[2]]
    base = site_url.rstrip("/") + "/" if site_url else ""
    updated = max((e["updated"] for e in entries), default=f"{view.on.isoformat()}T00:00:00+08:00")
    xml_lang = "zh-Hans" if lang == "zh" else "en"
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{xml_lang}"'
        + (f' xml:base="{escape(base)}"' if base else "")
        + ">",
        f"<id>{NS_ID}:feed:{lang}{':' + only[0] if only else ''}</id>",
        f"<title>{escape(strings['site_name'][lang])}: {escape(strings['changes'][lang])}"
        + (f" · {escape(only[1][lang])}" if only else "")
        + "</title>",
        f"<updated>{escape(updated)}</updated>",
        f'<link rel="self" href="{f"feed-{only[0]}.xml" if only else "feed.xml"}"/>',
        '<link rel="alternate" href="changes/"/>',
        f"<author><name>{escape(strings['site_name'][lang])}</name></author>",
    ]
    body = [
        "<entry>"
        f"<id>{escape(e['id'])}</id>"
        f"<title>{escape(e['title'])}</title>"
        f"<updated>{escape(e['updated'])}</updated>"
        f'<link rel="alternate" href="{escape(e["link"])}"/>'
        f'<summary type="text">{escape(e["summary"])}</summary>'
        "</entry>"
        for e in entries
    ]
    return "\n".join([*head, *body, "</feed>"]) + "\n"
