"""The browser runtime the calculator page loads, written into the site at build time (no CDN).

``runtime/pyodide-<version>/``
    The Pyodide core files, copied from the pinned npm package ``pyodide`` (``tools/node``).
``runtime/calculator-<hash>/``
    ``python_stdlib.zip``: the part of the standard library the calculator loads, stored so the
    server's brotli compresses it whole (:mod:`policy_explorer.stdlib`; 0.8 MB on the wire instead
    of Pyodide's 2.5 MB), and ``calculator-<version>-py3-none-any.whl`` (the engine and its compiled data,
    :mod:`policy_explorer.wheel`), ``pyodide-lock.json`` listing it with its sha256 (written with the
    ``pyodide-lock`` library), and ``snapshot.bin.gz``: a Pyodide memory snapshot taken in Node after
    the calculator was imported and run once (``tools/node/snapshot.mjs``), so the browser restores
    a ready interpreter instead of starting Python. The snapshot is restored once in Node, as the
    browser's worker restores it, before it is kept: one that would not restore (a heap larger than
    Pyodide gives it, Pyodide issue 6254) stops the build. ``<hash>`` changes whenever any of them does, so
    hosts and the service worker may cache these folders for ever.

:func:`bundle` returns the configuration the page hands to its worker: URLs relative to the site
root, the lock file's contents (inlined so the worker fetches no lock), and SHA-256 integrity
values for every file the worker fetches. The snapshot is made with Node (a build without it stops
with a message saying so) and cached in ``.cache/runtime/`` by the hash of its inputs. Without a
snapshot (``bundle(..., snapshot=False)``, or one the browser cannot use) the worker starts Pyodide
normally and installs the wheel from the lock.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .node import NodeTimeout, run_node
from .stdlib import StdlibError, loaded_files, trimmed_zip
from .wheel import build_wheel

ROOT = Path(__file__).resolve().parent.parent
# This checkout's npm tools; a site passes its own (``tools/node/`` beside its mkdocs.yml).
NODE_TOOLS = ROOT / "tools" / "node"
SNAPSHOT_TIMEOUT_S = 600  # making and checking it takes 10–30 s; a broken heap can spin for ever
KEEP_SNAPSHOTS = 4  # cached start-up snapshots (one per version of the calculator and data)
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# The Pyodide release the calculator is tested with (this checkout's tools/node/package.json pins the
# same: tests/test_runtime.py). ``policy-explorer runtime`` installs it beside a site.
PYODIDE = "314.0.7"
SITE_TOOLS = Path("tools") / "node"  # a site's npm tools, beside its mkdocs.yml


class BundleError(Exception):
    """The runtime cannot be bundled (one message saying what to do)."""


@dataclass
class Runtime:
    """What :func:`bundle` wrote, and the worker's configuration (paths relative to the site root)."""

    pyodide_version: str
    pyodide_dir: str  # e.g. "runtime/pyodide-314.0.7/"
    calculator_dir: str  # e.g. "runtime/calculator-1a2b3c4d5e/"
    lock: dict[str, Any]
    integrity: dict[str, str]  # file path (relative to the site root) → "sha256-…"
    snapshot: str | None = None  # path of snapshot.bin.gz, if one was made
    stdlib: str | None = None  # path of the trimmed standard library (None: Pyodide's whole one)
    files: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)  # file path → bytes, for the loading progress

    def config(self, prefix: str = "", pyodide_url: str | None = None) -> dict[str, Any]:
        """The worker's configuration, with every path prefixed by ``prefix`` (the way to the root).

        ``pyodide_url`` (explicit configuration only) loads the Pyodide core files from that address,
        e.g. a CDN, instead of this site; their SHA-256 values still apply, so only the very files
        the build pinned are accepted.
        """
        pyodide = pyodide_url.rstrip("/") + "/" if pyodide_url else prefix + self.pyodide_dir

        def where(path: str) -> str:
            if path.startswith(self.pyodide_dir):
                return pyodide + path[len(self.pyodide_dir) :]
            return prefix + path

        return {
            "pyodide": pyodide,
            "packages": prefix + self.calculator_dir,
            "lock": self.lock,
            "snapshot": prefix + self.snapshot if self.snapshot else None,
            "stdlib": prefix + self.stdlib if self.stdlib else None,
            "integrity": {where(path): value for path, value in self.integrity.items()},
            # Each file's size, so the page can say how much of the runtime is still to come.
            "sizes": {where(path): size for path, size in self.sizes.items()},
        }


def sri(data: bytes) -> str:
    """A Subresource Integrity value: ``sha256-<base64>``."""
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def _pyodide(tools: Path) -> Path:
    return tools / "node_modules" / "pyodide"


def _cache(tools: Path) -> Path:
    return tools.parent.parent / ".cache" / "runtime"  # <site>/.cache/runtime beside <site>/tools/node


def _install_hint(tools: Path) -> str:
    """What to run so that ``tools`` holds Pyodide: this checkout's setup, or a site's own command."""
    if tools == NODE_TOOLS and (ROOT / "dev").is_file():
        return "run ./dev setup"
    return f"run `policy-explorer runtime` in {tools.parent.parent}"


