"""Accessibility and reading on phones (issue 29), in Chromium: the calculator and the compact widget,
in zh and en, at 360 and 1366 px. A keyboard reader sees where the focus is and the focus is never
under the sticky totals; text is readable without zooming; a finger can hit every control; a screen
reader hears the totals in one sentence, not the whole result on every keystroke."""

from __future__ import annotations

import pytest
from browser import Visit
from test_calculator_ux import LONGGANG, MAX_CNY, TOTALS, WIDTHS, root

from policy_explorer.sitegen.templates import load_strings

SCENARIO = LONGGANG + "&f.compute_spend=20000000"
PAGES = {"calculator": "calculator/" + SCENARIO, "widget": "widget/?compact=1" + SCENARIO}

# One focus stop as a keyboard reader meets it: what it is, how its focus is drawn, where it is and
# where the sticky bars are (the header at the top, the phone's totals at the bottom).
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || !e.closest('.pe-calc-layout, .pe-widget__main')) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const shown = (x) => x && !x.hidden && getComputedStyle(x).display !== 'none';
  const bar = document.getElementById('pe-calc-summary');
  const b = shown(bar) ? bar.getBoundingClientRect() : null;
  const head = document.querySelector('.md-header');
  const h = shown(head) ? head.getBoundingClientRect() : null;
  const name = e.tagName.toLowerCase() + (e.type ? '[' + e.type + ']' : '') + (e.id ? '#' + e.id : '');
  const inBar = !!(bar && bar.contains(e));  // the bar's own link is on the bar, not under it
  return {what: name + ' ' + (e.textContent || e.name || '').trim().slice(0, 30),
          outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow,
          top: r.top, bottom: r.bottom, height: inBar ? 0 : r.height,
          bar: b && b.bottom > 0 && b.top < innerHeight ? [b.top, b.bottom] : null,
          head: h ? h.bottom : 0, view: innerHeight};
}"""


def _under_a_bar(s: dict) -> bool:
    """Whether a focus stop is (partly) under the sticky header or totals, or off the screen."""
    return s["height"] > 0 and (
        s["top"] < s["head"] - 1
        or s["bottom"] > s["view"] + 1
        or bool(s["bar"] and s["bottom"] > s["bar"][0] + 1 and s["top"] < s["bar"][1] - 1)
    )


def tab_through(page, start: str, limit: int = 250) -> list[dict]:
    """Every focus stop from ``start`` onwards by the Tab key, while the focus stays in the tool."""
    page.focus(start)
    page.keyboard.press("Shift+Tab")  # from just before the first control, so it too is met by Tab
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        for _ in range(10):  # a (smooth) scroll into view may still be under way: up to 3 s on a busy machine
            if stop is None or not _under_a_bar(stop):
                break
            page.wait_for_timeout(300)
            stop = page.evaluate(FOCUSED)
        if stop is None:
            if stops:
                break
            continue
        stops.append(stop)
    return stops


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", ["wide", "phone"])
@pytest.mark.parametrize("which", ["calculator", "widget"])
def test_every_control_shows_its_focus_clear_of_the_sticky_bars(browser, base_url, lang, width, which):
    context = browser.new_context(viewport=WIDTHS[width])
    watch = Visit(context, root(base_url, lang) + PAGES[which])
    page = watch.page
    page.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=90_000)
    if which == "calculator":  # the places' comparison, drawn when first seen, moves what is below it
        page.locator(".pe-calc-compare-slot").scroll_into_view_if_needed()
        page.wait_for_selector(".pe-calc-compare-table tbody tr", timeout=60_000)
        page.evaluate("window.scrollTo(0, 0)")
    stops = tab_through(page, "#pe-j")
    kinds = {s["what"].split(" ")[0].split("#")[0] for s in stops}
    # The tool's controls: the place, start-up box, units (the calculator), the facts, links.
    assert {"select[select-one]", "input[checkbox]", "input[text]"} <= kinds, kinds
    if which == "calculator":
        assert {"input[date]", "input[radio]", "summary", "a"} <= kinds, kinds
    drawn = [(s["outline"] != "none" and s["width"] >= 2) or s["shadow"] != "none" for s in stops]
    unseen = [s["what"] for s, seen in zip(stops, drawn, strict=True) if not seen]
    assert not unseen, f"{len(unseen)} of {len(stops)} focus stops draw no focus: {unseen[:10]}"
    hidden = [(s["what"], round(s["top"]), round(s["bottom"]), s["bar"]) for s in stops if _under_a_bar(s)]
    assert not hidden, f"{len(hidden)} of {len(stops)} focused controls are under a sticky bar: {hidden[:8]}"
    assert not watch.errors, watch.errors
    context.close()


# Text nodes whose element is shown, with its computed font size; the inputs' and the tap targets' sizes.
TEXT_SIZES = """root => {
  const small = [];
  let total = 0;
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const e = n.parentElement;
    if (!n.textContent.trim() || !e || !e.checkVisibility({visibilityProperty: true})) continue;
    if (e.closest('script, style, template, .pe-visually-hidden, [hidden]')) continue;
    const r = e.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;
    total += 1;
    const size = parseFloat(getComputedStyle(e).fontSize);
    const words = n.textContent.trim().slice(0, 24);
    if (size < 12) small.push(`${size.toFixed(1)}px ${e.tagName.toLowerCase()}.${e.className} "${words}"`);
  }
  return {total, small};
}"""
CONTROLS = """root => [...root.querySelectorAll('input, select, button, summary, textarea')]
  .filter(e => e.checkVisibility({visibilityProperty: true}) && e.getBoundingClientRect().width > 1)
  .map(e => {
    const r = e.getBoundingClientRect();
    const what = e.tagName.toLowerCase() + (e.type ? '[' + e.type + ']' : '') + (e.id ? '#' + e.id : '');
    return {what, font: parseFloat(getComputedStyle(e).fontSize), w: r.width, h: r.height};
  })"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", ["wide", "phone"])
