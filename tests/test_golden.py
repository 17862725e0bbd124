"""The generator's output, byte for byte, against the committed golden manifest (tests/golden/).

A change meant to alter the site's output updates the manifest on purpose (``./dev golden``), and
the diff of ``tests/golden/manifest.json`` shows which files it changed; a refactor leaves it alone.
"""

from __future__ import annotations

import golden
import pytest


def test_every_edition_renders_as_the_golden_manifest_says():
    old = golden.committed()
    if old.get(golden.DATA_KEY) != golden.data_version():
        pytest.skip(
            f"policies/ is not the data the manifest was rendered from: {golden.UPDATE} re-pins it "
            "(a policy added or removed changes no file outside its own)"
        )
    new = golden.current()
    diff = golden.differences(old, new)
    if any(diff.values()):
        pytest.fail(
            f"the generated site differs from {golden.MANIFEST.relative_to(golden.ROOT)}:\n"
            f"{golden.report(diff)}\n"
            f"if the change is meant, update the manifest on purpose: {golden.UPDATE}",
            pytrace=False,
        )


def test_the_differences_name_each_changed_added_and_removed_file():
    old = {"zh/a.md": "1", "zh/b.md": "2", "en/c.md": "3"}
    new = {"zh/a.md": "1", "zh/b.md": "9", "en/d.md": "4"}
    assert golden.differences(old, new) == {
        "changed": ["zh/b.md"],
        "added": ["en/d.md"],
        "removed": ["en/c.md"],
    }
    assert golden.report(golden.differences(old, new)) == (
        "  changed: zh/b.md\n  added: en/d.md\n  removed: en/c.md"
    )
