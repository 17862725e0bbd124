"""The built site in headless Chromium: search, sorting and filtering work, and no request leaves the host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser import Visit, search
from pypinyin import lazy_pinyin

from policy_explorer.calculator.model import clause_anchor
from policy_explorer.calculator.money import fmt_range
from policy_explorer.sitegen import hant
from policy_explorer.sitegen.render import load_strings

EDITIONS = {"zh": "", "en": "en/"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 800}
# In page scripts: `el`, the first element after heading `h` that holds a table.
TABLE_AFTER = (
    "let el = h.nextElementSibling; while (el && !el.querySelector('table')) el = el.nextElementSibling;"
)


def _open(browser, url):
    visit = Visit(browser, url)
    return visit.page, visit.requests, visit.errors


def _search(page, query: str) -> set[str]:
    search(page, query)
    # Material shows 10 results, then 4 more each time the list is scrolled back to its bottom: wheel
    # up and down over it until every result it announced ("51 matching documents") is there.
    announced = int(re.sub(r"\D", "", page.inner_text(".md-search-result__meta")))
    items = page.locator(".md-search-result__item")
    box = page.locator(".md-search__scrollwrap").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(announced):
        if items.count() >= announced:
            break
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(150)
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(250)
    assert items.count() == announced
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    # The policy each result belongs to: policies/<policy>/ or its clause page policies/<policy>/clause-<id>/.
    parts = [urlsplit(h).path.strip("/").split("/") for h in hrefs]
    return {p[p.index("policies") + 1] for p in parts if "policies" in p[:-1]}


def _compute_voucher_policies(data) -> set[str]:
    return {
        p["id"] for p in data["policies"] if any(c["category"] == "compute_voucher" for c in p["clauses"])
    }


@pytest.mark.parametrize(("path", "query"), [("", "算力券"), ("en/", "compute voucher")])
def test_search_finds_the_compute_voucher_of_every_jurisdiction(browser, base_url, data, path, query):
    page, requests, errors = _open(browser, base_url + path)
    found = _search(page, query)
    missing = _compute_voucher_policies(data) - found
    assert not missing, f"{query!r} did not find {missing}"
    assert all(urlsplit(u).netloc == urlsplit(base_url).netloc for u in requests if u.startswith("http")), [
        u for u in requests if urlsplit(u).netloc != urlsplit(base_url).netloc
    ]
    assert not errors
    page.close()


def test_comparison_table_sorts_and_filters(browser, base_url):
    page, requests, errors = _open(browser, base_url + "compare/compute_voucher/")
    rows = page.locator(".pe-compare tbody tr")
    total = rows.count()
    assert total == 7
    # A second search landmark beside the site search, told apart by its name.
    assert page.get_attribute(".pe-filters", "role") == "search"
    assert page.get_attribute(".pe-filters", "aria-label") == "筛选表格"
    page.select_option(".pe-filters select >> nth=1", "in_force")
    visible = page.locator(".pe-compare tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert page.locator(".pe-filters output").inner_text().endswith(f"/ {total}")
    page.select_option(".pe-filters select >> nth=1", "")
    headers = page.locator(".pe-compare thead th").all_inner_texts()
    cap = [h.strip() for h in headers].index("上限/金额")  # caps, "up to" and fixed amounts, each named
    page.locator(".pe-compare thead th").nth(cap).click()
    caps = page.eval_on_selector_all(
        ".pe-compare tbody tr", f"rows => rows.map(r => Number(r.cells[{cap}].getAttribute('data-sort')))"
    )
    assert caps == sorted(caps) or caps == sorted(caps, reverse=True)
    assert len(set(caps)) > 3
    assert not errors
    assert all(urlsplit(u).netloc == urlsplit(base_url).netloc for u in requests if u.startswith("http"))
    page.close()


@pytest.mark.parametrize("path", ["", "en/compare/compute_voucher/", "policies/shenzhen-longgang-ai-2025/"])
def test_pages_run_under_their_content_security_policy(browser, base_url, path):
    """Material's scripts and the site's run without a violation; a script slipped into the page does not."""
    visit = Visit(browser, base_url + path)
    assert visit.page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    visit.page.wait_for_timeout(300)
    assert visit.errors == []
    ran = visit.page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__injected = 1";
                   document.head.append(s); return window.__injected ?? null; }"""
    )
    visit.page.wait_for_timeout(200)
    assert ran is None
    assert len(visit.errors) == 1
    assert visit.errors[0].startswith("Executing inline script violates the following Content Security")
    visit.page.close()


