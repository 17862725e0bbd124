"""policy_explorer.audit.nginx: the site served by nginx as a host would (files, encodings, headers)."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from policy_explorer.audit.nginx import ServerError, serve
from policy_explorer.precompress import precompress
from policy_explorer.sitegen.csp import WORKER_POLICY

PAGE = ("<!doctype html><p>算力券</p>\n" * 300).encode()
SCRIPT = b"export const answer = 42;\n" * 300


def _get(url: str, encoding: str = "identity"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "runtime" / "calculator-0123456789ab").mkdir(parents=True)
    (root / "index.html").write_bytes(PAGE)
    (root / "runtime" / "calculator-0123456789ab" / "worker.mjs").write_bytes(SCRIPT)
    (root / "app.js").write_bytes(SCRIPT)
    precompress(root, cache=None)
    (root / "app.js.br").unlink()  # no brotli copy: the gzip one is what brotli readers get
    (root / "app.js.gz").unlink()  # and none at all: compressed on the fly
    return root


def test_the_precompressed_file_is_sent_as_it_is(site):
    with serve(site) as url:
        status, headers, body = _get(url + "runtime/calculator-0123456789ab/worker.mjs", "br, gzip")
        assert status == 200 and headers["Content-Encoding"] == "br"
        assert body == (site / "runtime/calculator-0123456789ab/worker.mjs.br").read_bytes()
        assert headers["Content-Type"].startswith("text/javascript")
        _, headers, body = _get(url + "runtime/calculator-0123456789ab/worker.mjs", "gzip")
        assert headers["Content-Encoding"] == "gzip"
        assert body == (site / "runtime/calculator-0123456789ab/worker.mjs.gz").read_bytes()
        _, headers, body = _get(url + "runtime/calculator-0123456789ab/worker.mjs")
        assert "Content-Encoding" not in headers and body == SCRIPT


def test_a_file_without_copies_is_compressed_on_the_fly(site):
    with serve(site) as url:
        _, headers, body = _get(url + "app.js", "gzip")
        assert headers["Content-Encoding"] == "gzip" and len(body) < len(SCRIPT)


def test_pages_carry_their_own_policy_other_files_the_workers_one(site):
    with serve(site) as url:
        _, page, body = _get(url)
        assert body == PAGE and "Content-Security-Policy" not in page
        _, script, _ = _get(url + "app.js")
        assert script["Content-Security-Policy"] == WORKER_POLICY


def test_hashed_names_are_kept_for_a_year_everything_else_revalidated(site):
    with serve(site) as url:
        _, runtime, _ = _get(url + "runtime/calculator-0123456789ab/worker.mjs")
        assert runtime["Cache-Control"] == "public, max-age=31536000, immutable"
        for path in ("", "index.html", "app.js"):
            assert _get(url + path)[1]["Cache-Control"] == "no-cache"


def test_a_missing_file_is_404_and_the_server_stops_with_the_block(site):
    with serve(site) as url:
        with pytest.raises(urllib.error.HTTPError) as missing:
            _get(url + "nothing.html")
        assert missing.value.code == 404
    port = urlsplit(url).port
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_a_missing_nginx_is_one_message_saying_how_to_install_it(site, monkeypatch):
    import policy_explorer.audit.nginx as nginx

    monkeypatch.setattr(nginx.shutil, "which", lambda *a, **k: None)
    with pytest.raises(ServerError, match="apt-get install -y nginx-light"), serve(site):
        pass


def test_the_calendar_and_the_published_yaml_have_their_types(site):
    # RFC 5545 registers text/calendar for .ics; RFC 9512 application/yaml. As octet-stream a
    # browser downloads them instead of showing the YAML, and a calendar app may refuse the file.
    (site / "calendar.ics").write_text(
        "BEGIN:VCALENDAR\r\nX-WR-CALNAME:申报截止\r\nEND:VCALENDAR\r\n", "utf-8"
    )
    (site / "sources").mkdir()
    (site / "sources" / "policy.yaml").write_text("id: policy\ntitle: {zh: 措施}\n", encoding="utf-8")
    with serve(site) as url:
        assert _get(url + "calendar.ics")[1]["Content-Type"] == "text/calendar; charset=utf-8"
        assert _get(url + "sources/policy.yaml")[1]["Content-Type"] == "application/yaml; charset=utf-8"


def test_unhashed_scripts_data_and_search_index_are_revalidated(site):
    """What keeps a stable name across deploys (site.js, the embed script a host page links, the
    search index, open data) is revalidated on every load, so a deploy is seen on the next one."""
    names = ("assets/site.js", "assets/calculator/embed.js", "search/search_index.json", "data/clauses.json")
    for name in names:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(b"{}\n")
    with serve(site) as url:
        for name in names:
            assert _get(url + name)[1]["Cache-Control"] == "no-cache", name
