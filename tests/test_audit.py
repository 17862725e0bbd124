"""The quality gates on the test build: links, hosts, CSP, the Nu HTML Checker and axe-core.

Lighthouse runs on the whole site in ``./dev audit`` only (a minute of Chromium per page);
``test_lighthouse.py`` tests its gate on its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_explorer.audit import Gate, html_pages, page_type, sample_policy
from policy_explorer.audit.__main__ import main, report
from policy_explorer.audit.axe import check_accessibility
from policy_explorer.audit.csp import check_csp
from policy_explorer.audit.links import check_hosts, check_links
from policy_explorer.audit.repro import differences
from policy_explorer.audit.vnu import check_html


def test_the_audited_policy_page_is_the_calculator_examples_place(tmp_path):
    (tmp_path / "site_templates").mkdir()
    (tmp_path / "policy_explorer" / "calculator" / "_data").mkdir(parents=True)
    (tmp_path / "site_templates" / "example_profile.yaml").write_text("jurisdiction: b\n")
    policies = [{"id": i, "jurisdiction": j} for i, j in (("z-b", "b"), ("a-a", "a"), ("c-b", "b"))]
    (tmp_path / "policy_explorer" / "calculator" / "_data" / "policies.json").write_text(
        json.dumps({"policies": policies})
    )
    assert sample_policy(tmp_path) == "c-b"
    (tmp_path / "site_templates" / "example_profile.yaml").write_text("jurisdiction: nowhere\n")
    with pytest.raises(RuntimeError, match="no policy of nowhere"):
        sample_policy(tmp_path)


def test_links_and_anchors_resolve_in_both_languages(built_site):
    gate = check_links(built_site)
    assert gate.problems == []
    assert int(gate.summary.split()[0]) > 10_000  # every page's navigation, tables and cross-references


def test_a_broken_anchor_is_found(built_site, tmp_path):
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    page.write_text('<a href="#nowhere">x</a><a href="gone/">y</a><p id="here"></p><a href="#here">z</a>')
    assert [p.split(" → ")[1] for p in check_links(page.parent).problems] == [
        "no id `nowhere` there",
        "no such file",
    ]


def test_nothing_is_loaded_from_another_host(built_site):
    assert check_hosts(built_site).problems == []


def test_every_page_has_its_policy(built_site):
    assert check_csp(built_site).problems == []


def test_no_html_errors_on_any_page_type(built_site):
    gate = check_html(built_site)
    assert gate.problems == []
    types = {row[0] for row in gate.table[1:]}
    assert {"home", "policy", "clause", "comparison", "jurisdiction", "calculator", "widget", "404"} <= types


def test_no_accessibility_violation(browser, base_url):
    """The gate fails on serious or critical findings; the site has none of any impact, and keeps it so."""
    gate = check_accessibility(browser, base_url)
    assert gate.problems == []
    assert len(gate.table) == 1 + 4 * 3 * 2  # 4 pages × 3 editions (zh, en, zh-Hant) × light and dark
    assert [row for row in gate.table[1:] if row[3:] != ["0"] * 4] == []


def test_page_types():
    site = Path("/s")
    assert page_type(site, site / "index.html") == "home"
    assert page_type(site, site / "en/policies/p/clause-3/index.html") == "clause"
    assert page_type(site, site / "policies/p/index.html") == "policy"
    assert page_type(site, site / "en/compare/index.html") == "comparison index"
    assert page_type(site, site / "zh-Hant/policies/p/index.html") == "policy"
    assert page_type(site, site / "zh-Hant/index.html") == "home"


def test_each_editions_pages_are_its_own(tmp_path):
    for page in ("index.html", "en/index.html", "zh-Hant/index.html", "zh-Hant/glossary/index.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<!doctype html>", encoding="utf-8")
    assert html_pages(tmp_path, "zh") == [tmp_path / "index.html"]
    assert html_pages(tmp_path, "zh-Hant") == [
        tmp_path / "zh-Hant/glossary/index.html",
        tmp_path / "zh-Hant/index.html",
    ]


def test_differences_name_every_changed_file(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for root, text in ((a, "1"), (b, "2")):
        (root / "x").mkdir(parents=True)
        (root / "x" / "same.txt").write_text("s")
        (root / "x" / "f.txt").write_text(text)
    (a / "only.txt").write_text("")
    assert differences(a, b) == ["only.txt: only in the first build", "x/f.txt: bytes differ"]


def test_report_lists_gates_and_findings():
    text = report(
        [
            (Gate("links", "3 links"), 1.0),
            (Gate("html", "2 pages", ["a:1: bad"], [["t", "n"], ["x", "1"]]), 2.0),
        ]
    )
    assert "| links | pass | 3 links | 1 s |" in text
    assert "| html | FAIL | 2 pages | 2 s |" in text
    assert "## html: 1 finding(s)" in text and "- a:1: bad" in text


def test_bad_arguments_get_one_message(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--lighthouse-runs", "0"])
    assert exit_.value.code == 2
    assert "`0` is not a whole number of runs of at least 1" in capsys.readouterr().err
    assert main(["--site", str(tmp_path)]) == 2
    expected = f"error: {tmp_path} is not a built site (no index.html): run ./dev build\n"
    assert capsys.readouterr().err == expected
