"""Search ranking: the query set (derived from the data plus policies/search_queries.yaml) run
through Material's own search worker on the built site, with recall at 1 and at 3 per edition."""

from __future__ import annotations

import pytest
from conftest import POLICIES

from policy_explorer.search_queries import (
    Query,
    SearchQueryError,
    converted,
    derived,
    extra,
    ranked,
    recall,
    terms,
    topical,
)
from policy_explorer.sitegen.hant import to_hant

QUERIES = POLICIES / "search_queries.yaml"


@pytest.fixture(scope="module")
def results(built_site, data):
    queries = [q for lang in ("zh", "en") for q in derived(data, lang) + extra(QUERIES, data, lang)]
    queries += converted(queries)
    return queries, ranked(built_site, queries)


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
def test_recall_at_1_and_3(results, lang, capsys):
    queries, found = results
    mine = [(q, f) for q, f in zip(queries, found, strict=True) if q.lang == lang]
    assert len(mine) >= 40
    qs, fs = [q for q, _ in mine], [f for _, f in mine]
    at1, at3 = recall(qs, fs, 1), recall(qs, fs, 3)
    with capsys.disabled():
        print(f"\nsearch {lang}: {len(qs)} queries, recall@1 {at1:.3f}, recall@3 {at3:.3f}")
        for q, f in mine:
            if q.page not in f[:1]:
                print(f"  not first: {q.text!r} → {q.page} ({q.origin}); found {f[:3]}")
    assert at1 >= 0.9
    assert at3 >= 0.98


def test_compute_voucher_finds_its_own_word_first(results):
    """Glossary: "算力券 … 政府向企业发放、用于抵扣租用或购买智能算力费用的补贴凭证" is the category 算力券,
    not 算力基础设施: the search must read the word whole (sitegen/search_worker.py), in both editions."""
    queries, found = results
    for q, f in zip(queries, found, strict=True):
        if q.text == "算力券":
            assert f[0] == "compare/compute_voucher/", (q.lang, f[:3])
    assert {q.lang for q in queries if q.text == "算力券"} == {"zh", "en", "zh-Hant"}


def test_every_category_name_is_a_query_in_both_editions(data):
    for lang in ("zh", "en"):
        pages = {q.page for q in derived(data, lang)}
        assert {f"compare/{c['id']}/" for c in data["categories"]} <= pages
    zh_in_en = {q.text for q in derived(data, "en")}
    assert {c["label"]["zh"] for c in data["categories"]} <= zh_in_en


def test_every_category_and_place_has_search_terms_that_are_queries(data):
    """Issue 29: "the wording of each document finds its category page": each category's own words
    (its search_terms) are queries for its page, in each edition; so are each place's."""
    for lang in ("zh", "en"):
        asked = {(q.text, q.page) for q in derived(data, lang)}
        for c in data["categories"]:
            assert c["search_terms"]["zh"] and c["search_terms"]["en"], c["id"]
            assert {(t, f"compare/{c['id']}/") for t in terms(c, lang)} <= asked
        places = {q.page for q in derived(data, lang)}
        for j in data["jurisdictions"]:
            if f"jurisdictions/{j['id']}/" in places and j.get("search_terms"):
                assert {(t, f"jurisdictions/{j['id']}/") for t in terms(j, lang)} <= asked


SITE_PAGES = ("changes/", "about/", "methodology/")


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
def test_pages_about_the_site_never_outrank_a_topic_page(results, lang):
    """Issue 29: "the changes, about and methodology pages never outrank a category, place or policy
    page for a topic word" (模型备案 listed 关于本站 first, 新三板 the changes page)."""
    queries, found = results
    wrong = []
    for q, f in zip(queries, found, strict=True):
        if q.lang != lang or not topical(q):
            continue
        first_topic = next(
            (i for i, page in enumerate(f) if page.startswith(("compare/", "jurisdictions/", "policies/"))),
            len(f),
        )
        if any(page in SITE_PAGES for page in f[:first_topic]):
            wrong.append((q.text, f[:3]))
    assert not wrong


def test_either_script_finds_the_same_pages(built_site, results):
    """Issue 29: "訓力券 in the Simplified edition and 训力券 in the Traditional one find the same
    pages": every Chinese query typed in the other script lists the same first pages."""
    queries, found = results
    simplified = [(q, f) for q, f in zip(queries, found, strict=True) if q.lang == "zh"]
    traditional = [(q, f) for q, f in zip(queries, found, strict=True) if q.lang == "zh-Hant"]
    assert len(simplified) == len(traditional)  # converted() keeps the order
    typed = [Query("zh", to_hant(q.text), q.page, q.origin) for q, _ in simplified]
    typed += [
        Query("zh-Hant", s.text, t.page, t.origin)
        for (s, _), (t, _) in zip(simplified, traditional, strict=True)
    ]
    assert sum(q.text != to_hant(q.text) for q, _ in simplified) >= 20  # the check has scripts to fold
    again = ranked(built_site, typed)
    expected = [f[:3] for _, f in simplified] + [f[:3] for _, f in traditional]
    differ = [
        (q.lang, q.text, a[:3], e) for q, a, e in zip(typed, again, expected, strict=True) if a[:3] != e
    ]
    assert not differ


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- query: {zh: [龙岗]}\n  jurisdiction: nowhere\n", "yaml:1: no jurisdiction `nowhere`"),
        ("- query: {zh: [龙岗]}\n", "name exactly one page to find"),
        ("- query: {zh: ['+龙岗']}\n  glossary: true\n", "is not a plain query"),
        ("- query: {fr: [x]}\n  glossary: true\n", "takes zh and en, not fr"),
        ("- 龙岗\n", "write `- query: {zh: …, en: …}`"),
    ],
)
def test_a_bad_entry_names_its_line(tmp_path, data, text, message):
    path = tmp_path / "search_queries.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SearchQueryError, match=message.replace("(", r"\(").replace("{", r"\{")):
        extra(path, data, "zh")
