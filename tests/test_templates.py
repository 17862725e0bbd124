"""A site's own templates folder replaces the package's defaults file by file, strings key by key."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_explorer.sitegen.templates import DEFAULTS, RenderError, load_strings, overrides, site_templates


def test_without_a_folder_of_its_own_a_site_renders_from_the_defaults(tmp_path):
    assert site_templates(None, tmp_path / "merged") == DEFAULTS
    assert site_templates(tmp_path / "missing", tmp_path / "merged") == DEFAULTS
    (tmp_path / "empty").mkdir()
    assert site_templates(tmp_path / "empty", tmp_path / "merged") == DEFAULTS
    assert not (tmp_path / "merged").exists()


def test_a_site_file_and_a_site_string_replace_the_defaults(tmp_path):
    own = tmp_path / "site_templates"
    (own / "assets").mkdir(parents=True)
    (own / "assets" / "site.css").write_text("/* the site's own */\n", encoding="utf-8")
    (own / "strings.yaml").write_text("site_name: {zh: 我的站, en: My site}\n", encoding="utf-8")
    merged = site_templates(own, tmp_path / "merged")
    assert merged == tmp_path / "merged"
    assert (merged / "assets" / "site.css").read_text(encoding="utf-8") == "/* the site's own */\n"
    assert (merged / "policy.md.j2").read_bytes() == (DEFAULTS / "policy.md.j2").read_bytes()
    strings = load_strings(merged)
    assert strings["site_name"] == {"zh": "我的站", "en": "My site"}
    assert strings["home"] == load_strings(DEFAULTS)["home"]  # every other key stays the default


def test_a_broken_site_string_is_reported_at_its_own_file_and_line(tmp_path):
    own = tmp_path / "site_templates"
    own.mkdir()
    (own / "strings.yaml").write_text("site_name: {zh: 我的站, en: My site}\nhome: {zh: 首页}\n", "utf-8")
    with pytest.raises(RenderError, match=rf"{own / 'strings.yaml'}:2: `home` must be"):
        site_templates(own, tmp_path / "merged")


def test_the_site_s_material_overrides_come_before_the_defaults(tmp_path):
    assert overrides(tmp_path) == [DEFAULTS / "overrides"]
    (tmp_path / "overrides").mkdir()
    assert overrides(tmp_path) == [tmp_path / "overrides", DEFAULTS / "overrides"]


def test_the_vendored_tablesort_is_the_pinned_npm_package_s():
    """The defaults carry tablesort (an installed site has no npm folder); it is tools/node's copy."""
    from conftest import ROOT

    dist = ROOT / "tools" / "node" / "node_modules" / "tablesort" / "dist"
    if not dist.is_dir():
        pytest.skip("tools/node is not set up (./dev setup)")
    vendored = DEFAULTS / "assets" / "vendor" / "tablesort"
    for name in ("tablesort.min.js", "sorts/tablesort.number.min.js"):
        assert (vendored / Path(name).name).read_bytes() == (dist / name).read_bytes(), name
