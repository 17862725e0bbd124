"""Browser test helpers: the audit's server and Chromium (``policy_explorer.audit.browser``), and a
recorded visit.

Every request a page makes is recorded, so a test can prove that nothing goes to another host, and
every console error, among them Chromium's report of any Content-Security-Policy violation (pages
carry their policy; the server sends workers theirs).
"""

from __future__ import annotations

import time

from policy_explorer.audit.browser import ARGS, CHROMIUM, chromium, serve

__all__ = ["ARGS", "CHROMIUM", "Visit", "chromium", "search", "serve", "until"]


class Visit:
    """A page opened at ``url`` with every request, console error and page error recorded."""

    def __init__(self, opener, url: str, wait: str = "load") -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = opener.new_page()  # a Browser or a BrowserContext
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url, wait_until=wait)


def search(page, query: str) -> None:
    """Type ``query`` into Material's search box as a reader does, and wait for the first result.

    Material reads the box on focus, on ``keyup`` and when its index is ready. ``fill`` alone fires
    no ``keyup``, so a fill after the index became ready (the small English index often is) went
    unread; the key press that follows is what a reader's typing, an IME's included, ends with.
    """
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=20_000)


def until(page, expression: str, timeout: float = 30.0) -> None:
    """Wait until ``expression`` (JavaScript) is true, polled from here: the site's CSP forbids the
    string evaluation that Playwright's ``wait_for_function`` polls with (it passes only when the
    expression is true at once)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)
