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