def test_switching_the_colour_scheme_stops_transitions_only_while_it_switches(browser, base_url):
    """site.js marks <body> for the switch (the re-keyed Material rule in the stylesheet), not at load."""
    visit = Visit(browser, base_url + "policies/shenzhen-longgang-ai-2025/")
    page = visit.page
    page.wait_for_function("() => document.querySelector('meta[name=theme-color]')")  # Material's palette ran
    link = "getComputedStyle(document.querySelector('article a[href]')).transitionDuration"
    marked = "document.body.hasAttribute('data-pe-switching')"
    assert page.evaluate(f"() => [{marked}, {link}]") == [False, "0.125s"]
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    before = page.evaluate(f"() => {scheme}")
    # One task: the click, the change event and the restyle, read before any frame ends the switch.
    during = page.evaluate(
        f"""() => {{ document.querySelector('label[for^="__palette_"]:not([hidden])').click();
                    return [{scheme}, {marked}, {link}]; }}"""
    )
    assert during == [{"default": "slate", "slate": "default"}[before], True, "0s"]
    page.wait_for_function(f"() => !{marked}")
    assert page.evaluate(f"() => {link}") == "0.125s"
    assert visit.errors == []
    page.close()


def _opened(browser, url: str, viewport: dict):
    """A page opened in a context of its own with ``viewport``; the caller closes ``page.context``."""
    context = browser.new_context(viewport=viewport)
    visit = Visit(context, url)
    return visit.page, visit.errors