def pyodide_version(tools: Path = NODE_TOOLS) -> str:
    """The version of the installed npm package (``tools/node``), or a message saying to set it up."""
    package = _pyodide(tools) / "package.json"
    if not package.is_file():
        raise BundleError(
            f"the calculator's browser runtime (Pyodide {PYODIDE}) is not installed in {tools}: "
            f"{_install_hint(tools)} (it installs it there with npm), or set the plugin option runtime: false"
        )
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def install(site: Path, npm: str | None = None) -> Path:
    """Install the pinned Pyodide into ``site/tools/node/`` with npm; the folder it is in.

    The folder gets a ``package.json`` naming only ``pyodide`` and the ``package-lock.json`` npm
    writes: commit both (``node_modules/`` is ignored), and CI runs this again, which then installs
    exactly the locked files (``npm ci``). Never writes into the installed package.
    """
    npm = npm or shutil.which("npm")
    if npm is None:
        raise BundleError(
            "npm is needed to install the calculator's browser runtime: install Node.js 20 or newer "
            "(https://nodejs.org), then run `policy-explorer runtime` again"
        )
    tools = site / SITE_TOOLS
    tools.mkdir(parents=True, exist_ok=True)
    manifest = tools / "package.json"
    wanted = {"private": True, "dependencies": {"pyodide": PYODIDE}}
    if not manifest.is_file() or json.loads(manifest.read_text(encoding="utf-8")) != wanted:
        manifest.write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
        (tools / "package-lock.json").unlink(missing_ok=True)  # another version was locked
    locked = (tools / "package-lock.json").is_file()
    args = [npm, "ci" if locked else "install", "--no-audit", "--no-fund", "--loglevel=error"]
    proc = subprocess.run(args, cwd=tools, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        why = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise BundleError(f"`{' '.join(args[:2])}` in {tools} failed: {why}")
    pyodide_version(tools)  # the files are there
    return tools


def _lock(wheel: Path, version: str, tools: Path) -> dict[str, Any]:
    """A lock file that lists only the calculator wheel, for the Pyodide release's platform.

    The entry is made by ``pyodide-lock`` (name, imports, sha256, platform check). Its 0.1.2 release,
    the newest on PyPI, predates the 314 lock format (no ``info.version``, extra ``tool`` fields), so
    the release's ``info`` is read as plain JSON and given its version rather than parsed whole.
    """
    from pyodide_lock.spec import InfoSpec
    from pyodide_lock.utils import package_spec_from_wheel

    release_info = json.loads((_pyodide(tools) / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    info = InfoSpec(**{k: v for k, v in release_info.items() if k in InfoSpec.model_fields}, version=version)
    spec = package_spec_from_wheel(wheel, info).model_copy(update={"file_name": wheel.name})
    return {"info": release_info, "packages": {spec.name: spec.model_dump()}}


def _stdlib(lock_file: Path, wheel_dir: Path, key: str, tools: Path) -> bytes:
    """The trimmed standard library (:mod:`policy_explorer.stdlib`), cached for ``key``."""
    cache = _cache(tools)
    cache.mkdir(parents=True, exist_ok=True)
    cached = cache / f"stdlib-{key}.json"
    if cached.is_file():
        loaded = json.loads(cached.read_text(encoding="utf-8"))
    else:
        if not shutil.which("node"):
            raise BundleError(f"Node.js is needed to trim the standard library: {_install_hint(tools)}")
        package = Path(importlib.util.find_spec("policy_explorer.calculator").origin).parent
        try:
            loaded = loaded_files(lock_file, wheel_dir, package, tools)
        except StdlibError as err:
            raise BundleError(f"trimming the standard library for the calculator failed: {err}") from None
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps(loaded), encoding="utf-8")
        tmp.replace(cached)
    try:
        return trimmed_zip(_pyodide(tools) / "python_stdlib.zip", loaded)
    except StdlibError as err:
        raise BundleError(f"trimming the standard library for the calculator failed: {err}") from None


def _snapshot(
    lock_file: Path, wheel_dir: Path, key: str, target: Path, tools: Path, stdlib: Path | None
) -> None:
    """Make the memory snapshot into ``target``, or reuse the one cached for ``key``."""
    cache = _cache(tools)
    cache.mkdir(parents=True, exist_ok=True)
    cached = cache / f"snapshot-{key}.bin.gz"
    if cached.is_file():
        shutil.copyfile(cached, target)
        return
    if not shutil.which("node"):
        raise BundleError(
            f"Node.js is needed to make the calculator's start-up snapshot: {_install_hint(tools)}"
        )
    library = hashlib.sha256(stdlib.read_bytes()).hexdigest()[:12] if stdlib else "whole"
    base = cache / f"base-{pyodide_version(tools)}-{library}.snap"
    args = [str(lock_file), str(wheel_dir), str(base), str(target), *([str(stdlib)] if stdlib else [])]
    try:
        proc = run_node(tools / "snapshot.mjs", args, tools, SNAPSHOT_TIMEOUT_S)
    except NodeTimeout as err:
        raise BundleError(
            f"making the calculator's start-up snapshot failed: {err} (tools/node/snapshot.mjs): a snapshot"
            " that restores into a broken heap can spin for ever; rebuild after deleting .cache/runtime/"
        ) from None
    if proc.returncode != 0:
        detail = proc.reason
        if "does not restore" in detail or "answers differently" in detail:
            raise BundleError(
                f"the calculator's start-up snapshot would break in the browser; the build stops: {detail}."
                " tools/node/snapshot.mjs restores it as the worker does (the heap grown to the snapshot's"
                " size first, Pyodide issue 6254): check both against the pinned Pyodide's loader"
            )
        raise BundleError(f"making the calculator's start-up snapshot failed: {detail}")
    shutil.copyfile(target, cached)
    _prune(cache, keep=KEEP_SNAPSHOTS)


def _prune(cache: Path, keep: int) -> None:
    """Keep only the ``keep`` most recently made snapshots and library lists in the cache, and the two
    newest base snapshots (one per trimmed library: 30 MB each)."""
    for pattern, kept in (("snapshot-*.bin.gz", keep), ("stdlib-*.json", 2 * keep), ("base-*.snap", 2)):
        made = sorted(cache.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in made[kept:]:
            old.unlink(missing_ok=True)


def bundle(
    data: dict[str, Any],
    site_dir: Path,
    *,
    snapshot: bool = True,
    tools: Path = NODE_TOOLS,
    trim: bool = True,
) -> Runtime:
    """Write the runtime into ``site_dir/runtime/`` and return where everything is.

    ``tools`` is the folder of the pinned npm packages (``tools/node``). The start-up snapshot is
    made only where it holds ``snapshot.mjs`` (this repository's); without one the worker starts
    Pyodide and installs the wheel from the lock. The standard library is trimmed only where it holds
    ``stdlib.mjs`` and ``trim`` is true; else the worker mounts Pyodide's whole library.
    """
    version = pyodide_version(tools)
    pyodide = _pyodide(tools)
    snapshot_script = tools / "snapshot.mjs"
    snapshot = snapshot and snapshot_script.is_file()
    trim_script = tools / "stdlib.mjs"
    trim = trim and trim_script.is_file()  # else the worker mounts Pyodide's whole library
    for name in CORE_FILES:
        if not (pyodide / name).is_file():
            raise BundleError(f"{pyodide / name} is missing: {_install_hint(tools)}")
    pyodide_dir = f"runtime/pyodide-{version}/"
    integrity: dict[str, str] = {}
    sizes: dict[str, int] = {}
    files: list[str] = []
    (site_dir / pyodide_dir).mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        if trim and name == "python_stdlib.zip":
            continue  # never fetched: the calculator's folder holds the library it mounts
        body = (pyodide / name).read_bytes()
        (site_dir / pyodide_dir / name).write_bytes(body)
        integrity[pyodide_dir + name] = sri(body)
        sizes[pyodide_dir + name] = len(body)
        files.append(pyodide_dir + name)

    with tempfile.TemporaryDirectory(prefix="pe-runtime-") as tmp:
        wheel = build_wheel(data, Path(tmp))
        wheel_bytes = wheel.read_bytes()
        script = snapshot_script.read_bytes() if snapshot else b""
        if trim:
            script += trim_script.read_bytes() + Path(__file__).with_name("stdlib.py").read_bytes()
        inputs = hashlib.sha256(wheel_bytes + version.encode() + script).hexdigest()
        calculator_dir = f"runtime/calculator-{inputs[:12]}/"
        out = site_dir / calculator_dir
        out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(wheel, out / wheel.name)
        lock = _lock(out / wheel.name, version, tools)
        (out / "pyodide-lock.json").write_text(json.dumps(lock, sort_keys=True), encoding="utf-8")
        integrity[calculator_dir + wheel.name] = sri(wheel_bytes)
        sizes[calculator_dir + wheel.name] = len(wheel_bytes)
        files += [calculator_dir + wheel.name, calculator_dir + "pyodide-lock.json"]
        stdlib_path = None
        if trim:
            library = _stdlib(out / "pyodide-lock.json", out, inputs, tools)
            (out / "python_stdlib.zip").write_bytes(library)
            stdlib_path = calculator_dir + "python_stdlib.zip"
            integrity[stdlib_path] = sri(library)
            sizes[stdlib_path] = len(library)
            files.append(stdlib_path)
        snapshot_path = None
        if snapshot:
            target = out / "snapshot.bin.gz"
            library_file = out / "python_stdlib.zip" if trim else None
            _snapshot(out / "pyodide-lock.json", out, inputs, target, tools, library_file)
            snapshot_path = calculator_dir + "snapshot.bin.gz"
            integrity[snapshot_path] = sri(target.read_bytes())
            sizes[snapshot_path] = target.stat().st_size
            files.append(snapshot_path)
    return Runtime(
        pyodide_version=version,
        pyodide_dir=pyodide_dir,
        calculator_dir=calculator_dir,
        lock=lock,
        integrity=integrity,
        snapshot=snapshot_path,
        stdlib=stdlib_path,
        files=files,
        sizes=sizes,
    )
