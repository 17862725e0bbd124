"""Pack the engine (``policy_explorer.calculator``) and its compiled data into a pure-Python wheel, byte for
byte reproducible.

The browser loads this wheel into Pyodide (listed with its sha256 in the lock file); the engine is
standard-library only, so a plain ``py3-none-any`` wheel is all Pyodide needs. It carries the engine
only: its parent ``policy_explorer`` is a stub ``__init__.py`` (:data:`PARENT_INIT`), never the
generator's modules, which need YAML, Jinja and more that the browser has not got. The wheel keeps the
distribution name ``calculator`` (its lock entry's and ``loadPackage``'s name): only Pyodide sees it. Entries
are sorted,
dated 1980-01-01 and stored with fixed permissions, so the same sources always give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from policy_explorer import calculator

PACKAGE = Path(calculator.__file__).resolve().parent
NAME = "calculator"  # the wheel's distribution name (in its file name and the lock file)
TOP = "policy_explorer"  # the one top-level package it installs
PARENT_INIT = (
    b'"""The AI policy explorer\'s engine, policy_explorer.calculator, alone (the browser wheel)."""\n'
)
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def wheel_files(data: dict[str, Any]) -> dict[str, bytes]:
    """Every file of the wheel but its RECORD: the engine's modules, ``_data/policies.json`` and the stub
    ``policy_explorer/__init__.py`` above them."""
    prefix = f"{TOP}/{PACKAGE.name}"
    files = {
        f"{prefix}/{path.relative_to(PACKAGE).as_posix()}": path.read_bytes()
        for path in sorted(PACKAGE.rglob("*.py"))
        if "__pycache__" not in path.parts
    }
    files[f"{TOP}/__init__.py"] = PARENT_INIT
    files[f"{prefix}/_data/policies.json"] = json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode()
    version = calculator.__version__
    info = f"{NAME}-{version}.dist-info"
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version}\n"
        "Summary: AI policy calculator (standard library only) with its compiled policy data\n"
    ).encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: policy_explorer.wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    files[f"{info}/top_level.txt"] = f"{TOP}\n".encode()
    return files


def build_wheel(data: dict[str, Any], out_dir: Path) -> Path:
    """Write ``calculator-<version>-py3-none-any.whl`` into ``out_dir`` and return its path."""
    files = wheel_files(data)
    version = calculator.__version__
    record_name = f"{NAME}-{version}.dist-info/RECORD"
    record = "".join(f"{name},{_record_hash(body)},{len(body)}\n" for name, body in sorted(files.items()))
    files[record_name] = (record + f"{record_name},,\n").encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{NAME}-{version}-py3-none-any.whl"
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=_EPOCH)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(entry, files[name])
    tmp.replace(target)
    return target
