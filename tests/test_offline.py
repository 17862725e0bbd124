"""The service worker's list of the site's own files (sitegen.offline): what it may handle and keep."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

from policy_explorer.sitegen.offline import seal, site_files

TEMPLATE = ROOT / "policy_explorer" / "defaults" / "sw.js"


def _sri(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def _listed(worker: Path) -> tuple[dict[str, str], str]:
    text = worker.read_text(encoding="utf-8")
    files = json.loads(re.search(r"^const FILES = (\{.*\}); //", text, re.M).group(1))
    return files, re.search(r'^const BUILD = "([^"]*)";', text, re.M).group(1)


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for path, body in {
        "index.html": b"<p>home</p>",
        "en/calculator/index.html": b"<p>calculator</p>",
        "runtime/calculator-abc/snapshot.bin.gz": b"\x1f\x8b not a copy: the build's own file",
        "assets/site.css": b"body{}",
        "assets/site.css.gz": b"precompressed copy",
        "assets/site.css.br": b"precompressed copy",
    }.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(body)
    (site / "sw.js").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    return site


def test_the_list_holds_every_file_of_the_site_with_its_sha256_and_nothing_else(tmp_path):
    site = _site(tmp_path)
    files = site_files(site)
    # The service worker handles these paths only: never itself, never a precompressed copy (the
    # browser receives the file it stands for), but a file whose name ends in .gz of its own.
    assert set(files) == {
        "index.html",
        "en/calculator/index.html",
        "runtime/calculator-abc/snapshot.bin.gz",
        "assets/site.css",
    }
    assert files["en/calculator/index.html"] == _sri(b"<p>calculator</p>")


def test_seal_writes_the_list_and_a_build_version_that_follows_the_files(tmp_path):
    site = _site(tmp_path)
    seal(site)
    files, build = _listed(site / "sw.js")
    assert files == site_files(site) and re.fullmatch(r"[0-9a-f]{16}", build)
    (site / "index.html").write_bytes(b"<p>home, next build</p>")
    (site / "sw.js").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    seal(site)
    again, next_build = _listed(site / "sw.js")
    assert again["index.html"] == _sri(b"<p>home, next build</p>") and next_build != build


def test_a_site_without_a_service_worker_is_left_alone_and_a_foreign_one_is_named(tmp_path):
    site = _site(tmp_path)
    (site / "sw.js").unlink()
    seal(site)  # a build without the runtime: nothing to do
    assert not (site / "sw.js").exists()
    (site / "sw.js").write_text("self.addEventListener('fetch', () => {});\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"sw\.js: not the service worker the build writes"):
        seal(site)


def test_the_built_site_s_service_worker_lists_its_files(built_site):
    """Every edition's pages and the runtime, each with the SHA-256 of the file as served."""
    files, build = _listed(built_site / "sw.js")
    assert files == site_files(built_site)
    assert "en/calculator/index.html" in files and "zh-Hant/calculator/index.html" in files
    assert files["index.html"] == _sri((built_site / "index.html").read_bytes())
    assert build not in {"", "__BUILD__"}
