"""tools/zensical_report.py: the config Zensical gets, and the URLs it compares (the build is not run)."""

from __future__ import annotations

import importlib.util
import sys

import yaml
from conftest import ROOT

from policy_explorer.sitegen.templates import DEFAULTS

_spec = importlib.util.spec_from_file_location("zensical_report", ROOT / "tools" / "zensical_report.py")
report = sys.modules["zensical_report"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(report)


def test_each_editions_config_points_at_the_rendered_folder_without_the_plugin(tmp_path):
    zh = yaml.safe_load(
        report.zensical_config("zh", tmp_path / "pages", tmp_path / "site", tmp_path).read_text()
    )
    en = yaml.safe_load(
        report.zensical_config("en", tmp_path / "pages", tmp_path / "site", tmp_path).read_text()
    )
    # relative to the config's folder (tmp_path), as Zensical needs
    assert (zh["docs_dir"], zh["site_dir"]) == ("pages/zh", "site")
    assert (en["docs_dir"], en["site_dir"]) == ("pages/en", "site/en")
    for config in (zh, en):
        names = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
        assert report.PLUGIN not in names and "search" in names
        # this site has none of its own
        assert (tmp_path / config["theme"]["custom_dir"]).resolve() == DEFAULTS / "overrides"
    assert en["theme"]["features"] == zh["theme"]["features"]  # INHERIT: mkdocs.yml
    assert en["theme"]["language"] != zh["theme"]["language"]


def test_rendered_pages_and_built_pages_give_the_same_urls(tmp_path):
    pages, site = tmp_path / "pages", tmp_path / "site"
    for path in (
        "zh/index.md",
        "zh/policies/a.md",
        "zh/policies/a/clause-1.md",
        "en/index.md",
        "en/about.md",
    ):
        (pages / path).parent.mkdir(parents=True, exist_ok=True)
        (pages / path).write_text("# x")
    for path in ("index.html", "policies/a/index.html", "policies/a/clause-1/index.html", "404.html"):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text("<p>x</p>")
    for path in ("en/index.html", "en/about/index.html", "en/404.html"):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text("<p>x</p>")
    rendered = report.urls_from_pages(pages, "zh") | report.urls_from_pages(pages, "en")
    assert rendered == {"", "policies/a/", "policies/a/clause-1/", "en/", "en/about/"}
    assert report.html_urls(site) == rendered


def test_installer_warnings_are_left_out_of_a_failure():
    assert (
        report._tail("WARNING: Location 'x' is ignored\nERROR: no zensical-ui\n") == "ERROR: no zensical-ui"
    )


def test_colours_and_overlong_lines_are_left_out_of_a_failure():
    assert report._tail("\x1b[33mx\x1b[0m" + "y" * 300) == "x" + "y" * 199
