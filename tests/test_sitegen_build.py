"""The build objects the generator is handed (policy_explorer.sitegen.build): where the runtime is,
what a build shares and how long, and what the converted edition changes."""

from __future__ import annotations

import pytest
from conftest import ROOT

from policy_explorer.sitegen import Edition, RuntimeLink, SiteBuild
from policy_explorer.sitegen.templates import DEFAULTS


@pytest.mark.parametrize(
    ("folder", "kind", "prefix"),
    [("", "own", ""), ("en/", "root", "../"), ("zh-Hant", "root", "../"), ("a/b/", "root", "../../")],
)
def test_the_root_edition_carries_the_runtime_and_the_others_link_up_to_it(folder, kind, prefix):
    link = RuntimeLink.for_folder(folder)
    assert (link.kind, link.prefix, link.bundled) == (kind, prefix, True)


def test_no_runtime_is_a_link_of_its_own_kind():
    assert not RuntimeLink.none().bundled
    assert RuntimeLink.none() != RuntimeLink.own()


def test_a_build_is_current_only_inside_its_with_block_and_nests(tmp_path):
    assert SiteBuild.current() is None
    with SiteBuild(ROOT) as outer:
        assert SiteBuild.current() is outer
        with SiteBuild(tmp_path) as inner:
            assert SiteBuild.current() is inner
        assert SiteBuild.current() is outer
    assert SiteBuild.current() is None


def test_a_build_serves_only_its_own_site_and_data(tmp_path):
    build = SiteBuild(ROOT)
    assert build.serves(ROOT, ROOT / "policies")
    assert not build.serves(ROOT, tmp_path)


def test_the_runtime_is_staged_only_in_an_open_build():
    with pytest.raises(RuntimeError, match="with SiteBuild"):
        SiteBuild(ROOT).runtime  # noqa: B018


def test_an_unknown_edition_is_one_message_naming_the_choices():
    with pytest.raises(Exception, match="unknown language `fr`: use one of zh, en, zh-Hant"):
        Edition.of("fr", DEFAULTS)


def test_a_builds_templates_are_merged_once_into_its_folder_and_removed_with_it():
    with SiteBuild(ROOT) as build:
        merged = build.templates(ROOT / "site_templates")
        assert build.templates(ROOT / "site_templates") == merged
        assert (merged / "example_profile.yaml").is_file()  # the site's own file, over the defaults
    assert not merged.exists()


def test_only_the_converted_edition_changes_the_sites_words():
    templates = DEFAULTS
    zh, hant = Edition.of("zh", templates), Edition.of("zh-Hant", templates, prefix="zh-Hant/")
    # 简体 ("Simplified") in Traditional characters is 簡體.
    assert zh.word("简体") == "简体"
    assert hant.word("简体") == "簡體"
    assert hant.lang == "zh" and hant.converted and not zh.converted
    assert hant.runtime == RuntimeLink("root", "../")