def _deepest_place(model) -> str:
    """The calculator place with the most levels of policy above and at it (e.g. a district of a city
    that has its own documents): the jurisdiction page that shows the most of "what applies here"."""
    own = {p.jurisdiction for p in model.policies}

    def levels(place: str) -> tuple[int, int]:
        chain = model.chain(place)
        return (len(own.intersection(chain)), chain[0] in own)

    return max((j["id"] for j in model.places()), key=levels)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_jurisdiction_page_lists_everything_that_applies_there(browser, base_url, data, model, lang):
    place = _deepest_place(model)
    chain = set(model.chain(place))
    assert len(chain.intersection(p["jurisdiction"] for p in data["policies"])) >= 2
    expected = {
        (p["id"], clause_anchor(c["id"]))
        for p in data["policies"]
        if p["jurisdiction"] in chain
        for c in p["clauses"]
    }
    categories = [c["id"] for c in data["categories"]]
    used = {c["category"] for p in data["policies"] if p["jurisdiction"] in chain for c in p["clauses"]}
    page, errors = _opened(browser, f"{base_url}{EDITIONS[lang]}jurisdictions/{place}/", DESKTOP)
    sections = page.eval_on_selector_all(
        "h3[id^=applies-]",
        "hs => hs.map(h => { "
        + TABLE_AFTER
        + """
               return [h.id.slice(8), [...el.querySelectorAll('a[href*="clause-"]')].map(a => a.href)]; })""",
    )
    # One section per category with a clause here, in the categories' order.
    assert [cid for cid, _ in sections] == [c for c in categories if c in used]
    found = set()
    for _, hrefs in sections:
        for href in hrefs:
            parts = urlsplit(href).path.strip("/").split("/")
            found.add((parts[-2], parts[-1]))
    assert found == expected
    # Each row gives a headline amount (or says what kind of benefit it is) and a status.
    rows = page.eval_on_selector_all(
        "h3[id^=applies-]",
        "hs => hs.flatMap(h => { "
        + TABLE_AFTER
        + """
               return [...el.querySelectorAll('tbody tr')]
                 .map(r => [r.cells[1].innerText.trim(), !!r.cells[2].querySelector('.pe-status')]); })""",
    )
    assert rows and all(text and has_status for text, has_status in rows)
    page.click(".pe-estimate-here")
    page.wait_for_function(
        f"() => document.querySelector('#pe-j') && document.querySelector('#pe-j').value === {place!r}"
    )
    assert urlsplit(page.url).path.endswith("/calculator/")
    assert not [e for e in errors if "Content Security" in e]
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_timeline_fills_the_column_with_readable_labels(browser, base_url, data, lang, viewport):
    page, errors = _opened(browser, f"{base_url}{EDITIONS[lang]}timeline/", viewport)
    svg = page.locator("svg.pe-timeline").bounding_box()
    column = page.locator("article.md-typeset").evaluate(
        """el => { const s = getComputedStyle(el);
                   return el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); }"""
    )
    assert svg["width"] >= 0.97 * column, (svg, column)
    labels = page.eval_on_selector_all(
        "svg.pe-timeline text",
        """ts => ts.map(t => { const r = t.getBoundingClientRect();
                 const size = parseFloat(getComputedStyle(t).fontSize);
                 return [size, r.height, r.left, r.right, t.textContent]; })""",
    )
    dated = [p for p in data["policies"] if p["validity"].get("from") and not p["validity"].get("draft")]
    drafts = [p for p in data["policies"] if p["validity"].get("draft")]
    assert page.locator("svg.pe-timeline rect.pe-tl-bar").count() == len(dated) + len(drafts)
    for size, height, left, right, text in labels:
        assert size >= 11 and height >= 11, (text, size, height)
        assert left >= svg["x"] - 1 and right <= svg["x"] + svg["width"] + 1, f"{text!r} is clipped"
    assert not errors
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_timeline_tells_each_status_by_shape_and_words_with_a_legend(browser, base_url, data, lang, viewport):
    """Issue 29: an "expiring" kind (in force, ending within the home page's "即将到期" window, as of
    the build date), drafts drawn as dashed boxes with the word, and a legend naming every kind drawn;
    kinds differ in shape, never only in colour."""
    import datetime as dt

    from conftest import BUILD_DATE

    from policy_explorer.sitegen import timeline
    from policy_explorer.sitegen.view import build_view

    view = build_view(data, dt.date.fromisoformat(BUILD_DATE))
    expected = sorted(
        [timeline.kind(p) for p in timeline.dated(view)] + ["draft"] * len(timeline.drafts(view))
    )
    strings = load_strings()
    base = "en" if lang == "en" else "zh"
    word = strings["status_draft"][base]
    word = hant.to_hant(word) if lang == "zh-Hant" else word
    path = {"zh-Hant": "zh-Hant/"}.get(lang, EDITIONS.get(lang, ""))
    page, errors = _opened(browser, f"{base_url}{path}timeline/", viewport)
    bars = page.eval_on_selector_all(
        "svg.pe-timeline rect.pe-tl-bar",
        """rs => rs.map(r => { const s = getComputedStyle(r); const b = r.getBoundingClientRect();
                 return [r.dataset.kind, r.getAttribute('fill').startsWith('url(') ? 'pattern' : 'flat',
                         Math.round(b.height), s.strokeDasharray, r.getAttribute('fill-opacity') || '1',
                         b.left, b.right]; })""",
    )
    assert sorted(b[0] for b in bars) == expected
    # Shape, not colour: each kind drawn has its own (fill kind, height, dashes, opacity).
    shapes = {b[0]: tuple(b[1:5]) for b in bars}
    assert len(set(shapes.values())) == len(shapes), shapes
    # Every draft box holds the word, inside it.
    drafts = [b for b in bars if b[0] == "draft"]
    words = page.eval_on_selector_all(
        "svg.pe-timeline text.pe-tl-draft",
        """ts => ts.map(t => { const b = t.getBoundingClientRect();
                 return [t.textContent, b.left, b.right, parseFloat(getComputedStyle(t).fontSize)]; })""",
    )
    assert len(words) == len(drafts)
    for (text, left, right, size), bar in zip(words, drafts, strict=True):
        assert text == word and size >= 12
        assert bar[5] <= left and right <= bar[6] + 1, (text, left, right, bar)
    # The legend: one entry per kind drawn and one for the date line, readable, each with its swatch.
    items = page.eval_on_selector_all(
        ".pe-tl-legend li",
        """ls => ls.map(l => [l.dataset.kind, l.innerText.trim(), parseFloat(getComputedStyle(l).fontSize),
                              l.querySelector('svg').getBoundingClientRect().width])""",
    )
    assert [i[0] for i in items] == [k for k in timeline.COLOURS if k in expected] + ["today"]
    for kind, text, size, swatch in items:
        assert text and size >= 12 and swatch > 0, (kind, text, size)
    assert BUILD_DATE in items[-1][1]
    assert not errors
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_comparison_tables_put_answers_first_and_read_on_a_phone(browser, base_url, data, lang):
    strings = load_strings()
    for category in data["categories"]:
        url = f"{base_url}{EDITIONS[lang]}compare/{category['id']}/"
        page, errors = _opened(browser, url, DESKTOP)
        if page.locator(".pe-compare table").count() == 0:
            page.context.close()
            continue
        headers = [h.strip() for h in page.locator(".pe-compare thead th").all_inner_texts()]
        answers = [h for h in headers if h in (strings["cap_amount"][lang], strings["status"][lang])]
        # The answer columns (reference amounts, cap, status) come before rate, conditions and policy.
        assert headers.index(strings["cap_amount"][lang]) < headers.index(strings["rate"][lang]), headers
        assert headers.index(strings["status"][lang]) < headers.index(strings["conditions"][lang])
        assert len(answers) == 2 and headers[-1] == strings["policy"][lang]
        # No empty right-hand column beside the table: the table's column is the page's widest.
        assert page.locator(".md-sidebar--secondary").evaluate(
            "el => getComputedStyle(el).display === 'none' || el.offsetWidth === 0 || !el.querySelector('li')"
        )
        page.close()
        page = page.context.new_page()
        page.set_viewport_size(PHONE)
        page.goto(url)
        wide = page.evaluate(
            """() => [...document.querySelectorAll(
                       '.pe-compare, .pe-compare .md-typeset__scrollwrap, .pe-compare table')]
                     .some(el => el.scrollWidth > el.clientWidth + 1)"""
        )
        assert not wide, f"{category['id']}: the table scrolls sideways on a phone"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # Each value is named by its column on a phone (the heading row is hidden there).
        first = page.locator(".pe-compare tbody tr").first
        shown = first.locator(".pe-cell-label").all_inner_texts()
        assert [s.strip() for s in shown] == headers
        assert not errors
        page.context.close()


