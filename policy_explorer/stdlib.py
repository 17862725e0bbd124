"""The part of Python's standard library the calculator's worker loads, as one zip that compresses well.

Pyodide ships the whole library as ``python_stdlib.zip``: 614 files, each deflated on its own, 2.5 MB
on the wire whatever the server does. The worker loads about 160 of them (Pyodide's own start-up
takes most). The build lists what it loads (``tools/node/stdlib.mjs``: Pyodide started in Node,
the calculator installed from its wheel, every module of it imported together with every
standard-library module its sources import anywhere, requests answered as the page sends them),
keeps those files and every other file of the packages they belong to (a package may import its
siblings lazily), and writes them **stored**, so the server's brotli compresses the whole archive at
once: about 0.8 MB on the wire instead of 2.5 MB. The zip is byte-for-byte reproducible (sorted
names, fixed timestamps).
"""

from __future__ import annotations

import ast
import io
import json
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from .node import NodeTimeout, run_node

LIST_TIMEOUT_S = 300  # it takes about 5 s
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the archive depends on content only


class StdlibError(Exception):
    """The trimmed library cannot be made (one message saying what to do)."""


def imported_names(package: Path) -> list[str]:
    """Top-level names of the standard-library modules the package's sources import anywhere.

    Read from the syntax, so an import inside a function (made only on some path) is counted too.
    Relative imports and the package's own modules are left out.
    """
    names: set[str] = set()
    for source in sorted(package.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return sorted(n for n in names if n in sys.stdlib_module_names and n != package.name)


def members_to_keep(available: Iterable[str], loaded: Iterable[str]) -> list[str]:
    """The files loaded, and every file of each package (top-level folder) one of them is in."""
    files = [name for name in available if not name.endswith("/")]
    loaded = set(loaded)
    unknown = sorted(loaded - set(files))
    if unknown:
        raise StdlibError(f"the list of loaded files names {unknown[0]}, which is not in python_stdlib.zip")
    packages = {name.split("/")[0] for name in loaded if "/" in name}
    return sorted(name for name in files if name in loaded or name.split("/")[0] in packages)


def trimmed_zip(stdlib: Path, loaded: Iterable[str]) -> bytes:
    """A stored, reproducible zip of what :func:`members_to_keep` keeps from ``stdlib``."""
    with zipfile.ZipFile(stdlib) as source:
        keep = members_to_keep(source.namelist(), loaded)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
            for name in keep:
                info = zipfile.ZipInfo(name, FIXED_TIME)
                info.external_attr = 0o644 << 16
                target.writestr(info, source.read(name))
    return out.getvalue()


def loaded_files(lock_file: Path, wheel_dir: Path, package: Path, tools: Path) -> list[str]:
    """What the worker loads from ``python_stdlib.zip`` (``tools/node/stdlib.mjs``, in Node)."""
    with tempfile.TemporaryDirectory(prefix="pe-stdlib-") as tmp:
        names = Path(tmp) / "names.json"
        names.write_text(json.dumps(imported_names(package)), encoding="utf-8")
        args = [str(lock_file), str(wheel_dir), str(names)]
        try:
            proc = run_node(tools / "stdlib.mjs", args, tools, LIST_TIMEOUT_S)
        except NodeTimeout as err:
            raise StdlibError(str(err)) from None
    if proc.returncode != 0:
        raise StdlibError(proc.reason)
    try:
        files = json.loads(proc.stdout)
    except json.JSONDecodeError as err:
        raise StdlibError(f"tools/node/stdlib.mjs printed no JSON list ({err})") from None
    if not isinstance(files, list) or not files:
        raise StdlibError("tools/node/stdlib.mjs listed no files of the standard library")
    return files
