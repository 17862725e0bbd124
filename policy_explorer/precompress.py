"""Precompressed copies of the built site's text and wasm files: ``X.br`` and ``X.gz`` beside ``X``.

A host serving them as they are (nginx's ``brotli_static``/``gzip_static``, Caddy's ``precompressed``)
sends the smallest form at no CPU cost per request, compressed at the highest levels (brotli 11,
gzip 9), which a host compressing on the fly never uses: the Pyodide wasm goes from 9.6 MB to
2.7 MB with brotli 11, against 3.5 MB with gzip 9. Files already compressed (``.whl``, ``.gz``,
images, a zip whose members are deflated) are left alone; a zip of stored members (the trimmed
standard library, :mod:`policy_explorer.stdlib`) is compressed like text. A copy is written only
when it is smaller than the file.

Brotli 11 is slow (about 26 s for the wasm), so the compressed forms of files of
:data:`CACHE_FROM` bytes or more are kept in ``.cache/precompressed/`` by the SHA-256 of their
content: a rebuild of the same runtime and data compresses them once. Output is deterministic
(gzip without a name or time), so a second build is byte-identical. Files are compressed on one
thread per CPU (up to :data:`THREADS`; brotli and zlib release the GIL while they work) and written
in the same order as one thread would: the site's largest single cost after the pages (a cold
build of the three editions spent more time in brotli than in Markdown and the theme together).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "precompressed"
# Text a browser reads, and the wasm; never a format that is compressed already, nor source maps.
SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".wasm"})
MIN_BYTES = 256  # below this the headers cost more than compression saves
CACHE_FROM = 64 * 1024
KEEP_CACHED = 400  # cache entries kept (about two builds' worth of large files per data version)
THREADS = 4  # at most; never more than the CPUs this process may use


@dataclass
class Summary:
    """What :func:`precompress` did: files compressed, and their bytes before and after (brotli)."""

    files: int = 0
    raw_bytes: int = 0
    brotli_bytes: int = 0
    gzip_bytes: int = 0


def _compress(data: bytes) -> tuple[bytes, bytes]:
    """The brotli (quality 11) and gzip (level 9, no name or time) forms of ``data``."""
    return brotli.compress(data, quality=11), gzip.compress(data, compresslevel=9, mtime=0)


def _cached(data: bytes, cache: Path) -> tuple[bytes, bytes]:
    key = hashlib.sha256(data).hexdigest()
    br_file, gz_file = cache / f"{key}.br", cache / f"{key}.gz"
    if br_file.is_file() and gz_file.is_file():
        os.utime(br_file)  # recently used: kept by _prune
        return br_file.read_bytes(), gz_file.read_bytes()
    br, gz = _compress(data)
    cache.mkdir(parents=True, exist_ok=True)
    for target, body in ((gz_file, gz), (br_file, br)):  # .br last: its presence means both are whole
        # Two threads may compress the same content (one file in each edition) at once.
        tmp = target.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
        tmp.write_bytes(body)
        tmp.replace(target)
    return br, gz


def _prune(cache: Path, keep: int) -> None:
    entries = sorted(cache.glob("*.br"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".gz").unlink(missing_ok=True)


def _stored_zip(path: Path) -> bool:
    """A zip archive none of whose members is compressed (so the whole compresses well)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return False


def compressible(path: Path) -> bool:
    """Whether ``path`` gets precompressed copies: text, the wasm, and zips of stored members."""
    if not path.is_file():
        return False
    return path.suffix in SUFFIXES or (path.suffix == ".zip" and _stored_zip(path))


def _threads() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(THREADS, cpus))


def _forms(paths: list[Path], cache: Path | None) -> Iterator[tuple[Path, int, bytes, bytes]]:
    """Each path with its size and compressed forms, in the order given (worked out in parallel)."""

    def work(path: Path) -> tuple[Path, int, bytes, bytes]:
        data = path.read_bytes()
        br, gz = _cached(data, cache) if cache and len(data) >= CACHE_FROM else _compress(data)
        return path, len(data), br, gz

    with ThreadPoolExecutor(max_workers=_threads()) as pool:
        yield from pool.map(work, paths)


def precompress(site: Path, cache: Path | None = CACHE) -> Summary:
    """Write ``X.br`` and ``X.gz`` beside every compressible file ``X`` under ``site``."""
    summary = Summary()
    paths = [p for p in sorted(site.rglob("*")) if compressible(p) and p.stat().st_size >= MIN_BYTES]
    for path, size, br, gz in _forms(paths, cache):
        for suffix, body in ((".br", br), (".gz", gz)):
            if len(body) < size:
                path.with_name(path.name + suffix).write_bytes(body)
        summary.files += 1
        summary.raw_bytes += size
        summary.brotli_bytes += min(len(br), size)
        summary.gzip_bytes += min(len(gz), size)
    if cache and cache.is_dir():
        _prune(cache, KEEP_CACHED)
    return summary
