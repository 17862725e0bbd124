"""Adding and removing policies touches only those policies' own files: the copy passes it all.

The fixture in ``tests/fixtures/new_policy/`` is fictional policies of a fictional city (its own
jurisdictions declared in the documents), with their source texts, those sources' entries and their
worked totals: exactly what README.md and AUTHORING.md tell a maintainer to add. Between them they carry
every shape of the model (start not stated, vouchers per part, a part with no amount, a cap that may be
relaxed, a duration, the paying level's share, a rate chosen by a yes/no, a gated top-up sharing a cap).
``fixtures/city_over_district/`` adds a city-level policy over districts the repository already has,
and one existing document is removed with its worked totals. The copy gets nothing else; then
``validate`` runs, and every test module that needs no browser runs on it (``-m "not slow"``): no test
may assume which documents, places or counts exist.
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
CITY_OVER_DISTRICT = Path(__file__).parent / "fixtures" / "city_over_district"
# An existing document removed from the copy, with its worked totals (its shared seed stays: other
# documents are normalized from the same article).
REMOVED = ("shenzhen-longhua-ai-robotics-2025", "shenzhen-longhua")
_BROWSER = ("playwright", "from browser import", "import browser", "chromium", "lighthouse")


def _fast_suite() -> list[str]:
    """Every test module that drives no browser, but this one: none may hard-code which documents,
    places or counts exist."""
    return sorted(
        f"tests/{path.name}"
        for path in (ROOT / "tests").glob("test_*.py")
        if path.name != Path(__file__).name
        and not path.stem.endswith("_browser")
        and not any(marker in path.read_text("utf-8") for marker in _BROWSER)
    )


def _add(policies: Path, fixture: Path) -> None:
    """A fixture's documents, sources, their entries and worked totals, added as a maintainer adds them."""
    for name in ("documents", "sources", "totals"):
        for path in (fixture / name).glob("*.*"):
            shutil.copy(path, policies / name / path.name)
    with (policies / "sources" / "sources.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write((fixture / "sources.yaml").read_text(encoding="utf-8"))


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
    _add(policies, FIXTURE)
    _add(policies, CITY_OVER_DISTRICT)
    document, place = REMOVED
    (policies / "documents" / f"{document}.yaml").unlink()
    (policies / "totals" / f"{place}.yaml").unlink()
    commit = ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "Policies added and removed"]
    for args in (["init", "-q"], ["add", "-A"], commit):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    return repo


def test_the_new_policy_validates_and_computes(copy):
    assert _run(copy, "-m", "policy_explorer", "validate").returncode == 0
    profile = copy / "profile.json"
    profile.write_text('{"jurisdiction": "example-city", "facts": {"compute_spend": 1000000}}')
    run = _run(copy, "-m", "policy_explorer.calculator", "estimate", str(profile), "--on", "2026-06-01")
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


def test_a_city_policy_reaches_its_districts_and_a_removed_one_is_gone(copy, tmp_path):
    """杭州示例 "对首次在境内外证券交易所上市的人工智能企业，给予一次性奖励100万元": a Xihu company that
    listed for the first time gets it (the city is above the district); the removed Longhua measures
    are in neither the calculator nor the pages."""
    profile = copy / "listed.json"
    profile.write_text('{"jurisdiction": "hangzhou-xihu", "facts": {"first_listing": true}}')
    run = _run(copy, "-m", "policy_explorer.calculator", "estimate", str(profile), "--on", "2026-06-01")
    assert run.returncode == 0, run.stderr
    items = {(i["policy"], i["clause"]): i["max_cny"] for i in json.loads(run.stdout)["items"]}
    assert items[("hangzhou-example-2026", "1")] == 1_000_000
    pages = tmp_path / "pages"
    assert _run(copy, "-m", "policy_explorer", "render", "--out", str(pages)).returncode == 0
    for lang in ("zh", "en", "zh-Hant"):
        assert "hangzhou-example-2026" in (pages / lang / "jurisdictions" / "hangzhou-xihu.md").read_text(
            "utf-8"
        )
        assert not (pages / lang / "policies" / f"{REMOVED[0]}.md").exists()
    profile.write_text('{"jurisdiction": "shenzhen-longhua", "facts": {"compute_spend": 1000000}}')
    run = _run(copy, "-m", "policy_explorer.calculator", "estimate", str(profile), "--on", "2025-06-01")
    assert REMOVED[0] not in run.stdout


def _parallel() -> list[str]:
    """Parallel processes for the copy's suite where pytest-xdist is installed (as `./dev test` has it):
    the longest test of the run, it would otherwise keep one CPU busy while the other waits."""
    try:
        import xdist  # noqa: F401
    except ImportError:
        return []
    return ["-n", "2", "--dist", "loadfile"]


def test_the_suite_passes_on_the_copy(copy):
    args = ["-q", "-p", "no:cacheprovider", "-m", "not slow", *_parallel(), *_fast_suite()]
    run = _run(copy, "-m", "pytest", *args)
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
    result = json.loads(
        _run(copy, "-m", "policy_explorer.calculator", "estimate", str(profile), "--on", "2026-06-01").stdout
    )
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
        run = _run(copy, "-m", "policy_explorer.calculator", "estimate", str(profile), "--on", on)
        assert run.returncode == 0, run.stderr
        result = json.loads(run.stdout)
        items = {(i["policy"], i["clause"]): i["max_cny"] for i in result["items"]}
        if amount is None:  # 40 months is not "未满36个月"
            assert clause in {(i["policy"], i["clause"]) for i in result["ineligible"]}
        else:
            assert items[clause] == amount
