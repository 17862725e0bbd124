"""A site's own templates folder replaces the package's defaults file by file, strings key by key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from render_helper import render_edition

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


def _documented(section: str) -> dict[str, str]:
    """The rows of one section's table in docs/TEMPLATES.md: first column's name → second column."""
    doc = (DEFAULTS.parent / "docs" / "TEMPLATES.md").read_text(encoding="utf-8")
    body = doc.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.*) \|$", body, re.M)
    return dict(rows)


def test_the_template_reference_lists_exactly_the_names_the_templates_are_given(tmp_path, monkeypatch):
    """docs/TEMPLATES.md cannot drift: every global, filter and context name of every template of a
    rendered site is documented, and nothing documented is missing from the context."""
    import datetime as dt

    import jinja2
    from jinja2.defaults import DEFAULT_FILTERS

    from policy_explorer.new_site import SCAFFOLD
    from policy_explorer.sitegen.view import SiteView

    seen: dict[str, set[str]] = {}
    env_names: dict[str, set[str]] = {"globals": set(), "filters": set()}
    render = jinja2.Template.render
    plain = set(jinja2.Environment().globals)

    def spy(self, *args, **kwargs):
        seen.setdefault(self.name, set()).update(kwargs)
        env_names["globals"] |= set(self.environment.globals) - plain
        env_names["filters"] |= set(self.environment.filters) - set(DEFAULT_FILTERS)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", spy)
    for lang in ("zh", "en"):
        on = dt.date(2026, 6, 1)
        render_edition(SCAFFOLD, lang, tmp_path / lang, on)
    assert set(_documented("Globals")) == env_names["globals"]
    assert set(_documented("Filters")) == env_names["filters"]
    every = set(_documented("Every page"))
    for template, names in _documented("Page by page").items():
        own = set(re.findall(r"`([^`]+)`", names))
        expected = {
            "calculator_fields.html.j2": every - {"title", "page_path", "source", "link"},
        }.get(template, every) | own
        assert seen.pop(template) == expected, template
    assert not seen, f"templates not in the reference: {sorted(seen)}"
    fields = {f"site.{name}" for name in SiteView.__dataclass_fields__} | {"site.clauses"}
    assert set(_documented("`site`")) == fields


def test_an_unknown_site_string_is_an_error_naming_its_line_and_the_closest_key(tmp_path):
    """A typo in a key was ignored (the default stayed, silently): now the build stops on it."""
    own = tmp_path / "site_templates"
    own.mkdir()
    (own / "strings.yaml").write_text(
        "site_name: {zh: 我的站, en: My site}\nsite_nme: {zh: 站, en: Site}\n", "utf-8"
    )
    with pytest.raises(RenderError) as err:
        site_templates(own, tmp_path / "merged")
    assert str(err.value) == (
        f"{own / 'strings.yaml'}:2: unknown key `site_nme` (did you mean `site_name`?); "
        "every key is one of the defaults'"
    )


def _site_with_home(tmp_path, home: str):
    import shutil

    from policy_explorer.new_site import SCAFFOLD

    site = tmp_path / "site"
    shutil.copytree(SCAFFOLD, site)
    (site / "site_templates" / "home.md.j2").write_text(home, encoding="utf-8")
    return site


@pytest.mark.parametrize(
    ("home", "what"),
    [
        ("# {{ title }}\n\n{{ titel }}\n", "'titel' is undefined"),
        (
            "# {{ title }}\n\n{% if site %}\n",
            "Unexpected end of template. Jinja was looking for the following",
        ),
        # Not Jinja's own error: the `cny` filter (an amount written as the data writes it, "5万")
        # given a number it cannot read raises in Python, under the template's line 3.
        (
            "# {{ title }}\n\n{{ 1.5 | cny }}\n",
            "AttributeError: 'float' object has no attribute 'endswith' (raised by a filter or function",
        ),
    ],
)
def test_a_broken_override_is_one_message_naming_the_site_s_own_file_and_line(tmp_path, home, what):
    """Not a 58-line traceback naming a temporary copy: the site's file, the template's own line."""
    import datetime as dt

    site = _site_with_home(tmp_path, home)
    with pytest.raises(RenderError) as err:
        render_edition(site, "en", tmp_path / "out", dt.date(2026, 6, 1))
    where = site / "site_templates" / "home.md.j2"
    assert str(err.value).startswith(f"{where}:3: {what}"), str(err.value)  # line 3 holds the mistake


def test_render_names_the_site_s_template_line_without_a_traceback(tmp_path, monkeypatch, capsys):
    """`policy-explorer render` with a filter that raises in Python (a number `cny` cannot read, as a
    Decimal was): one message naming the site's own file and line, exit 2."""
    from policy_explorer import cli

    site = _site_with_home(tmp_path, "# {{ title }}\n\n{{ 1.5 | cny }}\n")
    monkeypatch.setattr(cli, "PROJECT", site)
    out = str(tmp_path / "out")
    code = cli.main(
        [
            "--policies",
            str(site / "policies"),
            "render",
            "--out",
            out,
            "--lang",
            "en",
            "--no-runtime",
            "--no-history",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"error: {site / 'site_templates' / 'home.md.j2'}:3: AttributeError: "), err
    assert "Traceback" not in err and err.count("\n") == 1
