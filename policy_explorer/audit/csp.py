"""Every page carries a Content-Security-Policy that allows no inline code but its own, and no eval."""

from __future__ import annotations

import re
from pathlib import Path

from ..sitegen.csp import inline_scripts, policy
from . import Gate, html_pages

_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def check_csp(site: Path) -> Gate:
    """One policy per page, before any script, equal to the one its own inline code calls for."""
    problems: list[str] = []
    pages = html_pages(site)
    hashes = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(site)
        found = _META.findall(html)
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} policies (expected 1)")
            continue
        meta = _META.search(html)
        first_script = html.find("<script")
        if first_script != -1 and first_script < meta.start():
            problems.append(f"{where}: a script comes before the policy")
        if re.search(r"'unsafe-inline'|'unsafe-eval'|\*", found[0]):
            problems.append(f"{where}: the policy allows inline code, eval or any host")
        # The page without its policy, with every inline script allowed, must call for exactly this
        # policy: no hash left over, none missing (a script the templates did not write is blocked).
        bare = html[: meta.start()] + html[meta.end() :]
        if policy(bare, _extra_origins(found[0]), inline_scripts(bare)) != found[0]:
            problems.append(f"{where}: the policy does not match the page's inline code")
        hashes += found[0].count("'sha256-")
    return Gate("csp", f"{len(pages)} pages, each with its policy ({hashes} inline hashes in all)", problems)


def _extra_origins(text: str) -> tuple[str, ...]:
    """The runtime origin a configured Pyodide address added (script-src sources that are URLs)."""
    script = next(d for d in text.split("; ") if d.startswith("script-src "))
    return tuple(s for s in script.split()[1:] if "://" in s)