def test_long_conditions_are_folded(browser, base_url, data):
    folded = [c for p in data["policies"] for c in p["clauses"] if len(c.get("conditions") or []) > 1]
    assert folded
    category = folded[0]["category"]
    page, _ = _opened(browser, f"{base_url}compare/{category}/", DESKTOP)
    details = page.locator(".pe-compare details.pe-fold")
    expected = sum(1 for c in folded if c["category"] == category)
    assert details.count() == expected
    hidden = details.first.evaluate("d => d.open")
    assert hidden is False
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_clause_pages_show_worked_examples_and_the_verify_legend(browser, base_url, data, lang):
    strings = load_strings()
    with_examples = [
        (p, c) for p in data["policies"] for c in p["clauses"] if len(c.get("examples") or []) >= 2
    ]
    policy, clause = with_examples[0]
    page, errors = _opened(
        browser, f"{base_url}{EDITIONS[lang]}policies/{policy['id']}/{clause_anchor(clause['id'])}/", DESKTOP
    )
    assert page.locator("h2#examples").inner_text().strip().startswith(strings["worked_examples"][lang])
    rows = page.eval_on_selector_all(
        "h2#examples ~ * table tbody tr", "rs => rs.map(r => [r.cells[0].innerText, r.cells[2].innerText])"
    )
    assert len(rows) == len(clause["examples"])
    for (name, amount), example in zip(rows, clause["examples"], strict=True):
        assert name.strip() == example["name"][lang]
        assert amount.strip() == fmt_range(
            example.get("min_cny", example["max_cny"]), example["max_cny"], lang
        )
    page.close()
    for policy, clause in [
        next((p, c) for p in data["policies"] for c in p["clauses"] if c["benefit"].get("verify")),
        next(
            (p, c)
            for p in data["policies"]
            for c in p["clauses"]
            if not c["benefit"].get("verify") and not any(k.get("verify") for k in c.get("conditions") or [])
        ),
    ]:
        marked = bool(clause["benefit"].get("verify"))
        page = page.context.new_page()
        page.goto(f"{base_url}{EDITIONS[lang]}policies/{policy['id']}/{clause_anchor(clause['id'])}/")
        assert page.locator(".pe-legend").count() == int(marked)
        if marked:
            assert strings["to_verify_legend"][lang] in page.locator(".pe-legend").inner_text()
        page.close()
    assert not errors
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glossary_is_in_the_readers_order_with_a_letter_index(browser, base_url, lang):
    page, errors = _opened(browser, f"{base_url}{EDITIONS[lang]}glossary/", DESKTOP)
    groups = page.eval_on_selector_all(
        "h2[id^=letter-]",
        "hs => hs.map(h => { "
        + TABLE_AFTER
        + """
               const first = (r) => r.cells[0].innerText.split('\\n')[0].trim();
               return [h.id.slice(7), [...el.querySelectorAll('tbody tr')].map(first)]; })""",
    )
    assert len(groups) > 3
    index = page.eval_on_selector_all(".pe-letters a", "as => as.map(a => a.getAttribute('href'))")
    assert index == [f"#letter-{letter}" for letter, _ in groups]

    def key(term: str) -> str:
        return " ".join(lazy_pinyin(term)).lower() if lang == "zh" else term.lower()

    terms = [t for _, ts in groups for t in ts]
    assert [key(t) for t in terms] == sorted(key(t) for t in terms)
    for letter, ts in groups:
        assert all(key(t).startswith(letter) for t in ts), (letter, ts)
    page.click(f".pe-letters a >> nth={len(index) - 1}")
    assert page.locator(f"h2#letter-{groups[-1][0]}").is_visible()
    assert not errors
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["", "policies/", "jurisdictions/{busiest}/"])
def test_phone_tables_keep_dates_whole_and_status_in_view(browser, base_url, data, lang, path):
    """The home page, the policy list and the jurisdiction with the most policies of its own and below."""
    parents = {j["id"]: j.get("parent") for j in data["jurisdictions"]}

    def under(jid: str) -> int:
        def inside(j):
            return j == jid or (parents[j] is not None and inside(parents[j]))

        return sum(inside(p["jurisdiction"]) for p in data["policies"])

    own = {p["jurisdiction"] for p in data["policies"]}
    path = path.format(busiest=max(own, key=under))
    page, errors = _opened(browser, f"{base_url}{EDITIONS[lang]}{path}", PHONE)
    dates = page.eval_on_selector_all(
        ".pe-date", "ds => ds.map(d => [d.textContent, d.getClientRects().length])"
    )
    assert dates and all(lines == 1 for _, lines in dates), [d for d in dates if d[1] != 1]
    statuses = page.eval_on_selector_all(
        "table .pe-status",
        "ss => ss.map(s => { const r = s.getBoundingClientRect(); return [r.left, r.right]; })",
    )
    if path:
        assert statuses
    assert all(left >= 0 and right <= PHONE["width"] for left, right in statuses), statuses
    assert not errors
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_recent_changes_link_to_their_policy(browser, base_url, data, lang):
    strings = load_strings()
    page, errors = _opened(browser, base_url + EDITIONS[lang], DESKTOP)
    heading = page.locator("h2", has_text=strings["recently_changed"][lang])
    table = heading.locator("xpath=following-sibling::*[1]").locator("table")
    if table.count() == 0:  # a build without git history says so instead
        assert strings["no_history"][lang] in page.inner_text("article")
        page.context.close()
        return
    ids = {p["id"] for p in data["policies"]}
    rows = table.locator("tbody tr")
    kinds = {strings[f"change_{k}"][lang]: k for k in ("added", "changed", "removed")}
    for i in range(rows.count()):
        row = rows.nth(i)
        kind = kinds[row.locator("td").nth(2).inner_text().split(" (")[0].split("（")[0].strip()]
        links = row.locator("td >> nth=1").locator("a")
        if kind == "removed":
            continue
        href = links.first.get_attribute("href")
        assert href.split("/")[-2] in ids or href.rstrip("/").split("/")[-1] in ids, href
    assert not errors
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_changes_page_and_feeds_are_written_for_readers(browser, base_url, data, lang):
    from policy_explorer.history.diff import FIELD_NAMES

    strings = load_strings()
    page, errors = _opened(browser, f"{base_url}{EDITIONS[lang]}changes/", DESKTOP)
    article = page.locator("article")
    assert strings["changes_intro"][lang] in article.inner_text()
    # Sections are dated, not titled with developers' commit messages; lists are flat.
    headings = page.eval_on_selector_all(
        "article h2", "hs => hs.map(h => h.textContent.replace('¶', '').trim())"
    )
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", h) for h in headings), headings
    assert page.locator("article li ul").count() == 0
    text = article.inner_text()
    for words in FIELD_NAMES.values():  # a reader's phrase may hold its key ("facts the calculator…")
        text = text.replace(words[lang], "")
    internal = [k for k, words in FIELD_NAMES.items() if words[lang] != k]  # "source" is a word
    # A key that is also an English word ("application") counts where it stands as a name, not inside a
    # reader's phrase ("no application window").
    assert not [k for k in internal if re.search(rf"\b{re.escape(k)}\b(?! [a-z])", text)]
    ids = {p["id"] for p in data["policies"]}
    for href in page.eval_on_selector_all("article h3 a:not(.headerlink)", "as => as.map(a => a.href)"):
        assert urlsplit(href).path.rstrip("/").split("/")[-1] in ids, href
    # The site's feed and one per place a company can be in, each a well-formed Atom feed.
    feeds = page.eval_on_selector_all(".pe-feeds a", "as => as.map(a => a.href)")
    places = {j["id"] for j in data["jurisdictions"] if j["level"] in ("city", "district")}
    assert len(feeds) >= 2 and {urlsplit(f).path.rsplit("/", 1)[-1] for f in feeds} <= {"feed.xml"} | {
        f"feed-{p}.xml" for p in places
    }
    for url in feeds:
        response = page.request.get(url)
        assert response.ok and b"<feed xmlns=" in response.body(), url
    assert not errors
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_footer_names_licence_data_version_build_date_and_source(browser, base_url, lang):
    from conftest import BUILD_DATE, POLICIES

    from policy_explorer.calculator.data import fingerprint

    strings = load_strings()
    page, errors = _opened(browser, f"{base_url}{EDITIONS[lang]}policies/", PHONE)
    footer = page.locator(".pe-footer")
    text = footer.inner_text()
    assert strings["footer_licence"][lang] in text
    assert footer.locator("code").inner_text() == fingerprint(POLICIES)[:12]
    assert f"{strings['footer_built'][lang]} {BUILD_DATE}" in text
    footer.locator("a").click()
    assert urlsplit(page.url).path == f"/{EDITIONS[lang]}about/"
    assert not errors
    page.context.close()


