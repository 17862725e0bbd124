"""The browser runtime bundle: versioned Pyodide copy, the wheel in a lock file with its sha256,
integrity values that match the files, and a start-up snapshot that a fresh Pyodide can restore."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess

import pytest
from conftest import ROOT

from policy_explorer import runtime
from policy_explorer.runtime import CORE_FILES, BundleError, bundle, pyodide_version


@pytest.fixture(scope="module")
def bundled(data, tmp_path_factory):
    site = tmp_path_factory.mktemp("runtime-site")
    return site, bundle(data, site)


def test_pyodide_is_copied_under_its_version(bundled):
    site, rt = bundled
    assert pyodide_version() == "314.0.7"
    assert rt.pyodide_dir == "runtime/pyodide-314.0.7/"
    pinned = ROOT / "tools" / "node" / "node_modules" / "pyodide"
    for name in CORE_FILES:
        if name == "python_stdlib.zip":  # the calculator's folder holds the part of it the worker loads
            assert not (site / rt.pyodide_dir / name).exists()
            assert rt.stdlib == rt.calculator_dir + name
        else:
            assert (site / rt.pyodide_dir / name).read_bytes() == (pinned / name).read_bytes()


def test_every_fetched_file_has_its_sha256(bundled):
    site, rt = bundled
    assert set(rt.integrity) == set(rt.files) - {rt.calculator_dir + "pyodide-lock.json"}
    for path, value in rt.integrity.items():
        digest = base64.b64encode(hashlib.sha256((site / path).read_bytes()).digest()).decode()
        assert value == f"sha256-{digest}", path


def test_the_lock_lists_the_wheel_with_its_sha256(bundled):
    site, rt = bundled
    entry = rt.lock["packages"]["calculator"]
    wheel = site / rt.calculator_dir / entry["file_name"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["policy_explorer"] and entry["depends"] == []  # the wheel's one top level
    assert rt.lock["info"]["python"].startswith("3.14")
    assert json.loads((site / rt.calculator_dir / "pyodide-lock.json").read_text()) == rt.lock


def test_the_folder_name_changes_with_the_data(data, tmp_path):
    changed = json.loads(json.dumps(data))
    changed["policies"][0]["title"]["en"] += " (amended)"
    a = bundle(data, tmp_path / "a", snapshot=False)
    b = bundle(changed, tmp_path / "b", snapshot=False)
    assert a.calculator_dir != b.calculator_dir and a.pyodide_dir == b.pyodide_dir


def test_config_paths_are_relative_to_the_edition(bundled):
    _, rt = bundled
    config = rt.config("../")
    assert config["pyodide"] == "../runtime/pyodide-314.0.7/"
    assert config["snapshot"] == f"../{rt.calculator_dir}snapshot.bin.gz"
    assert all(k.startswith("../runtime/") for k in config["integrity"])


RESTORE = """
import fs from "node:fs";
import zlib from "node:zlib";
import { loadPyodide } from "pyodide/pyodide.mjs";
const [snapshot, lock, dir, stdlib] = process.argv.slice(2);
const py = await loadPyodide({
  ...(snapshot === "-" ? {} : {_loadSnapshot: zlib.gunzipSync(fs.readFileSync(snapshot))}),
  stdLibURL: stdlib,
  lockFileContents: fs.readFileSync(lock, "utf8"),
  packageBaseUrl: dir + "/",
});
if (snapshot === "-") await py.loadPackage("calculator", {messageCallback: () => {}, checkIntegrity: true});
const request = {profile: {jurisdiction: "shenzhen-longgang", startup: true,
  facts: {compute_spend: "5000000"}}, on: "2025-06-01"};
