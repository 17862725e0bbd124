"""Pack the ``calculator`` package and its compiled data into a pure-Python wheel, byte for byte reproducible.

The browser loads this wheel into Pyodide (listed with its sha256 in the lock file); the engine is
standard-library only, so a plain ``py3-none-any`` wheel is all Pyodide needs. Entries are sorted,
dated 1980-01-01 and stored with fixed permissions, so the same sources always give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import calculator

PACKAGE = Path(calculator.__file__).resolve().parent
NAME = "calculator"
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def wheel_files(data: dict[str, Any]) -> dict[str, bytes]:
    """Every file of the wheel but its RECORD: the package's modules and ``_data/policies.json``."""
    files = {
        f"{NAME}/{path.relative_to(PACKAGE).as_posix()}": path.read_bytes()
        for path in sorted(PACKAGE.rglob("*.py"))
        if "__pycache__" not in path.parts
    }
    files[f"{NAME}/_data/policies.json"] = json.dumps(
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
    files[f"{info}/top_level.txt"] = f"{NAME}\n".encode()
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