def test_chinese_terms_are_words_in_the_english_search(browser, base_url, data):
    """English pages keep some Chinese terms (揭榜挂帅); Material marks Chinese words with zero-width
    spaces in both editions, so the English index splits there too and finds them."""
    named = [c for c in data["categories"] if c["label"]["zh"] in c["label"]["en"]]
    assert named
    for category in named:
        page, errors = _opened(browser, base_url + "en/", DESKTOP)
        search(page, category["label"]["zh"])
        first = page.eval_on_selector(".md-search-result__item a", "a => a.href")
        assert urlsplit(first).path == f"/en/compare/{category['id']}/", first
        assert not errors
        page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_clause_pages_write_the_formula_out(browser, base_url, data, lang):
    """A clause whose amount is the smaller of two reads "min(…, …)", not a list of rates and bases."""
    from policy_explorer.sitegen.formula_text import formula_text

    facts = {f["id"]: f for f in data["facts"]}
    policy, clause, text = next(
        (p, c, formula_text(c["benefit"], facts, lang))
        for p in data["policies"]
        for c in p["clauses"]
        if "min(" in (formula_text(c["benefit"], facts, lang) or "")
    )
    page, errors = _opened(
        browser, f"{base_url}{EDITIONS[lang]}policies/{policy['id']}/{clause_anchor(clause['id'])}/", DESKTOP
    )
    assert page.locator(".pe-formula").inner_text() == text
    assert not errors
    page.context.close()


