"""Each edition's calendar: RFC 5545 that calendar apps import, with only the dates the texts state."""

from __future__ import annotations

import copy
import datetime as dt

import icalendar
import pytest

from policy_explorer.sitegen import ical
from policy_explorer.sitegen.render import load_strings
from policy_explorer.sitegen.view import build_view

ON = dt.date(2026, 12, 20)


@pytest.fixture(scope="module")
def view(data):
    return build_view(data, ON)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_calendar_is_rfc_5545(view, lang):
    raw = ical.calendar(view, lang, load_strings())
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    raw.decode("utf-8")  # folding never splits a character
    cal = icalendar.Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = cal.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) and all(e.get("DTSTAMP") for e in events)
    # Every expiry event is a policy's last day in force, as the data gives it; drafts have none.
    ended = {p.end for p in view.policies if p.end and not p.data["validity"].get("draft")}
    expiries = {e.decoded("DTSTART").isoformat() for e in events if "expiry" in str(e["UID"])}
    assert expiries == ended


def test_shenzhen_measures_expire_the_day_before_their_second_anniversary(view):
    # 深圳市若干措施: "自2024年12月18日起施行，有效期2年" — the last day in force is 2026-12-17.
    cal = icalendar.Calendar.from_ical(ical.calendar(view, "en", load_strings()))
    event = next(
        e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("shenzhen-ai-pioneer-measures-2024-")
    )
    assert event.decoded("DTSTART") == dt.date(2026, 12, 17)
    assert event.decoded("DTEND") == dt.date(2026, 12, 18)


def test_no_deadline_is_invented(view):
    # The seeds state no application date (西湖区: "“算力券”发放额满截止", 操作规程: 事后奖补).
    # A deadline only for a clause whose text states a window (a document added to the corpus may).
    cal = icalendar.Calendar.from_ical(ical.calendar(view, "en", load_strings()))
    stated = {
        f"{c.policy.id}-{c.id}-apply-"
        for c in view.clauses
        if (c.how_to_apply.get("window") or {}).get("kind") == "dates"
    }
    invented = [e for e in cal.walk("VEVENT") if "-apply-" in str(e["UID"])]
    assert all(any(str(e["UID"]).startswith(s) for s in stated) for e in invented)


def test_a_stated_window_becomes_a_deadline_with_escaped_text(data):
    hostile = copy.deepcopy(data)
    # A policy without its own application page: the event then links the site's page of it.
    policy = next(p for p in hostile["policies"] if not (p.get("application") or {}).get("url"))
    policy["clauses"][0]["application"] = {
        "window": {"kind": "dates", "from": "2027-03-01", "to": "2027-03-31"},
        "materials": [{"zh": "表, 一; 二\\三", "en": "Form, one; two\\three <script>"}],
    }
    view = build_view(hostile, ON)
    raw = ical.calendar(view, "en", load_strings(), site_url="https://example.org/site/")
    assert b"Form\\, one\\; two\\\\three <script>" in raw.replace(b"\r\n ", b"")
    cal = icalendar.Calendar.from_ical(raw)
    mine = f"{policy['id']}-{policy['clauses'][0]['id']}-apply-"
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith(mine))
    assert event.decoded("DTSTART") == dt.date(2027, 3, 31)
    assert "Apply from 1 March 2027 to 31 March 2027" in str(event["DESCRIPTION"])
    assert "Materials: Form, one; two\\three <script>" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == f"https://example.org/site/policies/{policy['id']}/"


def test_the_same_data_and_date_give_the_same_bytes(view):
    strings = load_strings()
    assert ical.calendar(view, "zh", strings) == ical.calendar(view, "zh", strings)


def test_the_converted_calendar_keeps_an_address_with_chinese_characters(data):
    from policy_explorer.sitegen import hant

    url = "https://www.gov.cn/zhengce/附件/关于组织申报的通知.pdf"
    hostile = copy.deepcopy(data)
    hostile["policies"][0]["clauses"][0]["application"] = {
        "window": {"kind": "dates", "from": "2027-03-01", "to": "2027-03-31"},
        "url": url,
    }
    raw = ical.calendar(build_view(hostile, ON), "zh", load_strings(), convert=hant.to_hant)
    event = next(e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT") if "-apply-" in str(e["UID"]))
    assert str(event["URL"]) == url
    assert "申報" in str(event["SUMMARY"])  # 申报 (apply) converted: the text around it is Traditional
