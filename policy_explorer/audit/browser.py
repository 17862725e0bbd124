"""Serve a built site over HTTP and drive Debian's Chromium (Playwright) for the browser gates and tests.

Playwright cannot download browsers here, so it drives ``/usr/bin/chromium`` with the flags the
project's DEVELOPERS notes give. The server compresses text as static hosts do (Lighthouse measures
what readers download), and sends every file but a page with the site's header
policy (:data:`~policy_explorer.sitegen.csp.WORKER_POLICY`): pages carry their own in a meta tag,
and a worker runs under the policy of its own response, so the calculator is tested under it.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
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


# Text a static host (GitHub Pages, Netlify, nginx's defaults) sends gzip-compressed.
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Quiet; text compressed as a static host would; every file but a page with the header policy."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            or path.suffix not in COMPRESSED
        ):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

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
