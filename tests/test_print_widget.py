"""Issue 29, in Chromium, in every edition: the printed estimate (its order, how to apply printed
open, one data version), the print button on a phone's first screen, the compact widget as a summary
card under the 700 px the embed page promises, and no target-origin warning on the host's console."""

from __future__ import annotations

import io
import re
import unicodedata
from urllib.parse import urlencode

import pytest
from browser import serve, until
from conftest import BUILD_DATE
from pypdf import PdfReader

from policy_explorer.calculator import estimate
from policy_explorer.sitegen import hant
from policy_explorer.sitegen.templates import load_strings

ROOTS = {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}  # mkdocs*.yml: `languages`
PHONE = {"width": 360, "height": 740}
TOTALS = "#pe-calc-output .pe-calc-totals"
# 西湖区第2条 ends "“算力券”发放额满截止。": its item has a how-to-apply block, with that sentence.
XIHU = {"jurisdiction": "hangzhou-xihu", "startup": False, "facts": {"compute_spend": 1_000_000}}
ONE_FACT = {"jurisdiction": "shenzhen-longgang", "startup": True, "facts": {"compute_spend": 5_000_000}}
THREE_FACTS = {
    "jurisdiction": "shenzhen-futian",
    "startup": False,
    "facts": {"compute_spend": 30_000_000, "corpus_spend": 2_000_000, "model_spend": 800_000},
}


def scenario(profile: dict) -> str:
    """The scenario as the calculator writes it after ``#`` (no date: the browser's today)."""
    params = {"j": profile["jurisdiction"]} | ({"s": "1"} if profile["startup"] else {})
    return urlencode(params | {f"f.{k}": str(v) for k, v in profile["facts"].items()})


def words(key: str, lang: str) -> str:
    text = load_strings()[key]
    return text["en"] if lang == "en" else hant.to_site(text["zh"]) if lang == "zh-Hant" else text["zh"]


def apply_lines(lang: str) -> list[str]:
    """The Xihu item's how-to-apply sentences, as the engine words them for BUILD_DATE."""
    item = next(i for i in estimate(XIHU, on=BUILD_DATE)["items"] if i["application"])
    lines = item["application"]["en" if lang == "en" else "zh"]
    return [hant.to_site(line) for line in lines] if lang == "zh-Hant" else lines  # OpenCC + the HK layer


def flat(text: str) -> str:
    """Text to compare with a PDF's: no spaces, and CJK radicals (as pypdf reads some characters,
    "⼈" for "人") folded into the characters they stand for."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


TOPS = """() => {
  const top = (s) => { const e = document.querySelector(s); const r = e && e.getBoundingClientRect();
    return r && r.height ? r.top + scrollY : null; };
  return {head: top('#pe-calc-print-head'), totals: top('.pe-calc-totals'), items: top('.pe-calc-items'),
    apply: top('.pe-calc-apply li'), disclaimer: top('.pe-calc-disclaimer')};
}"""


@pytest.mark.parametrize("lang", list(ROOTS))
def test_the_printout_reads_who_when_what_then_totals_items_how_to_apply_disclaimer(browser, base_url, lang):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base_url + ROOTS[lang] + "calculator/#" + scenario(XIHU))
    page.wait_for_selector(TOTALS, timeout=90_000)
    # The print button is on the phone's first screen once a result shows (it was 5,206 px down).
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator("#pe-calc-print").bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], box
    # One data version: the footer's, which names the policy data the site was built from.
    footer = page.inner_text(".md-copyright code")
    assert re.fullmatch("[0-9a-f]{12}", footer), footer
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what printing fires first
    page.emulate_media(media="print")
    tops = page.evaluate(TOPS)
    assert None not in tops.values(), tops
    order = sorted(tops, key=tops.get)
    assert order == ["head", "totals", "items", "apply", "disclaimer"], tops
    printed = page.inner_text("body")
    assert set(re.findall(r"\b[0-9a-f]{12}\b", printed)) == {footer}
    assert page.locator(".pe-calc-apply li").all_inner_texts() == apply_lines(lang)
    # A PDF as "save as PDF" writes it: the same order in its text, how to apply written out.
    pdf = PdfReader(io.BytesIO(page.pdf()))
    text = flat("".join(p.extract_text() for p in pdf.pages))
    marks = [words("calc_print_title", lang), footer, words("calc_likely", lang)]
    marks += [apply_lines(lang)[0], words("calc_disclaimer", lang)[:12]]
    found = [text.find(flat(mark)) for mark in marks]
    assert -1 not in found and found == sorted(found), list(zip(marks, found, strict=True))
    # After printing, the boxes the reader had closed are closed again.
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("[...document.querySelectorAll('.pe-calc-apply')].every(d => !d.open)")
    assert not errors, errors
    context.close()


HOST = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; frame-src {site}; script-src {site}">
<title>A consultancy blog</title></head><body><h1>What can you claim?</h1>{filler}
<iframe src="{src}" data-pe-calc title="AI policy calculator" height="640" loading="lazy"></iframe>
<script src="{site}assets/calculator/embed.js" async></script></body></html>"""

