"""``mkdocs serve`` rebuilds only the served edition, without .br/.gz copies (policy_explorer.serving)."""

from __future__ import annotations

import pytest

from policy_explorer.serving import ENV, ServeEditionsError, editions_to_build, node_steps, precompresses

EDITIONS = {"en": "mkdocs.en.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}


@pytest.mark.parametrize("command", ["build", "gh-deploy", None])
def test_a_build_writes_every_edition_and_its_compressed_copies(command):
    assert editions_to_build(EDITIONS, command, {ENV: "en"}) == EDITIONS
    assert precompresses(command) and node_steps(command)


def test_serve_rebuilds_only_the_served_edition_and_compresses_nothing():
    assert editions_to_build(EDITIONS, "serve", {}) == {}
    assert editions_to_build(EDITIONS, "serve", {ENV: " "}) == {}
    assert not precompresses("serve") and not node_steps("serve")


@pytest.mark.parametrize(
    ("wanted", "built"),
    [("en", {"en": "mkdocs.en.yml"}), ("zh-Hant, en", EDITIONS), ("all", EDITIONS)],
)
def test_serve_builds_the_editions_the_maintainer_names(wanted, built):
    assert editions_to_build(EDITIONS, "serve", {ENV: wanted}) == built


def test_an_unknown_edition_is_named_with_the_ones_there_are():
    with pytest.raises(ServeEditionsError) as error:
        editions_to_build(EDITIONS, "serve", {ENV: "en,fr"})
    assert str(error.value) == (
        f"${ENV}: fr is not among the editions mkdocs.yml lists under `editions` (en, zh-Hant): "
        "name some of them, comma-separated, or write all"
    )


def test_kept_pages_rewrite_only_what_changed(tmp_path):
    """MkDocs' dirty build goes by the pages' times: an unchanged page keeps its own."""
    import os

    from policy_explorer.serving import kept_pages

    assert kept_pages("build", True) is None and kept_pages("serve", False) is None
    kept = kept_pages("serve", True)
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, changed in ((first, "old"), (second, "new")):
        (folder / "policies").mkdir(parents=True)
        (folder / "same.md").write_text("same", encoding="utf-8")
        (folder / "policies" / "changed.md").write_text(changed, encoding="utf-8")
    (first / "gone.md").write_text("gone", encoding="utf-8")
    try:
        folder = kept.keep(first)
        for name in ("same.md", "policies/changed.md"):
            os.utime(folder / name, (1, 1))
        assert kept.keep(second) == folder
        assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md")) == [
            "policies/changed.md",
            "same.md",
        ]
        assert (folder / "same.md").stat().st_mtime == 1
        assert (folder / "policies" / "changed.md").read_text(encoding="utf-8") == "new"
        assert (folder / "policies" / "changed.md").stat().st_mtime > 1
    finally:
        kept.close()
    assert not folder.exists()
