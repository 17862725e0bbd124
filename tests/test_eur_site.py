"""The English/EUR fixture site (``tests/fixtures/eur_site``): English sources checked verbatim,
amounts in euros with no 万, and the command-line calculator computing its worked example."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy_explorer.compile import write_compiled

ROOT = Path(__file__).resolve().parent.parent
EUR_SITE = Path(__file__).parent / "fixtures" / "eur_site"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> Path:
    return write_compiled(EUR_SITE / "policies", tmp_path_factory.mktemp("eur") / "policies.json")


def test_the_compiled_data_carries_the_site_s_language_and_currency(compiled):
    site = json.loads(compiled.read_text(encoding="utf-8"))["site"]
    assert site["source_language"] == "en"
    assert site["currency"] == {
        "code": "EUR",
        "symbol": "€",
        "grouping": ",",
        "decimal": ".",
        "chinese_units": False,
    }


def test_the_cli_computes_the_worked_example_in_euros(compiled, tmp_path):
    """Clause 1: "a grant of 25% of the compute fees actually paid, up to EUR 2,000,000 per company a
    year": fees of 5,000,000 → 25% = 1,250,000 (below the cap). Clause 2: "a one-off award of EUR
    40,000, up to EUR 120,000": two models → 80,000. Together €1,330,000."""
    profile = tmp_path / "profile.json"
    facts = {"compute_spend": 5_000_000, "models_deployed": 2}
    profile.write_text(json.dumps({"jurisdiction": "northvale", "facts": facts}), encoding="utf-8")
    env = {**os.environ, "CALCULATOR_DATA": str(compiled), "PYTHONPATH": str(ROOT)}
    args = ["estimate", str(profile), "--on", "2026-06-01", "--format", "table", "--lang", "en"]
    run = subprocess.run(
        [sys.executable, "-m", "policy_explorer.calculator", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = {line.split()[1]: line for line in run.stdout.splitlines() if line.startswith("northvale-ai-2026")}
    assert "€1,250,000" in rows["1"]
    assert "€80,000" in rows["2"]
    assert "Maximum total: €1,330,000" in run.stdout
    assert "万" not in run.stdout and "CNY" not in run.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture site built by the plugin with ``--strict`` (a copy: the build writes nothing here)."""
    work = tmp_path_factory.mktemp("eur-site")
    shutil.copytree(EUR_SITE, work / "site-src")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    out = work / "out"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=work / "site-src",
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return out


def _pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_the_site_builds_strict_with_amounts_in_euros_and_no_wan(built):
    """Clause 1's cap, "up to EUR 2,000,000", reads €2,000,000 on its page, and its first worked
    example (25% of €5,000,000) €1,250,000; nothing anywhere is written in 万 or CNY."""
    pages = _pages(built)
    clause = pages["policies/northvale-ai-2026/clause-1/index.html"]
    assert "€2,000,000" in clause and "€1,250,000" in clause
    assert [name for name, html in pages.items() if "万" in html or "CNY" in html] == []


def test_no_page_shows_a_chinese_word(built):
    """An English-source site shows no Chinese name beside an English one (a place's heading, a
    category's, their search tags): the data's `zh` texts are its translations, not its sources."""
    han = re.compile(r"[\u4e00-\u9fff]+")
    found = {}
    for name, page in _pages(built).items():
        visible = re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", page, flags=re.S))
        words = set(han.findall(html.unescape(visible)))
        if words:
            found[name] = sorted(words)
    assert found == {}


def test_english_sources_are_the_original_text_and_no_chinese_original_is_offered(built):
    clause = _pages(built)["policies/northvale-ai-2026/clause-1/index.html"]
    assert "Compute grants. Companies in Northvale that rent AI compute" in clause
    assert 'class="pe-original"' not in clause and "Original text (Chinese)" not in clause


def test_the_calculator_form_takes_euros_without_a_wan_switch(built):
    page = _pages(built)["calculator/index.html"]
    assert 'class="pe-calc__unit"' not in page
    assert re.search(r'id="pe-unit-cny" name="unit" value="cny" checked hidden', page)
    assert 'data-cny="EUR">· EUR</span>' in page
    # The example: "€5,000,000 of compute fees and two models" → 1,250,000 + 80,000.
    assert "€1,330,000" in page


def test_the_embed_builder_offers_the_english_root_edition(built):
    """On an English-root site the English widget is at /widget/, not /en/widget/ (a 404)."""
    page = _pages(built)["embed/index.html"]
    data = json.loads(html.unescape(re.search(r'data-editions="([^"]*)"', page)[1]))
    assert list(data) == ["en"]
    assert data["en"]["widget"] == "../widget/" and (built / "widget" / "index.html").is_file()
    assert data["en"]["script"] == "../assets/calculator/embed.js"
    assert (built / "assets" / "calculator" / "embed.js").is_file()
