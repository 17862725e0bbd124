"""The site builds with ProperDocs (MkDocs 1.x continued) as with MkDocs: the way forward if MkDocs 2.0,
which drops plugins, replaces `pip install mkdocs`.

``properdocs build`` runs the same ``mkdocs.yml`` with the same plugins (it reads ``mkdocs.plugins``
entry points); both builds must give the same files, byte for byte, but for the ``generator`` tag,
so the same pages, URLs, sitemap and search indexes (Chinese segmented by jieba) come out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_DATE, ROOT

from policy_explorer.audit.repro import pinned_dates

PROPERDOCS = [sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict", "--quiet"]
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("properdocs") / "site"
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", **pinned_dates(BUILD_DATE)}
    run = subprocess.run(
        [*PROPERDOCS, "--site-dir", str(site)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return site


def _unpacked(name: str, data: bytes) -> bytes:
    """A precompressed copy's content (brotli or gzip, by its suffix)."""
    import gzip

    import brotli

    return brotli.decompress(data) if name.endswith(".br") else gzip.decompress(data)


# The service worker lists every file with its SHA-256 (sitegen/offline.py): pages differ by their
# generator tag, so their hashes do, and so does the build's digest of the list.
SW_FILES = re.compile(rb"const FILES = (\{.*?\});")
SW_BUILD = re.compile(rb'const BUILD = "[0-9a-f]+";')


def _service_worker(data: bytes) -> tuple[bytes, dict[str, str]]:
    """sw.js without its file list and build digest, and the list without the pages' hashes."""
    import json

    files = json.loads(SW_FILES.search(data).group(1))
    rest = SW_BUILD.sub(b"", SW_FILES.sub(b"", data))
    return rest, {k: ("page" if k.endswith(".html") else v) for k, v in files.items()}


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def test_the_same_files_come_out(built_site, properdocs_site):
    mkdocs, properdocs = _files(built_site), _files(properdocs_site)
    assert sorted(properdocs) == sorted(mkdocs)
    for edition in ("", "en/"):
        assert f"{edition}search/search_index.json" in mkdocs and f"{edition}sitemap.xml" in mkdocs


def test_each_file_is_the_same_but_for_the_generator_tag(built_site, properdocs_site):
    mkdocs, properdocs = _files(built_site), _files(properdocs_site)
    differ = []
    for name in sorted(mkdocs.keys() & properdocs.keys()):
        a, b = mkdocs[name].read_bytes(), properdocs[name].read_bytes()
        if name.endswith((".html.br", ".html.gz")):  # a page's copies differ as the page does: compare pages
            a, b = _unpacked(name, a), _unpacked(name, b)
            name = name[:-3]
        if name.endswith((".js.br", ".js.gz")) and name[:-3].endswith("sw.js"):
            a, b = _unpacked(name, a), _unpacked(name, b)
            name = name[:-3]
        if name.endswith(".html"):
            assert b'content="mkdocs-ProperDocs 1.6.7' in b or not GENERATOR.search(a), name
            a, b = GENERATOR.sub(b"", a), GENERATOR.sub(b"", b)
        if name.endswith("sw.js"):
            a, b = _service_worker(a), _service_worker(b)
        if a != b:
            differ.append(name)
    assert differ == []