console.log(py.pyimport("policy_explorer.calculator.browser").handle(JSON.stringify(request)));
"""


@pytest.mark.parametrize("start", ["snapshot", "wheel"])
def test_the_calculator_answers_from_the_snapshot_and_from_the_wheel_with_the_trimmed_library(
    bundled, tmp_path, start
):
    site, rt = bundled
    script = ROOT / "tools" / "node" / f".restore-{tmp_path.name}.mjs"  # resolves `pyodide` from tools/node
    script.write_text(RESTORE, encoding="utf-8")
    try:
        folder = site / rt.calculator_dir
        snapshot = str(site / rt.snapshot) if start == "snapshot" else "-"
        args = [snapshot, str(folder / "pyodide-lock.json"), str(folder), str(site / rt.stdlib)]
        out = subprocess.run(["node", str(script), *args], capture_output=True, text=True, timeout=120)
    finally:
        script.unlink()
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    # 60% (start-up) × 500万 = 300万 (Shenzhen) + 30% × 500万 = 150万 (Longgang)
    assert answer["ok"] and answer["result"]["total_max_cny"] == 4_500_000


def test_a_cdn_only_by_explicit_configuration(bundled):
    _, rt = bundled
    assert rt.config()["pyodide"] == "runtime/pyodide-314.0.7/"  # the default: this site
    cdn = rt.config("", "https://cdn.example/pyodide/v314.0.7/full")
    assert cdn["pyodide"] == "https://cdn.example/pyodide/v314.0.7/full/"
    wasm = rt.integrity[rt.pyodide_dir + "pyodide.asm.wasm"]
    assert cdn["integrity"]["https://cdn.example/pyodide/v314.0.7/full/pyodide.asm.wasm"] == wasm
    assert cdn["snapshot"] == rt.snapshot  # the calculator's own files stay on the site


def test_the_snapshot_cache_keeps_only_the_newest(tmp_path):
    import os

    from policy_explorer import runtime

    (tmp_path / "base-314.0.7.snap").write_bytes(b"base")
    for age, name in enumerate(["d", "c", "b", "a"]):  # a is the oldest
        path = tmp_path / f"snapshot-{name}.bin.gz"
        path.write_bytes(name.encode())
        os.utime(path, (1_000_000 - age * 10, 1_000_000 - age * 10))
    runtime._prune(tmp_path, keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "base-314.0.7.snap",
        "snapshot-c.bin.gz",
        "snapshot-d.bin.gz",
    ]


DEFAULT_HEAP = 30 * 1024 * 1024  # Pyodide's wasm makes its memory at this size
PLAIN_RESTORE = """
import fs from "node:fs";
import zlib from "node:zlib";
import { loadPyodide } from "pyodide/pyodide.mjs";
try {
  await loadPyodide({_loadSnapshot: zlib.gunzipSync(fs.readFileSync(process.argv[2]))});
} catch (error) {
  console.error(String(error));
  process.exit(1);
}
"""


@pytest.fixture(scope="module")
def tenfold(tmp_path_factory):
    """The runtime bundled for a corpus ten times today's (benchmarks/site_build.py's copies)."""
    import importlib.util
    import sys

    from policy_explorer.compile import compile_policies

    spec = importlib.util.spec_from_file_location("site_build", ROOT / "benchmarks" / "site_build.py")
    site_build = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("site_build", site_build)  # its dataclasses look their module up
    spec.loader.exec_module(site_build)
    tmp = tmp_path_factory.mktemp("tenfold")
    site_build.make_corpus(tmp / "policies", 10)
    site = tmp / "site"
    return site, bundle(compile_policies(tmp / "policies"), site)


def _node(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", *args], capture_output=True, text=True, timeout=300, cwd=ROOT / "tools" / "node", check=False
    )


def test_a_snapshot_larger_than_the_default_heap_restores_in_a_grown_heap(tenfold, tmp_path):
    site, rt = tenfold
    folder = site / rt.calculator_dir
    snapshot = site / rt.snapshot
    import gzip

    assert len(gzip.decompress(snapshot.read_bytes())) > DEFAULT_HEAP  # the case of Pyodide issue 6254
    lock = str(folder / "pyodide-lock.json")
    checked = _node("snapshot.mjs", "--check", str(snapshot), lock, str(folder), str(site / rt.stdlib))
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout.strip().splitlines()[-1])["ok"]
    # Restored as Pyodide does by itself, without the grown heap, the same snapshot throws.
    script = ROOT / "tools" / "node" / f".restore-{tmp_path.name}.mjs"
    script.write_text(PLAIN_RESTORE, encoding="utf-8")
    try:
        plain = _node(str(script), str(snapshot))
    finally:
        script.unlink()
    assert plain.returncode == 1 and "RangeError: offset is out of bounds" in plain.stderr


def test_a_snapshot_that_does_not_restore_is_one_message(bundled, tmp_path):
    site, rt = bundled
    folder = site / rt.calculator_dir
    import gzip

    whole = gzip.decompress((site / rt.snapshot).read_bytes())
    broken = tmp_path / "broken.bin.gz"
    broken.write_bytes(gzip.compress(whole[: len(whole) // 4]))  # (a half may restore and spin)
    lock, stdlib = str(folder / "pyodide-lock.json"), str(site / rt.stdlib)
    out = _node("snapshot.mjs", "--check", str(broken), lock, str(folder), stdlib)
    assert out.returncode == 1
    assert out.stderr.strip().startswith("snapshot check failed: the snapshot (")
    assert "does not restore" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_a_snapshot_that_would_break_stops_the_build_saying_why(data, tmp_path, monkeypatch):
    from policy_explorer import runtime

    monkeypatch.setattr(runtime, "_cache", lambda tools: tmp_path / "cache")  # nothing cached: made anew
    stderr = "snapshot failed: the snapshot (54460608 bytes) does not restore: offset is out of bounds\n"
    failed = subprocess.CompletedProcess([], 1, "", stderr)
    from policy_explorer import node

    run = subprocess.run
    monkeypatch.setattr(
        node.subprocess, "run", lambda args, **k: failed if "snapshot.mjs" in args[1] else run(args, **k)
    )
    with pytest.raises(runtime.BundleError, match=r"would break in the browser; the build stops: .*54460608"):
        bundle(data, tmp_path / "site")


def test_a_site_without_the_npm_package_is_told_how_to_get_it_or_turn_the_runtime_off(data, tmp_path):
    """The message names the site's own folder and the command its author runs, never the installed
    package's folder or this repository's ./dev setup."""
    with pytest.raises(BundleError) as err:
        bundle(data, tmp_path / "site", tools=tmp_path / "tools" / "node")
    assert str(err.value) == (
        f"the calculator's browser runtime (Pyodide 314.0.7) is not installed in {tmp_path}/tools/node: "
        f"run `policy-explorer runtime` in {tmp_path} (it installs it there with npm), "
        "or set the plugin option runtime: false"
    )


def test_the_pyodide_a_site_installs_is_the_one_this_checkout_is_tested_with():
    pinned = json.loads((ROOT / "tools" / "node" / "package.json").read_text(encoding="utf-8"))
    assert pinned["dependencies"]["pyodide"] == runtime.PYODIDE


def _fake_npm(tmp_path, version: str = "314.0.7"):
    """An npm that records its arguments and installs a package.json for pyodide (no network)."""
    npm = tmp_path / "npm"
    npm.write_text(
        '#!/bin/sh\necho "$@" >> calls\nmkdir -p node_modules/pyodide\n'
        f'echo \'{{"version": "{version}"}}\' > node_modules/pyodide/package.json\n'
        "echo '{}' > package-lock.json\n",
        encoding="utf-8",
    )
    npm.chmod(0o755)
    return str(npm)


def test_the_runtime_command_installs_the_pinned_pyodide_beside_the_site_then_installs_the_lock(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    npm = _fake_npm(tmp_path)
    tools = runtime.install(site, npm=npm)
    assert tools == site / "tools" / "node"
    manifest = json.loads((tools / "package.json").read_text(encoding="utf-8"))
    assert manifest["dependencies"] == {"pyodide": "314.0.7"}
    runtime.install(site, npm=npm)  # again (CI): the lock is there, so exactly the locked files
    calls = (tools / "calls").read_text(encoding="utf-8").splitlines()
    assert [c.split()[0] for c in calls] == ["install", "ci"]
    assert pyodide_version(tools) == "314.0.7"


def test_without_npm_the_runtime_command_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(runtime.shutil, "which", lambda name: None)
    with pytest.raises(BundleError, match=r"^npm is needed .*install Node.js 20 or newer"):
        runtime.install(tmp_path)


def test_a_site_without_the_snapshot_script_gets_a_runtime_without_a_snapshot(data, tmp_path):
    tools = tmp_path / "tools" / "node"
    tools.mkdir(parents=True)
    (tools / "node_modules").symlink_to(ROOT / "tools" / "node" / "node_modules")
    rt = bundle(data, tmp_path / "site", tools=tools)
    assert rt.snapshot is None
    assert rt.config()["snapshot"] is None
    assert (tmp_path / "site" / rt.calculator_dir / "pyodide-lock.json").is_file()