@pytest.mark.parametrize("which", ["calculator", "widget"])
def test_text_is_readable_and_controls_are_big_enough(browser, base_url, lang, width, which):
    context = browser.new_context(viewport=WIDTHS[width])
    page = Visit(context, root(base_url, lang) + PAGES[which]).page
    page.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=90_000)
    for box in page.locator("#pe-calc-output details").all():  # how-to-apply and explanations too
        box.evaluate("d => d.open = true")
    tool = page.locator(".pe-calc-layout, .pe-widget__main").first
    text = tool.evaluate(TEXT_SIZES)
    assert text["total"] > 20
    kinds: dict[str, int] = {}  # "10.9px summary.cls" → how many texts, with the first one's words
    for line in text["small"]:
        kind = line.split(' "')[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    examples = {k: next(t for t in text["small"] if t.startswith(k + ' "')) for k in kinds}
    assert not kinds, f"{len(text['small'])} of {text['total']} texts under 12 px: " + "; ".join(
        f"{n}× {examples[k]}" for k, n in kinds.items()
    )
    controls = tool.evaluate(CONTROLS)
    small = [c for c in controls if c["w"] < 24 or c["h"] < 24]
    assert not small, f"tap targets under 24×24 px: {small}"
    if width == "phone":  # iOS zooms into any input under 16 px when it is focused
        typed = ("input[text", "input[date", "select", "textarea")
        tiny = [c for c in controls if c["what"].startswith(typed) and c["font"] < 16]
        assert not tiny, f"inputs under 16 px on a phone: {tiny}"
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_totals_are_said_in_one_short_live_sentence(browser, base_url, lang):
    context = browser.new_context(viewport=WIDTHS["wide"])
    page = Visit(context, root(base_url, lang) + PAGES["calculator"]).page
    page.wait_for_selector(f'[data-total=max][data-cny="{MAX_CNY}"]', timeout=90_000)
    # The result (2,000 px of it) is not re-read on every keystroke: neither it nor an ancestor is live.
    assert page.evaluate("!document.getElementById('pe-calc-output').closest('[aria-live]')")
    live = page.locator("#pe-calc-live")
    assert live.get_attribute("aria-live") == "polite"
    assert page.locator("[aria-live]:not([aria-live=off])").count() == 2  # this one and the status line
    likely = page.inner_text(f"{TOTALS} [data-total=conservative]").strip()
    most = page.inner_text(f"{TOTALS} [data-total=max]").strip()
    said = live.text_content()
    assert likely.split(":")[-1].strip() in said and most.split(":")[-1].strip() in said, (said, likely, most)
    assert len(said) < 160 and said.count("。") + said.count(". ") <= 1, said  # one sentence
    assert live.evaluate("e => getComputedStyle(e).display") != "none"  # heard at every width
    page.fill("#pe-f-compute_spend", "1000万")
    page.wait_for_selector(f'[data-total=max]:not([data-cny="{MAX_CNY}"])', timeout=30_000)
    assert live.text_content() != said
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_start_up_box_says_what_a_start_up_is_and_what_it_changes(browser, base_url, lang, data):
    """facts.yaml's `startup` help says who counts; the clauses whose rate depends on it are named."""
    page = Visit(browser.new_context(), root(base_url, lang) + "calculator/").page
    box = page.locator("#pe-startup")
    help_id = box.get_attribute("aria-describedby")
    assert help_id
    said = page.inner_text(f"#{help_id}")
    startup = next(f for f in data["facts"] if f["id"] == "startup")
    assert startup["help"][lang] in said, said
    # Shenzhen (二) "对初创企业按照不超过合同金额的60%予以支持" (else 50%): its summary names both rates.
    clause = next(
        c
        for p in data["policies"]
        if p["id"] == "shenzhen-ai-pioneer-measures-2024"
        for c in p["clauses"]
        if c["id"] == "2"
    )
    assert clause["benefit"]["summary"][lang] in said, said
    # The box and its label are one target at least 24 px high.
    label = page.locator("label[for=pe-startup]").bounding_box()
    assert label and label["height"] >= 24
    page.context.close()


def test_strings_hold_the_loading_words():
    words = load_strings()["calc_loading"]
    assert words["zh"] == "正在准备计算器，首次约需 10 秒"
    assert words["en"] == "Preparing the calculator; the first time takes about 10 seconds"
