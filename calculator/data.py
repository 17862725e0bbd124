"""Where the calculator finds its compiled policy data.

In order: an explicit path; the ``CALCULATOR_DATA`` environment variable; the JSON bundled in the
package (``calculator/_data/policies.json``, as in the browser wheel); and, in a source checkout,
the YAML under ``policies/`` compiled on the fly and cached in ``.cache/`` (compiling needs the data
tooling installed by the README's set-up; the engine itself stays standard-library only). In a
checkout the YAML wins over a bundled copy, so an edit to ``policies/`` is always what runs.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .errors import CalculatorError

BUNDLED = Path(__file__).with_name("_data") / "policies.json"
CHECKOUT_POLICIES = Path(__file__).resolve().parent.parent / "policies"
# In a checkout, compiled data is cached here, keyed by a hash of policies/ (rebuilt when it changes).
CACHE = CHECKOUT_POLICIES.parent / ".cache" / "compiled-policies.json"

_cache: dict[str, Any] = {}


def load_data(path: str | os.PathLike | None = None) -> dict[str, Any]:
    """The compiled data (cached per source)."""
    source = path or os.environ.get("CALCULATOR_DATA")
    key = str(source or "default")
    if key not in _cache:
        _cache[key] = _read(Path(source)) if source else _default()
    return _cache[key]


def _read(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CalculatorError("data", f"no compiled policy data at {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CalculatorError("data", f"{path} is not valid JSON ({exc})") from None


def fingerprint(policies: Path) -> str:
    """A hash of every file under ``policies/`` (names and contents): the cache key."""
    digest = hashlib.sha256()
    for path in sorted(p for p in policies.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(policies)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _default() -> dict[str, Any]:
    if CHECKOUT_POLICIES.is_dir():
        key = fingerprint(CHECKOUT_POLICIES)
        if CACHE.is_file():
            try:
                cached = json.loads(CACHE.read_text(encoding="utf-8"))
                if cached.get("fingerprint") == key:
                    return cached["data"]
            except (json.JSONDecodeError, UnicodeDecodeError, KeyError, AttributeError):
                pass  # a damaged cache is rebuilt below
        try:
            from policy_explorer.compile import DataError, compile_policies
        except ImportError:
            pass
        else:
            try:
                data = compile_policies(CHECKOUT_POLICIES)
            except DataError as exc:
                raise CalculatorError("policies", f"the policy data has problems:\n{exc}") from None
            _write_cache(key, data)
            return data
    if BUNDLED.is_file():
        return _read(BUNDLED)
    raise CalculatorError(
        "data", "no policy data: run the README's set-up, or set CALCULATOR_DATA to a compiled policies.json"
    )


def _write_cache(key: str, data: dict[str, Any]) -> None:
    """Write the cache atomically; a read-only checkout simply goes without."""
    try:
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        tmp = CACHE.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"fingerprint": key, "data": data}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(CACHE)
    except OSError:
        pass