@pytest.mark.parametrize("category", ["corpus_voucher", "compute_voucher"])
def test_the_traditional_edition_finds_each_voucher_by_its_converted_name(browser, base_url, data, category):
    # categories.yaml: "label: {zh: 语料券 …}"; the zh-Hant edition writes it 語料券 (OpenCC s2hk), and its
    # search must keep it one word and find every policy with a clause of that category.
    label = next(c["label"]["zh"] for c in data["categories"] if c["id"] == category)
    page, _, errors = _open(browser, base_url + "zh-Hant/")
    assert page.get_attribute("html", "lang") == "zh-HK"  # the edition is written for Hong Kong
    found = _search(page, hant.to_hant(label))
    expected = {p["id"] for p in data["policies"] if any(c["category"] == category for c in p["clauses"])}
    assert expected and not expected - found, f"{hant.to_hant(label)!r} did not find {expected - found}"
    assert not errors
    page.close()


def test_the_language_switch_offers_three_editions_of_the_same_page(browser, base_url):
    page, _, errors = _open(browser, base_url + "zh-Hant/calculator/")
    links = page.eval_on_selector_all(
        "a.md-select__link[hreflang]", "els => els.map(e => [e.hreflang, new URL(e.href).pathname])"
    )
    assert sorted(links) == [
        ["en", "/en/calculator/"],
        ["zh-HK", "/zh-Hant/calculator/"],  # the zh-Hant edition, written for Hong Kong
        ["zh-Hans", "/calculator/"],
    ]
    assert not errors
    page.close()
