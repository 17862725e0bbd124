"""The render folder: only what the generator wrote is replaced; anything else is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_explorer.sitegen.outdir import MANIFEST, OutDirError, prepare, record, shown


def test_a_new_folder_is_made(tmp_path):
    prepare(tmp_path / "a" / "zh")
    assert (tmp_path / "a" / "zh").is_dir()


def test_what_the_generator_wrote_is_replaced(tmp_path):
    out = tmp_path / "zh"
    prepare(out)
    (out / "policies").mkdir()
    (out / "policies" / "x.md").write_text("x")
    (out / "index.md").write_text("i")
    record(out, ["policies/x.md", "index.md"])
    prepare(out)
    assert sorted(p.name for p in out.rglob("*")) == [MANIFEST]


def test_a_file_it_did_not_write_is_named_and_kept(tmp_path):
    out = tmp_path / "zh"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(OutDirError, match=r"holds files this tool did not write \(thesis.tex\)"):
        prepare(out)
    assert (out / "thesis.tex").read_text() == "years of work"


def test_a_file_added_beside_its_files_is_kept_too(tmp_path):
    out = tmp_path / "zh"
    prepare(out)
    (out / "index.md").write_text("i")
    record(out, ["index.md"])
    (out / "notes.md").write_text("mine")
    with pytest.raises(OutDirError, match=r"notes\.md"):
        prepare(out)
    assert (out / "index.md").exists() and (out / "notes.md").exists()


def test_a_link_or_a_file_is_refused(tmp_path):
    (tmp_path / "target").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "target")
    with pytest.raises(OutDirError, match="symbolic link"):
        prepare(tmp_path / "link")
    (tmp_path / "file").write_text("")
    with pytest.raises(OutDirError, match="is a file"):
        prepare(tmp_path / "file")
    with pytest.raises(OutDirError, match="cannot write into"):
        prepare(tmp_path / "file" / "zh")


def test_paths_are_shown_without_control_characters():
    assert shown("a\nb\x1b[31m") == "a\\nb\\x1b[31m"
    assert shown("policies/算力券") == "policies/算力券"


def test_a_very_long_path_is_shown_shortened_with_its_end():
    from policy_explorer.sitegen.outdir import shown

    path = Path("/" + "a" * 5000) / "site" / "index.md"
    text = shown(path)
    assert len(text) <= 160 and text.startswith("/aaa") and text.endswith("a/site/index.md") and "…" in text
    assert shown(Path("site/index.md")) == "site/index.md"
