"""Search ranking: the query set (derived from the data plus policies/search_queries.yaml) run
through Material's own search worker on the built site, with recall at 1 and at 3 per edition."""

from __future__ import annotations

import pytest
from conftest import POLICIES

from policy_explorer.search_queries import SearchQueryError, converted, derived, extra, ranked, recall

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