CARD = """() => {
  const d = document; const shown = (e) => !!e && e.getClientRects().length > 0;
  return {rows: [...d.querySelectorAll('.pe-calc-items tbody tr')].filter(shown).length,
    all: d.querySelectorAll('.pe-calc-items tbody tr').length,
    rest: shown(d.querySelector('.pe-compact-rest')) ? d.querySelector('.pe-compact-rest').textContent : null,
    date: shown(d.querySelector('#pe-calc-output .pe-calc-date')),
    disclaimer: shown(d.querySelector('.pe-widget-disclaimer')),
    full: shown(d.getElementById('pe-calc-full')), startup: d.getElementById('pe-startup').checked};
}"""


@pytest.mark.parametrize("lang", list(ROOTS))
def test_the_compact_widget_is_a_summary_card_under_700_px(browser, base_url, lang, tmp_path):
    """Issue 29: with three facts the compact widget was 1,409–1,458 px tall (1,495 at 360 px): the
    embed page promises 700. On another origin, at 360 and 1366 px, with one fact and with three."""
    context = browser.new_context(viewport=PHONE)
    for profile in (ONE_FACT, THREE_FACTS):
        items = estimate(profile, on=BUILD_DATE)["items"]
        src = f"{base_url}{ROOTS[lang]}widget/?compact=1#{scenario(profile)}"
        # A host post whose widget is far down: the lazy frame stays empty while embed.js runs.
        filler = "<p>A long post, so the widget is below the fold.</p>" * 80
        (tmp_path / "index.html").write_text(HOST.format(site=base_url, src=src, filler=filler), "utf-8")
        with serve(tmp_path) as host:
            page = context.new_page()
            console: list[str] = []
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))  # noqa: B023
            page.goto(host)
            page.wait_for_timeout(1500)
            page.locator("iframe").scroll_into_view_if_needed()
            frame = page.frame_locator("iframe")
            frame.locator(TOTALS).wait_for(timeout=90_000)
            for width in (360, 1366):
                page.set_viewport_size({"width": width, "height": 740})
                page.wait_for_timeout(800)
                until(page, "document.querySelector('iframe').style.height !== ''")
                height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
                assert height <= 700, (lang, len(profile["facts"]), width, height)
                card = page.frames[1].evaluate(CARD)
                assert card["all"] == len(items) and card["rows"] == min(3, len(items)), card
                if len(items) > 3:
                    more = words("calc_compact_more", lang).replace("{n}", str(len(items) - 3))
                    assert card["rest"] == more, card
                assert card["date"] and card["disclaimer"] and card["full"], card
                assert card["startup"] == profile["startup"]
            assert not [m for m in console if "postMessage" in m], console
            page.close()
    context.close()


def test_the_host_page_console_has_no_target_origin_warning(browser, base_url, tmp_path):
    """Issue 29: "Failed to execute 'postMessage' … The target origin provided (the site's) does not
    match the recipient window's origin (the host's)": embed.js said hello to a lazy frame still
    holding its empty page, of the host's origin. Now it waits for the widget's page."""
    src = f"{base_url}widget/?compact=1#{scenario(ONE_FACT)}"
    filler = "<p>A long post, so the widget is below the fold.</p>" * 80
    (tmp_path / "index.html").write_text(HOST.format(site=base_url, src=src, filler=filler), "utf-8")
    with serve(tmp_path) as host:
        context = browser.new_context()
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        page.goto(host)
        page.wait_for_timeout(1500)  # embed.js has run; the frame is still empty (lazy, far down)
        page.locator("iframe").scroll_into_view_if_needed()
        page.frame_locator("iframe").locator(TOTALS).wait_for(timeout=90_000)
        until(page, "document.querySelector('iframe').style.height !== ''")  # sized: the hello came
        assert not [m for m in console if "postMessage" in m or "target origin" in m], console
        context.close()


@pytest.mark.parametrize("lang", list(ROOTS))
def test_the_builders_preview_does_not_tick_start_up(browser, base_url, lang):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + ROOTS[lang] + "embed/")
    preview = page.frame_locator("#pe-eb-preview")
    preview.locator(TOTALS).wait_for(timeout=90_000)
    assert not preview.locator("#pe-startup").is_checked()
    assert "s=1" not in page.input_value("#pe-eb-snippet")
    context.close()
