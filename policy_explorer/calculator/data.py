"""Where the calculator finds its compiled policy data: it reads JSON and never compiles YAML.

In order: an explicit path; the ``CALCULATOR_DATA`` environment variable; the JSON bundled in the
package (``policy_explorer/calculator/_data/policies.json``, as in the browser wheel). The data tooling writes
that file (``python -m policy_explorer compile``; ``validate`` and ``./dev setup`` refresh it), so the
engine stays standard-library only and needs no tooling at run time.

In a source checkout the bundled file records the :func:`fingerprint` of the ``policies/`` it was
compiled from. When the checkout's YAML has changed since, loading it fails with a message naming the
command to run: an edit to ``policies/`` is never silently ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .errors import CalculatorError

BUNDLED = Path(__file__).with_name("_data") / "policies.json"
# The YAML at the top of a source checkout, two levels above this package (policy_explorer/calculator/);
# absent in an installed package or the browser.
CHECKOUT_POLICIES = Path(__file__).resolve().parents[2] / "policies"
COMPILE = "python -m policy_explorer compile"

_cache: dict[str, Any] = {}


def load_data(path: str | os.PathLike | None = None) -> dict[str, Any]:
    """The compiled data (cached per source); :class:`CalculatorError` when missing or stale."""
    source = path or os.environ.get("CALCULATOR_DATA")
    key = str(source or "bundled")
    if key not in _cache:
        _cache[key] = _read(Path(source)) if source else _bundled()
    return _cache[key]


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CalculatorError("data", f"no compiled policy data at {path}") from None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CalculatorError("data", f"{path} is not readable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise CalculatorError("data", f"{path} is not compiled policy data (expected a JSON object)")
    return data


def fingerprint(policies: Path) -> str:
    """A hash of every file under ``policies/`` (names and contents): which YAML data was compiled."""
    digest = hashlib.sha256()
    for path in sorted(p for p in policies.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(policies)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _bundled() -> dict[str, Any]:
    if not BUNDLED.is_file() and not CHECKOUT_POLICIES.is_dir():  # an installed package: a site's data
        raise CalculatorError(
            "data",
            "no compiled policy data: in your site's folder run `policy-explorer compile` (it writes "
            ".cache/policies.json), then CALCULATOR_DATA=.cache/policies.json "
            "python -m policy_explorer.calculator …",
        )
    if not BUNDLED.is_file():
        raise CalculatorError(
            "data",
            f"no compiled policy data in {BUNDLED}: run `{COMPILE}` (./dev setup does), "
            "or set CALCULATOR_DATA to a compiled policies.json",
        )
    data = _read(BUNDLED)
    if CHECKOUT_POLICIES.is_dir() and stale(data, CHECKOUT_POLICIES):
        raise CalculatorError(
            "data",
            f"{BUNDLED} was compiled from other policy data than {CHECKOUT_POLICIES} holds now: "
            f"run `{COMPILE}` (or `python -m policy_explorer validate`, which refreshes it)",
        )
    return data


def stale(data: Any, policies: Path) -> bool:
    """Whether ``data`` was compiled from other files than ``policies`` holds now (or says not)."""
    return not isinstance(data, dict) or data.get("fingerprint") != fingerprint(policies)
