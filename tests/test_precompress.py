"""policy_explorer.precompress: .br/.gz copies beside the built site's text and wasm files."""

from __future__ import annotations

import gzip
import zipfile

import brotli

from policy_explorer import precompress as pc

PAGE = ("<p>算力券 compute voucher</p>\n" * 400).encode()  # repetitive text: compresses well


def _site(tmp_path):
    site = tmp_path / "site"
    (site / "runtime").mkdir(parents=True)
    (site / "index.html").write_bytes(PAGE)
    (site / "runtime" / "core.wasm").write_bytes(b"\0asm" + bytes(100_000))
    (site / "tiny.js").write_bytes(b"x=1")
    with zipfile.ZipFile(site / "runtime" / "stdlib.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.py", PAGE)
    return site


def test_each_text_and_wasm_file_gets_copies_that_decompress_to_it(tmp_path):
    site = _site(tmp_path)
    summary = pc.precompress(site, cache=tmp_path / "cache")
    for name in ("index.html", "runtime/core.wasm"):
        original = (site / name).read_bytes()
        assert brotli.decompress((site / f"{name}.br").read_bytes()) == original
        assert gzip.decompress((site / f"{name}.gz").read_bytes()) == original
    assert summary.files == 2 and summary.raw_bytes == len(PAGE) + 100_004
    assert summary.brotli_bytes < summary.gzip_bytes < summary.raw_bytes


def test_compressed_formats_and_tiny_files_are_left_alone(tmp_path):
    site = _site(tmp_path)
    pc.precompress(site, cache=None)
    written = {p.name for p in site.rglob("*.br")} | {p.name for p in site.rglob("*.gz")}
    assert written == {"index.html.br", "index.html.gz", "core.wasm.br", "core.wasm.gz"}


def test_a_zip_of_stored_members_is_compressed_like_text(tmp_path):
    """The trimmed standard library is stored so that brotli compresses the archive whole."""
    site = _site(tmp_path)
    with zipfile.ZipFile(site / "runtime" / "stored.zip", "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.py", PAGE)
        z.writestr("b.py", PAGE)
    (site / "runtime" / "broken.zip").write_bytes(b"PK not a zip" * 100)
    pc.precompress(site, cache=None)
    stored = (site / "runtime" / "stored.zip").read_bytes()
    assert brotli.decompress((site / "runtime" / "stored.zip.br").read_bytes()) == stored
    assert len((site / "runtime" / "stored.zip.br").read_bytes()) < len(stored) // 4
    assert not (site / "runtime" / "stdlib.zip.br").exists()  # deflated members: left alone
    assert not (site / "runtime" / "broken.zip.br").exists()  # not a zip: left alone


def test_a_second_run_writes_the_same_bytes_and_reads_large_files_from_the_cache(tmp_path, monkeypatch):
    site, cache = _site(tmp_path), tmp_path / "cache"
    pc.precompress(site, cache=cache)
    first = {p: p.read_bytes() for p in site.rglob("*.[bg][rz]")}
    assert len(list(cache.glob("*.br"))) == 1  # only the wasm is at least CACHE_FROM bytes
    (site / "runtime" / "core.wasm.br").unlink()
    calls = []
    real = pc._compress
    monkeypatch.setattr(pc, "_compress", lambda data: calls.append(len(data)) or real(data))
    pc.precompress(site, cache=cache)
    assert calls == [len(PAGE)]  # the page again; the wasm came from the cache
    assert {p: p.read_bytes() for p in site.rglob("*.[bg][rz]")} == first
