"""A document's official interpretations (解读) and published disbursements (issue 34, item 5): the
data carries each one's address, date and publisher (a figure only with the notice's own sentence),
``validate`` refuses what is missing, and the policy page lists them. On the fictional Example City
document (tests/fixtures/new_policy), since no seed text records a real one yet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import ROOT
from fixture_policies import policies_with_fixture
from render_helper import render_edition

from policy_explorer.check import validate

DOC = "example-city-ai-2026"
PUBLISHED = """
interpretations:
  - kind: graphic
    title: {zh: 一图读懂示例市算力措施, en: Example City compute measures in one graphic}
    url: https://example.org/jd/2026-01-05.html
    date: 2026-01-05
    source: {zh: 示例市工业和信息化局, en: Example City Bureau of Industry and Information Technology}
disbursements:
  - title: {zh: 2026年第一批算力券兑付名单公示, en: First 2026 list of compute-voucher payments}
    url: https://example.org/gs/2026-06-30.html
    date: 2026-06-30
    source: {zh: 示例市工业和信息化局, en: Example City Bureau of Industry and Information Technology}
    amount: 1200万
    recipients: 15
    quote: 本批共向15家企业兑付算力券1200万元。
"""


def _policies(tmp_path: Path, extra: str) -> Path:
    target = policies_with_fixture(tmp_path / "policies")
    doc = target / "documents" / f"{DOC}.yaml"
    doc.write_text(doc.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return target


def _problems(policies: Path) -> list[str]:
    return [str(p) for p in validate(policies)]


def test_recorded_interpretations_and_disbursements_validate(tmp_path):
    assert _problems(_policies(tmp_path, PUBLISHED)) == []


def test_a_figure_without_the_notices_sentence_is_refused(tmp_path):
    problems = _problems(
        _policies(tmp_path, PUBLISHED.replace("    quote: 本批共向15家企业兑付算力券1200万元。\n", ""))
    )
    assert len(problems) == 1 and "quote" in problems[0] and DOC in problems[0], problems


def test_an_impossible_date_or_an_unknown_kind_is_refused(tmp_path):
    bad = PUBLISHED.replace("date: 2026-06-30", "date: 2026-06-31").replace("kind: graphic", "kind: poster")
    problems = _problems(_policies(tmp_path, bad))
    assert any("2026-06-31" in p for p in problems), problems
    assert any("poster" in p for p in problems), problems


def test_the_policy_page_lists_them_with_address_date_and_publisher(tmp_path):
    policies = _policies(tmp_path, PUBLISHED)
    for lang, words in (
        ("zh", ("官方解读", "一图读懂示例市算力措施", "图解", "已公布的兑付情况", "公告原文")),
        (
            "en",
            (
                "Official interpretations",
                "Example City compute measures in one graphic",
                "graphic",
                "Published disbursements",
                "The notice says",
            ),
        ),
    ):
        out = tmp_path / f"site-{lang}"
        render_edition(ROOT, lang, out, dt.date(2026, 7, 1), policies_dir=policies)
        page = (out / "policies" / f"{DOC}.md").read_text(encoding="utf-8")
        for word in words:
            assert word in page, word
        assert 'href="https://example.org/jd/2026-01-05.html"' in page and "2026-01-05" in page
        assert 'href="https://example.org/gs/2026-06-30.html"' in page and "2026-06-30" in page
        assert "本批共向15家企业兑付算力券1200万元。" in page  # the notice's sentence, as published
