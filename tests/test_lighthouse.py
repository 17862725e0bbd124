"""The Lighthouse gate: its budgets one by one, the main thread's CPU time, and a page made slow.

The slow page runs through Lighthouse for real (about a minute): it must fail on what a build
decides (render-blocking requests, bytes before paint) and on its main thread's work, while a copy
of vanilla Material measured in the same round passes.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import replace
from pathlib import Path

import pytest

from policy_explorer.audit.browser import serve
from policy_explorer.audit.lighthouse import (
    BUDGET,
    CATEGORIES,
    VANILLA,
    Load,
    check_lighthouse,
    judge,
    main_thread_cpu_ms,
    vanilla_site,
)

PERFECT = dict.fromkeys(CATEGORIES, 1.0)
BASE = Load(
    scores={**PERFECT, "accessibility": 0.92},
    blocking=(("http://v/main.css", 23_000), ("http://v/bundle.js", 35_000)),
    document_bytes=3_000,
    layout_shift=0.0,
    main_thread_ms=100.0,
    lost=(),
)
OURS = Load(
    scores=PERFECT,
    blocking=(("http://o/site.css", 27_000), ("http://o/bundle.js", 35_000)),
    document_bytes=14_000,
    layout_shift=0.002,
    main_thread_ms=190.0,
    lost=(),
)
URLS = {VANILLA: "http://v/", "policy": "http://o/policy/"}


def _judge(*ours: Load, base: Load = BASE) -> list[str]:
    return judge(URLS, [{VANILLA: base, "policy": load} for load in ours]).problems


def test_a_page_within_every_budget_passes():
    assert _judge(OURS, OURS, OURS) == []


def test_the_performance_score_is_reported_not_gated():
    """The score moves with the machine (70 to 98 for one page): a low one alone fails nothing."""
    slow_machine = replace(OURS, scores={**PERFECT, "performance": 0.7})
    gate = judge(URLS, [{VANILLA: BASE, "policy": slow_machine}])
    assert gate.problems == []
    assert gate.table[2][:2] == ["policy", "70"]


def test_a_score_below_vanilla_in_a_gated_category_fails():
    worse = replace(OURS, scores={**PERFECT, "seo": 0.8})
    assert _judge(worse) == ["policy: seo 80 < vanilla 100"]


def test_more_render_blocking_requests_than_vanilla_fail():
    more = replace(OURS, blocking=(*OURS.blocking, ("http://o/extra.js", 100)))
    assert _judge(more) == [
        "policy: 3 render-blocking requests (site.css, bundle.js, extra.js) > vanilla's 2: "
        "defer scripts, join stylesheets"
    ]


def test_a_render_blocking_request_to_another_host_fails():
    font = replace(OURS, blocking=(("https://fonts.example/css", 0),))
    assert _judge(font) == ["policy: render-blocking request to another host: https://fonts.example/css"]


def test_bytes_before_paint_over_budget_fail():
    heavy = replace(OURS, document_bytes=BUDGET.bytes_before_paint - 62_000 + 1)
    assert _judge(heavy) == [
        f"policy: {BUDGET.bytes_before_paint + 1:,} bytes before first paint > budget "
        f"{BUDGET.bytes_before_paint:,} (document and render-blocking resources)"
    ]


def test_layout_shift_counts_the_median_round():
    shifting = replace(OURS, layout_shift=0.2)
    assert _judge(OURS, shifting, OURS) == []
    assert _judge(shifting, OURS, shifting) == ["policy: layout shift 0.200 > budget 0.05"]


def test_main_thread_work_is_the_median_ratio_to_vanilla_in_the_same_round():
    """A busy round slows vanilla as much as our page: the ratio, not the milliseconds, is judged."""
    busy_base, busy_ours = replace(BASE, main_thread_ms=300.0), replace(OURS, main_thread_ms=570.0)
    rounds = [{VANILLA: busy_base, "policy": busy_ours}, {VANILLA: BASE, "policy": OURS}]
    assert judge(URLS, rounds).problems == []
    slow = replace(OURS, main_thread_ms=400.0)  # 4× vanilla's 100 ms
    assert _judge(slow, OURS, slow) == [
        "policy: main-thread work 4.00× vanilla's (median of 3 rounds) > budget 3.5×"
    ]


def _task(pid: int, tid: int, cpu_us: int, wall_us: int, name: str = "RunTask") -> dict:
    return {"ph": "X", "name": name, "pid": pid, "tid": tid, "tdur": cpu_us, "dur": wall_us}


def _thread(pid: int, tid: int, name: str) -> dict:
    return {"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": name}}


def test_main_thread_cpu_is_the_busiest_renderer_main_threads_thread_time():
    events = [
        _thread(1, 1, "CrRendererMain"),  # about:blank, where Lighthouse starts
        _thread(2, 7, "CrRendererMain"),  # the page
        _thread(2, 8, "DedicatedWorker thread"),
        _task(1, 1, 3_000, 3_000),
        _task(2, 7, 40_000, 90_000),  # waited 50 ms for a core: its CPU time counts, not its duration
        _task(2, 7, 10_000, 10_000),
        _task(2, 7, 5_000, 5_000, name="FunctionCall"),  # nested in a task: counted within it
        _task(2, 8, 900_000, 900_000),  # a worker's work is off the main thread
    ]
    assert main_thread_cpu_ms(events) == 50.0


def test_a_trace_without_renderer_tasks_is_an_error():
    with pytest.raises(RuntimeError, match="no renderer main-thread task"):
        main_thread_cpu_ms([_thread(1, 1, "CrBrowserMain"), _task(1, 1, 1, 1)])


# Fixed work, not a fixed time: a busy machine stretches it as it stretches vanilla's own work.
SLOW_SCRIPT = """var x = 0;
for (var i = 0; i < 300000000; i++) { x = (x + i * 7) % 1000003; }
window.slowResult = x;
/* PADDING */
"""


def _page_in(site: Path, folder: str, html: str) -> None:
    """``html`` (vanilla's home page) as ``folder/index.html``, its relative links adjusted."""
    (site / folder).mkdir()
    html = re.sub(r'(href|src)="(?!https?:|data:|#)', r'\1="../', html)
    (site / folder / "index.html").write_text(html, encoding="utf-8")


def test_a_page_made_slow_on_purpose_fails_the_gate(tmp_path):
    """Vanilla's page plus a render-blocking script of 120 KB (incompressible) that keeps the main
    thread busy fails three budgets; the same page without Google Fonts (as this site is) passes."""
    site = vanilla_site(tmp_path)
    (site / "slow.js").write_text(
        SLOW_SCRIPT.replace("PADDING", secrets.token_urlsafe(90_000)), encoding="utf-8"
    )
    page = (site / "index.html").read_text(encoding="utf-8")
    _page_in(site, "same", re.sub(r"<link[^>]*fonts\.(googleapis|gstatic)\.com[^>]*>", "", page))
    _page_in(site, "slow", page.replace("</head>", '<script src="/slow.js"></script></head>', 1))
    with serve(Path(site)) as url:
        gate = check_lighthouse(url, runs=1, pages={"same": "same/", "slow": "slow/"})
    slow_problems = [p for p in gate.problems if p.startswith("slow: ")]
    assert gate.problems == slow_problems  # the page as vanilla, without a font from another host
    for finding in ("4 render-blocking requests", "bytes before first paint", "main-thread work"):
        assert any(finding in p for p in slow_problems), (finding, gate.problems)
