"""Serve a built site over HTTP and drive Debian's Chromium (Playwright) for the browser gates and tests.

Playwright cannot download browsers here, so it drives ``/usr/bin/chromium`` with the flags the
project's DEVELOPERS notes give. The server sends every file but a page with the site's header
policy (:data:`~policy_explorer.sitegen.csp.WORKER_POLICY`): pages carry their own in a meta tag,
and a worker runs under the policy of its own response, so the calculator is tested under it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

from ..sitegen.csp import WORKER_POLICY

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Quiet; every file but a page is sent with the site's header policy."""

    def end_headers(self) -> None:
        if not self.path.split("?")[0].endswith(("/", ".html")):
            self.send_header("Content-Security-Policy", WORKER_POLICY)
        super().end_headers()

    def log_message(self, format, *args) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration; yields the base URL."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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
