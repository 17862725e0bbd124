"""Shared fixtures: the repository paths and the compiled policy data (built once per run)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI must pass or fail the same way on every run: property tests draw the same examples each time
# ("repeatable"). `HYPOTHESIS_PROFILE=explore ./dev test` draws new ones to look for counterexamples.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"
SEEDS = ROOT.parent / "shared" / "seeds"


@contextlib.contextmanager
def _one_process_at_a_time(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock``: with `pytest -n` (xdist) several processes run the tests,
    and what they share on disk (the compiled copy, the one site build) is made by one of them."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def pytest_sessionstart(session) -> None:
    """The calculator's compiled copy follows policies/ (as `./dev setup` and `validate` keep it), so
    the CLI tests run today's YAML; data with problems is left to the tests to report."""
    from policy_explorer.compile import DataError, refresh_checkout

    with _one_process_at_a_time(ROOT / ".cache" / "compile.lock"), contextlib.suppress(DataError):
        refresh_checkout(POLICIES)


def has_policy(data: dict, policy: str) -> bool:
    """Whether the data holds this document: a test quoting one real policy checks that policy only
    where the corpus has it (a maintainer may remove it; tests/test_new_policy.py does)."""
    return any(p["id"] == policy for p in data["policies"])


@pytest.fixture(scope="session")
def data() -> dict:
    from policy_explorer.compile import compile_policies

    return compile_policies(POLICIES)


@pytest.fixture(scope="session")
def model(data):
    from policy_explorer.calculator import load_model

    return load_model(data)


# The day the test site is built for: the Shenzhen measures (2024-12-18, two years) have expired,
# the Longgang measures (2025-01-10, three years) are in force.
BUILD_DATE = "2026-12-20"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site (every edition), built once per run by `mkdocs build --strict` for BUILD_DATE."""
    kept = os.environ.get("PE_SITE")  # a developer's loop: reuse one build (delete it after a change)
    if kept:
        site = Path(kept).resolve()
        return site if (site / "index.html").is_file() else _build_new(site)
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _build_new(tmp_path_factory.mktemp("built") / "site")
    # Parallel processes (`pytest -n`) share one build, in the run's common temporary folder.
    site = tmp_path_factory.getbasetemp().parent / "built-site" / "site"
    with _one_process_at_a_time(site.parent / "build.lock"):
        if not (site.parent / "built").is_file():  # written last: a build cut short is redone
            shutil.rmtree(site, ignore_errors=True)
            _build_new(site)
            (site.parent / "built").write_text(BUILD_DATE, encoding="utf-8")
    return site


def _build_new(site: Path) -> Path:
    from policy_explorer.audit.repro import build

    build(site, BUILD_DATE)
    return site


class _OnBuildDay:
    """A Browser whose pages' clocks read BUILD_DATE (noon UTC, time still running): the calculator
    computes for the browser's today (issue 28), and the tests' amounts are worked out for the day
    the test site is built for. A test may set its own context's clock after this."""

    def __init__(self, browser) -> None:
        import datetime as dt

        self._browser = browser
        self._when = dt.datetime.fromisoformat(f"{BUILD_DATE}T12:00:00+00:00")

    def new_context(self, *args, **kwargs):
        context = self._browser.new_context(*args, **kwargs)
        context.clock.set_system_time(self._when)
        close = context.close

        def close_after_routes(*a, **k) -> None:
            # A route handler still fetching when the context goes raised "Request context
            # disposed" into whichever test ran then (seen once in CI): stop routing first.
            context.unroute_all(behavior="ignoreErrors")
            close(*a, **k)

        context.close = close_after_routes
        return context

    def new_page(self, *args, **kwargs):
        page = self._browser.new_page(*args, **kwargs)
        page.clock.set_system_time(self._when)
        return page

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (Playwright), shared by the browser tests, its clock on BUILD_DATE."""
    from browser import chromium

    with chromium() as b:
        yield _OnBuildDay(b)


@pytest.fixture(scope="session")
def base_url(built_site):
    """The built site served on 127.0.0.1."""
    from browser import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(autouse=True)
def _default_currency_after_each_test():
    """Loading a model makes its data's currency the one amounts are written in
    (policy_explorer.calculator.money):
    a test that loads a site in euros leaves CNY behind, as every other dataset here is."""
    yield
    from policy_explorer.calculator.money import use_currency

    use_currency(None)
