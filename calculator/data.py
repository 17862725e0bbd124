"""Where the calculator finds its compiled policy data.

In order: an explicit path; the ``CALCULATOR_DATA`` environment variable; the JSON bundled in the
package (``calculator/_data/policies.json``, as in the browser wheel); and, in a source checkout,
the YAML under ``policies/`` compiled on the fly (this last path needs the data tooling installed
by the README's set-up; the engine itself stays standard-library only).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .errors import CalculatorError

BUNDLED = Path(__file__).with_name("_data") / "policies.json"
CHECKOUT_POLICIES = Path(__file__).resolve().parent.parent / "policies"

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


def _default() -> dict[str, Any]:
    if CHECKOUT_POLICIES.is_dir():
        try:
            from policy_explorer.compile import DataError, compile_policies
        except ImportError:
            pass
        else:
            try:
                return compile_policies(CHECKOUT_POLICIES)
            except DataError as exc:
                raise CalculatorError("policies", f"the policy data has problems:\n{exc}") from None
    if BUNDLED.is_file():
        return _read(BUNDLED)
    raise CalculatorError(
        "data", "no policy data: run the README's set-up, or set CALCULATOR_DATA to a compiled policies.json"
    )
