"""Serve a built site with Debian's nginx as a host would: precompressed files, headers, caching.

The browser tests, the audit and the benchmark measure what readers get from a real web server:
``brotli_static`` and ``gzip_static`` send the build's ``X.br``/``X.gz`` copies
(:mod:`policy_explorer.precompress`), anything without one is gzipped on the fly, every file but a
page carries the workers' policy (:data:`~policy_explorer.sitegen.csp.WORKER_POLICY`; pages carry
theirs in a meta tag), and ``Cache-Control`` says what may be kept: files whose name carries a hash
of their content (the runtime's folders, the stylesheet, the scripts) for a year, ``immutable``;
everything else is revalidated (``no-cache``, answered 304 when unchanged).

nginx runs as the calling user, with no privileges, in the foreground (``master_process off``), from a
configuration in a temporary folder, on a free port of 127.0.0.1, and is stopped when the ``with``
block ends. :func:`config` is the same configuration a host can start from (README, "Hosting").
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ..sitegen.csp import WORKER_POLICY

BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
INSTALL = "apt-get install -y nginx-light libnginx-mod-http-brotli-static (./dev setup does it as root)"
# Names that carry a hash of their content: the runtime's folders, site-<hash>.css,
# calculator-<hash>.mjs, fields-<hash>.html, Material's bundle.<hash>.min.js and the like.
HASHED = r"^/runtime/|[.-][0-9a-f]{8,}(\.min)?\.(css|js|mjs|html)$"
TYPES = {
    "text/html": "html",
    "text/css": "css",
    "text/javascript": "js mjs",
    "application/json": "json",
    "application/wasm": "wasm",
    "application/atom+xml": "xml",
    "text/csv": "csv",
    "text/plain": "txt",
    "text/calendar": "ics",  # RFC 5545: calendar.ics; as octet-stream, calendar apps may refuse it
    "application/yaml": "yaml yml",  # RFC 9512: the published policy YAML, shown rather than downloaded
    "image/svg+xml": "svg",
    "image/png": "png",
    "image/x-icon": "ico",
    "font/woff2": "woff2",
    "application/zip": "zip whl",
    "application/gzip": "gz",
}
COMPRESSIBLE = "text/css text/javascript application/json application/wasm application/atom+xml text/csv text/plain text/calendar application/yaml image/svg+xml"  # noqa: E501


# Text types sent with `; charset=utf-8` (every text file the build writes is UTF-8).
CHARSET_TYPES = " ".join(
    [
        "text/css",
        "text/javascript",
        "application/json",
        "text/csv",
        "text/plain",
        "text/calendar",
        "application/yaml",
        "image/svg+xml",
    ]
)


class ServerError(Exception):
    """nginx is missing or did not start (one message saying what to do)."""


def nginx_binary() -> str:
    """The nginx executable (Debian installs it in /usr/sbin, which a user's PATH may lack)."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise ServerError(f"nginx is needed to serve the site: {INSTALL}")
    if not BROTLI_MODULE.is_file():
        raise ServerError(f"nginx's brotli_static module is missing ({BROTLI_MODULE}): {INSTALL}")
    return found


def config(root: Path, port: int, work: Path) -> str:
    """An nginx configuration serving ``root`` on 127.0.0.1:``port``; its own files go in ``work``."""
    types = "\n".join(f"    {mime} {exts};" for mime, exts in TYPES.items())
    policy = WORKER_POLICY.replace('"', r"\"")
    temp = "\n".join(
        f"  {name}_temp_path {work}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""\
load_module {BROTLI_MODULE};
daemon off;
master_process off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 512; }}
http {{
  types {{
{types}
  }}
  default_type application/octet-stream;
  charset utf-8;
  charset_types {CHARSET_TYPES};
  access_log off;
{temp}
  sendfile on;
  tcp_nopush on;
  # Pages carry their policy in a meta tag; every other file (a worker runs under its own) this one.
  map $uri $pe_csp {{
    ~(/|\\.html)$ "";
    default "{policy}";
  }}
  map $uri $pe_cache {{
    "~{HASHED}" "public, max-age=31536000, immutable";
    default "no-cache";
  }}
  server {{
    listen 127.0.0.1:{port};
    root {root};
    index index.html;
    brotli_static on;
    gzip_static on;
    gzip on;
    gzip_comp_level 6;  # for files without copies (a vanilla Material site in the audit), as hosts do
    gzip_vary on;
    gzip_types {COMPRESSIBLE};
    add_header Content-Security-Policy $pe_csp always;
    add_header Cache-Control $pe_cache always;
    add_header X-Content-Type-Options nosniff always;
  }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_listening(proc: subprocess.Popen, port: int, log: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            lines = log.read_text(errors="replace").strip().splitlines() if log.is_file() else []
            raise ServerError(f"nginx did not start: {lines[-1] if lines else f'exit {proc.returncode}'}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise ServerError(f"nginx did not listen on 127.0.0.1:{port} within {timeout:.0f} s")


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` with nginx on 127.0.0.1 (a free port) for the duration; yields the base URL."""
    binary = nginx_binary()
    root = Path(folder).resolve()
    with tempfile.TemporaryDirectory(prefix="pe-nginx-") as tmp:
        work = Path(tmp)
        for attempt in range(3):  # a port taken between choosing and binding it: choose another
            port = _free_port()
            conf = work / "nginx.conf"
            conf.write_text(config(root, port, work), encoding="utf-8")
            log = work / "error.log"
            proc = subprocess.Popen(
                [binary, "-p", str(work), "-c", str(conf), "-e", str(log)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                _wait_until_listening(proc, port, log)
                break
            except ServerError:
                proc.kill()
                proc.wait()
                if attempt == 2:
                    raise
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
