"""The site's one stylesheet (``policy_explorer.sitegen.stylesheet``), with the installed Material's CSS."""

from __future__ import annotations

import hashlib
from pathlib import Path

import material
import pytest

from policy_explorer.sitegen.render import TEMPLATES
from policy_explorer.sitegen.stylesheet import StylesheetError, bundle, join, material_css

MATERIAL = Path(material.__file__).parent / "templates"
SITE_CSS = TEMPLATES / "assets" / "site.css"


def test_material_css_is_what_base_html_links():
    """The hashed names Material's base.html links are the files found, palette only with a palette."""
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    with_palette = material_css([TEMPLATES / "overrides", MATERIAL], palette=True)
    assert [p.name.split(".")[0] for p in with_palette] == ["main", "palette"]
    assert all(f"'assets/stylesheets/{p.name}'" in base for p in with_palette)
    assert [p.name for p in material_css([MATERIAL], palette=False)] == [with_palette[0].name]


def test_a_theme_without_materials_css_is_named_in_one_message(tmp_path):
    missing = rf"no assets/stylesheets/main\.\*\.min\.css in the theme folders \(.*{tmp_path.name}\)"
    with pytest.raises(StylesheetError, match=missing):
        material_css([tmp_path], palette=True)


def test_the_bundle_holds_material_then_the_site_and_is_named_by_its_content():
    theme = material_css([MATERIAL], palette=True)
    path, text = bundle(theme, SITE_CSS)
    assert path == f"assets/stylesheets/site-{hashlib.sha256(text.encode()).hexdigest()[:12]}.css"
    main, palette, site = (p.read_text(encoding="utf-8") for p in [*theme, SITE_CSS])
    # In link order, so the cascade is the one three <link>s gave: Material, its palette, the site.
    assert text.index(".md-header{") < text.index("[data-md-color-scheme=slate]") < text.index(".pe-status")
    assert text.startswith('@charset "UTF-8";') and text.count("@charset") == 1
    assert len(text) >= len(main) + len(palette) + len(site) - 100  # nothing else dropped


def test_materials_switching_rule_is_keyed_to_the_sites_own_mark():
    """Material sets data-md-color-switching on every load; only site.js sets data-pe-switching."""
    palette = material_css([MATERIAL], palette=True)[1].read_text(encoding="utf-8")
    assert "[data-md-color-switching] *" in palette  # the rule this module exists for
    _, text = bundle(material_css([MATERIAL], palette=True), SITE_CSS)
    assert "data-md-color-switching" not in text
    mark = "[data-pe-switching]"
    assert f"{mark} *,{mark} :after,{mark} :before{{transition-duration:0s" in text
    site_js = (TEMPLATES / "assets" / "site.js").read_text(encoding="utf-8")
    assert 'setAttribute("data-pe-switching"' in site_js


def test_join_keeps_one_charset_and_names_each_part():
    parts = [("a.css", '@charset "UTF-8";a{x:1}'), ("b.css", '@charset "UTF-8";\nb{y:2}'), ("c.css", "c{}")]
    text = join(parts)
    assert text == '@charset "UTF-8";a{x:1}\n/* b.css */\nb{y:2}\n/* c.css */\nc{}\n'


def test_an_unreadable_stylesheet_is_named(tmp_path):
    with pytest.raises(StylesheetError, match=r"missing\.css: cannot read this stylesheet"):
        bundle([tmp_path / "missing.css"], SITE_CSS)
    (tmp_path / "bad.css").write_bytes(b"\xff\xfe a{}")
    with pytest.raises(StylesheetError, match=r"bad\.css: cannot read"):
        bundle([], tmp_path / "bad.css")
