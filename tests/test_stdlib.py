"""The trimmed standard library: what the calculator imports is found, whole packages are kept, and
the archive is stored, reproducible and loadable by zipimport."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest

from policy_explorer.stdlib import StdlibError, imported_names, members_to_keep, trimmed_zip


def test_imports_anywhere_in_the_sources_are_found_and_only_the_standard_librarys(tmp_path):
    package = tmp_path / "engine"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from __future__ import annotations\nimport json\n", encoding="utf-8"
    )
    (package / "late.py").write_text(
        "from . import sibling\nimport engine.other\n\ndef f():\n    import unicodedata\n"
        "    from email.utils import parseaddr\n    import yaml\n",
        encoding="utf-8",
    )
    assert imported_names(package) == ["__future__", "email", "json", "unicodedata"]


AVAILABLE = ["json/", "json/__init__.py", "json/decoder.py", "json/tool.py", "os.py", "ast.py", "encodings/"]


def test_a_loaded_file_keeps_its_whole_package_and_nothing_else():
    kept = members_to_keep(AVAILABLE, ["json/__init__.py", "os.py"])
    assert kept == ["json/__init__.py", "json/decoder.py", "json/tool.py", "os.py"]


def test_a_loaded_file_not_in_the_library_is_one_message():
    with pytest.raises(StdlibError, match=r"names nowhere\.py, which is not in python_stdlib\.zip"):
        members_to_keep(AVAILABLE, ["nowhere.py"])


def _library(tmp_path):
    source = tmp_path / "python_stdlib.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("tinymod.py", "VALUE = 42\n")
        archive.writestr("tinypkg/__init__.py", "from .part import PART\n")
        archive.writestr("tinypkg/part.py", "PART = 'p'\n")
        archive.writestr("unused.py", "raise SystemExit('never loaded')\n")
    return source


def test_the_trimmed_library_is_stored_reproducible_and_importable(tmp_path, monkeypatch):
    source = _library(tmp_path)
    first = trimmed_zip(source, ["tinymod.py", "tinypkg/__init__.py"])
    assert first == trimmed_zip(source, ["tinypkg/__init__.py", "tinymod.py"])
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["tinymod.py", "tinypkg/__init__.py", "tinypkg/part.py"]
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_STORED}
    trimmed = tmp_path / "trimmed.zip"
    trimmed.write_bytes(first)
    monkeypatch.syspath_prepend(str(trimmed))
    for name in ("tinymod", "tinypkg", "tinypkg.part"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    import tinymod
    import tinypkg

    assert (tinymod.VALUE, tinypkg.PART) == (42, "p")
