"""The service worker's list of the site's own files (``sw.js``: ``FILES``), each with its SHA-256.

Written once every edition is in the site folder (the MkDocs plugin's ``on_post_build``, root
edition), before the precompressed copies. The service worker handles, keeps and serves from its
caches only these files, each only with these bytes: another application under the same scope, or
an answer altered in Cache Storage, is never served as the site's.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

__all__ = ["SERVICE_WORKER", "seal", "site_files"]

SERVICE_WORKER = "sw.js"
FILES_MARK = "const FILES = {}; // __FILES__"
BUILD_MARK = '"__BUILD__"'


def _sha256(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def site_files(site: Path) -> dict[str, str]:
    """Every file of ``site`` (path from its root, ``/``-separated) → its SHA-256 integrity value;
    not the service worker itself, nor a precompressed copy (``X.br``/``X.gz`` beside ``X``)."""
    files: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(site).as_posix()
        if rel == SERVICE_WORKER or (path.suffix in {".br", ".gz"} and path.with_suffix("").is_file()):
            continue
        files[rel] = _sha256(path.read_bytes())
    return files


def seal(site: Path) -> None:
    """Write ``site``'s files and the build's version (a digest of that list) into its ``sw.js``;
    nothing to do when the site has none (a build without the calculator's runtime)."""
    worker = site / SERVICE_WORKER
    if not worker.is_file():
        return
    text = worker.read_text(encoding="utf-8")
    if FILES_MARK not in text or BUILD_MARK not in text:
        raise ValueError(f"{worker}: not the service worker the build writes (no {FILES_MARK!r} to fill in)")
    listed = json.dumps(site_files(site), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    build = hashlib.sha256(listed.encode("utf-8")).hexdigest()[:16]
    text = text.replace(FILES_MARK, f"const FILES = {listed}; //", 1).replace(BUILD_MARK, f'"{build}"', 1)
    worker.write_text(text, encoding="utf-8")
