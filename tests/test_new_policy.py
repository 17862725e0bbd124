"""Adding a policy touches that policy's own files: a new city's policy, added to a copy, passes it all.

The fixture in ``tests/fixtures/new_policy/`` is a fictional policy of a fictional city (its own
jurisdictions declared in the document), with its source text, that source's entry and its worked
totals: exactly what README.md and AUTHORING.md tell a maintainer to add. The copy gets nothing
else; then ``validate`` and the data, engine, totals, CLI, generator and site-build tests run on it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "new_policy"
LEFT_OUT = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "site", ".cache", "__pycache__", ".pytest_cache", ".ruff_cache"
)
# The modules that read the data: none may hard-code which documents, places or counts exist.
SUITE = [
    "tests/test_data.py",
    "tests/test_totals.py",
    "tests/test_engine.py",
    "tests/test_cli.py",
    "tests/test_sitegen.py",
    "tests/test_site_build.py",
]


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """This repository's working tree in a fresh git checkout, with the new policy's files added."""
    repo = tmp_path_factory.mktemp("copy") / "repo"
    shutil.copytree(ROOT, repo, ignore=LEFT_OUT, symlinks=True)
    (repo / "tools" / "node" / "node_modules").symlink_to(ROOT / "tools" / "node" / "node_modules")
    policies = repo / "policies"
    for name in ("documents", "sources", "totals"):
        for path in (FIXTURE / name).glob("*.*"):
            shutil.copy(path, policies / name / path.name)
    with (policies / "sources" / "sources.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write((FIXTURE / "sources.yaml").read_text(encoding="utf-8"))
    commit = ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "A new city's policy"]
    for args in (["init", "-q"], ["add", "-A"], commit):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    return repo


def test_the_new_policy_validates_and_computes(copy):
    assert _run(copy, "-m", "policy_explorer", "validate").returncode == 0
    profile = copy / "profile.json"
    profile.write_text('{"jurisdiction": "example-city", "facts": {"compute_spend": 1000000}}')
    run = _run(copy, "-m", "calculator", "estimate", str(profile), "--on", "2026-06-01")
    assert run.returncode == 0, run.stderr
    # 第一条 "按实际算力服务费用的30%给予补贴，单家企业每年最高200万元": 30% × 100万 = 30万;
    # 第三条 "按算力服务合同金额的40%发放算力券": 40% × 100万 = 40万; together 70万.
    assert json.loads(run.stdout)["total_max_cny"] == 700_000


def test_the_new_policy_and_its_places_get_their_pages(copy, tmp_path):
    assert _run(copy, "-m", "policy_explorer", "render", "--out", str(tmp_path / "pages")).returncode == 0
    for lang in ("zh", "en"):
        pages = tmp_path / "pages" / lang
        assert (pages / "policies" / "example-city-ai-2026" / "clause-2.md").is_file()
        assert "example-city-ai-2026" in (pages / "jurisdictions" / "example-city.md").read_text("utf-8")


def test_the_suite_passes_on_the_copy(copy):
    run = _run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUITE)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_the_new_policy_says_how_and_when_to_apply(copy, tmp_path):
    """Its source: "第一条补贴的申报时间为2026年3月1日至2026年4月30日，
    申报材料为申请表、算力服务合同和付款凭证。" and "第二条奖励每年集中申报"."""
    import icalendar

    pages = tmp_path / "pages"
    run = _run(
        copy, "-m", "policy_explorer", "render", "--out", str(pages), "--no-runtime", "--date", "2026-06-01"
    )
    assert run.returncode == 0, run.stderr
    clause = (pages / "en" / "policies" / "example-city-ai-2026" / "clause-1.md").read_text("utf-8")
    assert "Apply from 1 March 2026 to 30 April 2026" in clause
    assert "Materials: Application form; Compute service contract; Proof of payment" in clause
    # The document's guide, under each clause: an encoded link, never Markdown link syntax.
    assert '<a href="https://example.org/apply">https://example.org/apply</a>' in clause
    yearly = (pages / "zh" / "policies" / "example-city-ai-2026" / "clause-2.md").read_text("utf-8")
    assert "每年发布申报通知" in yearly
    # The scrape's "[图片]" placeholder is left out of the clause, and the page says so.
    assert "来源文本为 “支持模型备案。\\[图片\\]对首次”，本站文本为 “支持模型备案。对首次”：" in yearly
    cal = icalendar.Calendar.from_ical((pages / "zh" / "calendar.ics").read_bytes())
    deadlines = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("example-city-ai-2026-1-apply-")]
    assert [e.decoded("DTSTART") for e in deadlines] == [dt.date(2026, 4, 30)]
    # "本措施自2026年1月1日起施行，有效期3年": the last day in force is 2028-12-31.
    expiry = next(
        e for e in cal.walk("VEVENT") if str(e["UID"]) == "example-city-ai-2026-expiry-zh@ai-policy-explorer"
    )
    assert expiry.decoded("DTSTART") == dt.date(2028, 12, 31)
    profile = copy / "apply.json"
    profile.write_text('{"jurisdiction": "example-city", "facts": {"compute_spend": 1000000}}')
    result = json.loads(_run(copy, "-m", "calculator", "estimate", str(profile), "--on", "2026-06-01").stdout)
    item = next(i for i in result["items"] if i["clause"] == "1")
    assert item["application"]["zh"][0] == "申报时间：2026年3月1日至2026年4月30日"
    assert item["application"]["url"] == "https://example.org/apply"


def test_a_fact_id_two_documents_declare_is_each_ones_own(copy):
    """The fixture's start-up measures declare `company_age_months`, as the Shenzhen measures do.

    示例市 "对成立未满36个月的人工智能企业，给予一次性奖励10万元": 12 months → 10万. 深圳(十五) pays a
    returnee-founded company registered 6 to 48 months ago "100万、50万、30万": 24 months → up to 100万.
    Each profile's short name means its own place's fact; both full ids are in the compiled data.
    """
    compiled = copy / "compiled.json"
    assert _run(copy, "-m", "policy_explorer", "compile", "--out", str(compiled)).returncode == 0
    ids = {f["id"] for f in json.loads(compiled.read_text("utf-8"))["facts"]}
    assert {
        "example-city-startup-2026.company_age_months",
        "shenzhen-ai-pioneer-measures-2024.company_age_months",
    } <= ids
    cases = [
        (
            "example-city",
            "2026-06-01",
            {"company_age_months": 12},
            ("example-city-startup-2026", "1"),
            100_000,
        ),
        (
            "shenzhen",
            "2025-06-01",
            {"company_age_months": 24, "returnee_founder": True},
            ("shenzhen-ai-pioneer-measures-2024", "15"),
            1_000_000,
        ),
        (
            "example-city",
            "2026-06-01",
            {"example-city-startup-2026.company_age_months": 40},
            ("example-city-startup-2026", "1"),
            None,
        ),
    ]
    for place, on, facts, clause, amount in cases:
        profile = copy / "age.json"
        profile.write_text(json.dumps({"jurisdiction": place, "facts": facts}))
        run = _run(copy, "-m", "calculator", "estimate", str(profile), "--on", on)
        assert run.returncode == 0, run.stderr
        result = json.loads(run.stdout)
        items = {(i["policy"], i["clause"]): i["max_cny"] for i in result["items"]}
        if amount is None:  # 40 months is not "未满36个月"
            assert clause in {(i["policy"], i["clause"]) for i in result["ineligible"]}
        else:
            assert items[clause] == amount
