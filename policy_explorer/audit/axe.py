"""axe-core (npm) in Chromium on the home, a policy, a comparison and the calculator page of each edition.

Every page is checked in the light and the dark colour scheme (Material switches palettes with the
reader's preference), after its scripts have run: the calculator once Python has answered. A serious
or critical violation fails the gate; moderate and minor ones are counted in the report.
"""

from __future__ import annotations

from collections import Counter

from . import EDITIONS, NODE_MODULES, Gate, package_version, sample_policy

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
POLICY = sample_policy()
PAGES = {
    "home": "",
    "policy": f"policies/{POLICY}/",
    "comparison": "compare/compute_voucher/",
    "calculator": "calculator/",
}
IMPACTS = ("critical", "serious", "moderate", "minor")
FAILING = IMPACTS[:2]


def axe_violations(browser, url: str, scheme: str = "light") -> list[dict]:
    """axe-core's violations on the page at ``url`` (rule ``id``, ``impact``, ``help``, ``nodes``)."""
    if not AXE.is_file():
        raise RuntimeError(f"{AXE} is missing: run ./dev setup (npm ci in tools/node)")
    # axe is injected as a script: the page's own policy would (rightly) refuse it.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        if page.locator("#pe-calc").count():
            page.wait_for_selector("#pe-calc-status[data-state=ready]", timeout=60_000)
        page.add_script_tag(path=str(AXE))
        return page.evaluate("async () => (await axe.run(document)).violations")
    finally:
        context.close()


def check_accessibility(browser, base_url: str) -> Gate:
    """Run :func:`axe_violations` on every page of :data:`PAGES`, every edition, both schemes."""
    problems: list[str] = []
    table = [["page", "language", "scheme", *IMPACTS]]
    for name, path in PAGES.items():
        for lang, prefix in EDITIONS.items():
            for scheme in ("light", "dark"):
                found = axe_violations(browser, base_url + prefix + path, scheme)
                counts = Counter(v["impact"] for v in found for _ in v["nodes"])
                table.append([name, lang, scheme, *(str(counts[i]) for i in IMPACTS)])
                problems += [
                    f"{prefix}{path or '/'} ({scheme}): {v['impact']} {v['id']}: {v['help']} "
                    f"({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
                    for v in found
                    if v["impact"] in FAILING
                ]
    pages = len(table) - 1
    return Gate(
        "accessibility",
        f"axe-core {package_version('axe-core')} on {pages} page views: {len(problems)} serious or critical",
        problems,
        table,
    )
