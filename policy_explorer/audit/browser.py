"""Serve a built site over HTTP and drive Debian's Chromium (Playwright) for the browser gates and tests.

Playwright cannot download browsers here, so it drives ``/usr/bin/chromium`` with the flags the
project's DEVELOPERS notes give. The site is served by nginx as a host would serve it
(:mod:`policy_explorer.audit.nginx`): the build's precompressed files (Lighthouse measures what
readers download), ``Cache-Control``, and every file but a page with the site's header policy
(:data:`~policy_explorer.sitegen.csp.WORKER_POLICY`): pages carry their own in a meta tag, and a
worker runs under the policy of its own response, so the calculator is tested under it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .nginx import serve

__all__ = ["ARGS", "CHROMIUM", "chromium", "serve"]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless Chromium browser (Playwright), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
