"""The English/EUR fixture site (``tests/fixtures/eur_site``): English sources checked verbatim,
amounts in euros with no 万, and the command-line calculator computing its worked example."""

from __future__ import annotations

import json
import os
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
        [sys.executable, "-m", "calculator", *args],
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
