"""``mkdocs build`` validates the policy data first and fails with the validator's messages."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from policy_explorer.mkdocs_plugin.editions import relative as _relative

# Every edition's MkDocs config (the root build builds the others): mkdocs.yml, mkdocs.en.yml, …
EDITION_CONFIGS = sorted(p.name for p in ROOT.glob("mkdocs*.yml"))

MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]


def _build(cwd: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [*MKDOCS, "--site-dir", str(site)], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_build_succeeds_on_valid_data(built_site):
    assert (built_site / "index.html").is_file()
    assert (built_site / "en" / "index.html").is_file()


def test_the_build_writes_precompressed_copies_of_text_and_wasm(built_site):
    import brotli

    wasm = next(built_site.glob("runtime/pyodide-*/pyodide.asm.wasm"))
    stdlib = next(built_site.glob("runtime/calculator-*/python_stdlib.zip"))  # stored: compresses whole
    for original in (built_site / "index.html", built_site / "en" / "index.html", wasm, stdlib):
        body = original.read_bytes()
        assert brotli.decompress(original.with_name(original.name + ".br").read_bytes()) == body
        assert gzip.decompress(original.with_name(original.name + ".gz").read_bytes()) == body
    for compressed in ("*.whl", "*.bin.gz"):  # compressed already: no copy
        assert not list(built_site.glob(f"runtime/*/{compressed}.*"))


def test_build_fails_with_the_validator_messages(tmp_path):
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in EDITION_CONFIGS:
        shutil.copy(ROOT / name, copy / name)
    for name in ("content", "policies", "site_templates"):
        shutil.copytree(ROOT / name, copy / name)
    doc = copy / "policies/documents/xiamen-ai-2023.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("{fact: compute_spend}", "{fact: gpu_spend}", 1))
    run = _build(copy, tmp_path / "site")
    assert run.returncode != 0
    assert (
        "policies/documents/xiamen-ai-2023.yaml:" in run.stderr and "unknown fact `gpu_spend`" in run.stderr
    )
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_hand_written_page_may_not_shadow_a_generated_one(tmp_path):
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in EDITION_CONFIGS:
        shutil.copy(ROOT / name, copy / name)
    for name in ("content", "policies", "site_templates"):
        shutil.copytree(ROOT / name, copy / name)
    (copy / "content/zh/timeline.md").write_text("# 我的时间线\n", encoding="utf-8")
    run = _build(copy, tmp_path / "site")
    assert run.returncode != 0
    assert "content/zh/timeline.md has the same path as a generated page: rename or remove it" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("here", "target", "link"),
    [
        ("policies/x/", "en/policies/x/", "../../en/policies/x/"),
        ("en/policies/x/", "policies/x/", "../../../policies/x/"),
        ("", "en/", "en/"),
        ("en/", "", "../"),
        ("en/", "en/", "./"),
        ("en/404.html", "404.html", "../404.html"),
    ],
)
def test_language_switch_links_are_relative(here, target, link):
    assert _relative(here, target) == link


@pytest.mark.parametrize("forge", ["https://gitee.com/example/policies/edit/master/", ""])
def test_edit_links_go_to_the_configured_forge_or_nowhere(tmp_path, data, forge):
    """$POLICY_EXPLORER_EDIT_BASE picks the forge of every "edit this page" link; empty: none at all."""
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in EDITION_CONFIGS:
        shutil.copy(ROOT / name, copy / name)
    for name in ("content", "policies", "site_templates"):
        shutil.copytree(ROOT / name, copy / name)
    # No .br/.gz copies (test_the_build_writes_precompressed_copies… checks them on the shared
    # build): brotli 11 of every page is a third of a build, and edit links are in the pages.
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  policy-explorer:\n" in text
    config.write_text(
        text.replace("  policy-explorer:\n", "  policy-explorer:\n    precompress: false\n"), "utf-8"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "POLICY_EXPLORER_EDIT_BASE": forge}
    site = tmp_path / "site"
    run = subprocess.run(
        [*MKDOCS, "--site-dir", str(site)], capture_output=True, text=True, cwd=copy, env=env
    )
    assert run.returncode == 0, run.stderr[-2000:]
    edit = re.compile(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon"')
    found = {
        p.relative_to(site).as_posix(): edit.findall(p.read_text(encoding="utf-8"))
        for p in site.rglob("*.html")
    }
    if not forge:
        assert not any(found.values())
        return
    policy = data["policies"][0]["id"]
    assert found[f"policies/{policy}/index.html"] == [f"{forge}policies/documents/{policy}.yaml"]
    assert found["en/about/index.html"] == [f"{forge}content/en/about.md"]
    assert found["about/index.html"] == [f"{forge}content/zh/about.md"]
    assert all(links == [] or links[0].startswith(forge) for links in found.values())


@pytest.mark.parametrize(
    ("line", "option", "message"),
    [
        ("    policies: policies", "policies", "isn't an existing directory"),
        ("    build_date: June 2026", "build_date", "is not a date: write YYYY-MM-DD"),
        ("    editions: {en: mkdocs.en.yml}", "editions", "isn't an existing file"),
        ('    languages: {zh: "", en: en/}', "languages", "unknown language fr"),
        ("    runtime: false", "runtime", "Expected type: <class 'bool'>"),
    ],
)
def test_a_wrong_plugin_option_stops_the_build_with_its_name(tmp_path, line, option, message):
    """Each option is validated as MkDocs validates its own: the message names the option."""
    from policy_explorer.new_site import new_site

    site = tmp_path / "site"
    new_site(site)
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    wrong = {
        "policies": "    policies: nowhere",
        "build_date": line,
        "editions": "    editions: {en: mkdocs.missing.yml}",
        "languages": '    languages: {zh: "", en: en/, fr: fr/}',
        "runtime": "    runtime: sometimes",
    }[option]
    if option == "build_date":
        text = text.replace("  policy-explorer:\n", f"  policy-explorer:\n{wrong}\n")
    else:
        assert line in text, line
        text = text.replace(line, wrong)
    config.write_text(text, encoding="utf-8")
    run = _build(site, tmp_path / "out")
    assert run.returncode != 0
    assert option in run.stderr and message in run.stderr, run.stderr[-1500:]
    assert "Traceback" not in run.stderr


def test_a_misspelt_option_fails_the_plain_build_naming_the_closest_one(tmp_path):
    """MkDocs only warned (`Unrecognised configuration name`) and built with the default in its place,
    a language switch to nowhere among others: the build without --strict fails now."""
    from policy_explorer.new_site import SCAFFOLD

    site = tmp_path / "site"
    shutil.copytree(SCAFFOLD, site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("    languages:", "    langauges:"), "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "out")],
        cwd=site,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0
    message = "Plugin 'policy-explorer' option 'langauges': unknown option (did you mean `languages`?)"
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("lang", "english", "chinese"),
    [("en", "../widget/", "../zh/widget/"), ("zh", "../../widget/", "../widget/")],
)
def test_the_embed_builder_s_editions_follow_an_english_root(lang, english, chinese):
    """A site whose root edition is English (languages {en: "", zh: zh/}): each edition's widget and
    embed script are where that site puts them, from the embed page of either edition (it had
    assumed Chinese at the root, so the English snippet was a 404)."""
    import html as html_text
    import json

    from policy_explorer.mkdocs_plugin.editions import Links
    from policy_explorer.sitegen import Edition
    from policy_explorer.sitegen.templates import DEFAULTS

    links = Links(lang, {"en": "", "zh": "zh/"})
    page = '<form id="pe-embed-builder"><select id="pe-eb-edition"></select></form>'
    out = links.embed_editions(page, "embed/", Edition.of(lang, DEFAULTS))
    editions = json.loads(html_text.unescape(re.search(r'data-editions="([^"]*)"', out)[1]))
    assert editions["en"]["widget"] == english and editions["zh"]["widget"] == chinese
    assert editions["en"]["script"] == english.replace("widget/", "assets/calculator/embed.js")
    assert f'<option value="{lang}" selected>' in out


@pytest.mark.parametrize(
    ("override", "line", "what"),
    [
        # A syntax error: MkDocs loads a page's template outside any hook (a traceback, before).
        ("<footer>\n{% if pe_footer %}\n</footer>\n", 2, "Unexpected end of template"),  # the `if` left open
        # An error while the page renders, in a template the theme includes.
        ("<footer>\n\n{{ pe_fotter.links }}\n</footer>\n", 3, "'pe_fotter' is undefined"),
    ],
)
def test_a_broken_theme_override_is_one_message_naming_the_site_s_file(tmp_path, override, line, what):
    """site_templates/overrides/partials/copyright.html (the footer): its own path and line."""
    from policy_explorer.new_site import new_site

    site = tmp_path / "site"
    new_site(site)
    own = site / "site_templates" / "overrides" / "partials" / "copyright.html"
    own.parent.mkdir(parents=True)
    own.write_text(override, encoding="utf-8")
    run = _build(site, tmp_path / "out")
    assert run.returncode != 0
    assert f"site_templates/overrides/partials/copyright.html:{line}: {what}" in run.stderr, run.stderr[
        -1500:
    ]
    assert "Traceback" not in run.stderr


def test_a_lang_option_against_the_theme_language_stops_the_build(tmp_path):
    """The edition's language is its theme.language: a `lang` that says otherwise is one message."""
    from policy_explorer.new_site import new_site

    site = tmp_path / "site"
    new_site(site)
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  policy-explorer:\n", "  policy-explorer:\n    lang: en\n"), "utf-8")
    run = _build(site, tmp_path / "out")
    assert run.returncode != 0
    message = "mkdocs.yml: policy-explorer option `lang: en` contradicts `theme.language: zh-Hans`"
    assert message in run.stderr and "Traceback" not in run.stderr, run.stderr[-1500:]


def test_an_edition_config_that_contradicts_the_root_s_stops_the_build(tmp_path):
    """mkdocs.en.yml may not read other policies than mkdocs.yml: one message naming both files."""
    from policy_explorer.new_site import new_site

    site = tmp_path / "site"
    new_site(site)
    shutil.copytree(site / "policies", site / "other")
    config = site / "mkdocs.en.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("plugins:\n", "plugins:\n  policy-explorer:\n    policies: other\n"), "utf-8"
    )
    run = _build(site, tmp_path / "out")
    assert run.returncode != 0
    message = "mkdocs.en.yml: policy-explorer option `policies` is 'other' here but 'policies' in mkdocs.yml"
    assert message in run.stderr and "Traceback" not in run.stderr, run.stderr[-1500:]
