"""The English/EUR fixture site (``tests/fixtures/eur_site``) in Chromium, with its calculator's
runtime: a worked example computed in the browser in euros, typed with the euro sign.

Clause 1 of the fictional Northvale programme: "a grant of 25% of the compute fees actually paid, up
to EUR 2,000,000 per company a year"; clause 2: "a one-off award of EUR 40,000, up to EUR 120,000 per
company a year". Fees of €5,000,000 and two models: 25% × 5,000,000 = 1,250,000 and 2 × 40,000 =
80,000, together €1,330,000.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import Visit, serve, until
from conftest import BUILD_DATE, ROOT

EUR_SITE = Path(__file__).parent / "fixtures" / "eur_site"
MAX_CNY = 1_330_000


@pytest.fixture(scope="module")
def eur_url(tmp_path_factory):
    """The fixture built with ``runtime: true`` (this checkout's pinned Pyodide) and served."""
    work = tmp_path_factory.mktemp("eur-runtime")
    source = work / "src"
    shutil.copytree(EUR_SITE, source)
    config = source / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("runtime: false", "runtime: true"))
    (source / "tools").mkdir()
    (source / "tools" / "node").symlink_to(ROOT / "tools" / "node")
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "POLICY_EXPLORER_BUILD_DATE": BUILD_DATE,
        "PYTHONPATH": str(ROOT),
    }
    site = work / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    with serve(site) as url:
        yield url


def test_the_calculator_computes_the_worked_example_in_euros(browser, eur_url):
    watch = Visit(browser, eur_url + "calculator/#j=northvale&f.compute_spend=5000000&f.models_deployed=2")
    page = watch.page
    page.wait_for_selector(f'#pe-calc-output [data-total=max][data-cny="{MAX_CNY}"]', timeout=120_000)
    output = page.inner_text("#pe-calc-output")
    assert "€1,330,000" in output and "€1,250,000" in output and "€80,000" in output
    assert "万" not in output and "CNY" not in output
    assert not page.is_visible("#pe-unit-wan")  # no 万 switch on a site whose currency has none
    # Typed as the site writes money: €6,000,000 → 25% = 1,500,000, + 80,000.
    page.fill("#pe-f-compute_spend", "€6,000,000")
    page.wait_for_selector('#pe-calc-output [data-total=max][data-cny="1580000"]', timeout=60_000)
    until(page, "document.querySelector('#pe-calc-output').innerText.includes('€1,580,000')")
    assert not watch.errors


HOST = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; frame-src {site}; script-src {site}">
<title>A consultancy blog</title></head><body><h1>What can you claim in Northvale?</h1>
{snippet}
</body></html>"""


def test_the_embed_builder_s_snippet_works_on_another_origin(browser, eur_url, tmp_path):
    """The English root's builder writes a snippet for /widget/ (not /en/widget/); pasted into a page
    served from another origin it computes the scenario the preview holds, in euros."""
    context = browser.new_context()
    builder = Visit(context, eur_url + "embed/").page
    frame = builder.frame_locator("#pe-eb-preview")
    frame.locator('#pe-calc-output [data-total=max][data-cny="1250000"]').wait_for(timeout=120_000)
    until(builder, "document.getElementById('pe-eb-snippet').value.includes('f.compute_spend=5000000')")
    snippet = builder.input_value("#pe-eb-snippet")
    assert f'src="{eur_url}widget/?compact=1#' in snippet
    assert f'<script src="{eur_url}assets/calculator/embed.js"' in snippet
    site = eur_url.rstrip("/")
    (tmp_path / "index.html").write_text(HOST.format(site=site, snippet=snippet), encoding="utf-8")
    with serve(tmp_path) as host:
        assert host.split("/")[2] != eur_url.split("/")[2]  # another origin (another port)
        page = Visit(context, host).page
        widget = page.frame_locator("iframe")
        widget.locator('#pe-calc-output [data-total=max][data-cny="1250000"]').wait_for(timeout=120_000)
        assert "€1,250,000" in widget.locator("#pe-calc-output").inner_text()
        # The fee is shown as typed in euros, not as 500 (万) under a euro label.
        assert widget.locator("#pe-f-compute_spend").input_value() in ("5000000", "5,000,000")
    context.close()
