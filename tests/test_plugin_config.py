"""The plugin's options (``policy_explorer/mkdocs_plugin/config.py``) are what the README and the
package's guide say, both ways; each edition's language comes from ``theme.language``, once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from policy_explorer.mkdocs_plugin.config import SHARED, PolicyExplorerConfig, options, unknown_option
from policy_explorer.mkdocs_plugin.editions import EditionsError, Nested, edition_language

# Every place that lists the options for a reader: the project's README and the guide in the package.
TABLES = [ROOT / "README.md", ROOT / "policy_explorer" / "docs" / "PLUGIN.md"]
HEADER = "| option | type | default | meaning |"


def _table(path: Path) -> dict[str, tuple[str, str, str]]:
    """The option table of ``path``: {name: (type, default, meaning)}, code marks taken off the
    name and the default."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines.count(HEADER) == 1, f"{path}: one table headed {HEADER!r}"
    rows: dict[str, tuple[str, str, str]] = {}
    for line in lines[lines.index(HEADER) + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        assert len(cells) == 4, f"{path}: {line!r} has {len(cells)} cells, not 4"
        name, kind, default, meaning = cells
        assert name not in rows, f"{path}: option {name} listed twice"
        rows[name.strip("`")] = (kind, default.strip("`"), meaning)
    return rows


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_the_option_table_lists_exactly_the_plugin_s_options(path):
    table = _table(path)
    names = [name for name, _ in PolicyExplorerConfig._schema]
    assert sorted(set(names) - set(table)) == [], f"{path.name} does not list these options"
    assert sorted(set(table) - set(names)) == [], f"{path.name} lists options the plugin does not have"
    assert list(table) == names  # the same order: the table reads as config.py does


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_the_option_table_gives_each_option_s_type_default_and_description(path):
    table = _table(path)
    for option in options():
        assert table[option.name] == (option.type, option.default, option.description), option.name


def test_every_option_is_described_with_its_default():
    """Each option says what it does, and its default as the table gives it (none: the plugin's
    behaviour without it, said in the description)."""
    for option in options():
        assert len(option.description.split()) >= 8, option.name
        assert "|" not in option.description, option.name  # a table cell
    defaults = {o.name: o.default for o in options()}
    assert defaults["policies"] == "policies" and defaults["runtime"] == "true"
    assert defaults["languages"] == '{zh: "", en: en/}' and defaults["edit_base"] == "none"


@pytest.mark.parametrize(
    ("key", "hint"),
    [("langauges", "did you mean `languages`?"), ("polices", "did you mean `policies`?")],
)
def test_an_unknown_option_names_the_closest_one(key, hint):
    assert unknown_option(key) == f"unknown option ({hint})"


def test_an_unknown_option_like_none_lists_the_options():
    assert "the options are policies, templates, lang" in unknown_option("zzz")


@pytest.mark.parametrize(
    ("theme", "edition"),
    [("zh-Hans", "zh"), ("zh", "zh"), ("en", "en"), ("zh-HK", "zh-Hant"), ("zh-TW", "zh-Hant")],
)
def test_the_edition_s_language_is_its_theme_language(theme, edition):
    assert edition_language(theme, None, "mkdocs.yml") == edition
    assert edition_language(theme, edition, "mkdocs.yml") == edition  # agreeing: allowed


def test_a_lang_option_against_the_theme_language_is_one_message():
    with pytest.raises(EditionsError) as raised:
        edition_language("en", "zh", "/site/mkdocs.en.yml")
    assert str(raised.value) == (
        "mkdocs.en.yml: policy-explorer option `lang: zh` contradicts `theme.language: en` (the en "
        "edition): remove `lang`, the edition's language is its theme.language"
    )


def test_a_theme_language_without_an_edition_needs_lang():
    assert edition_language("fr", "en", "mkdocs.yml") == "en"
    with pytest.raises(EditionsError, match=r"`theme.language: fr` makes no policy-explorer edition"):
        edition_language("fr", None, "mkdocs.yml")


def _options(**changed: object) -> dict[str, object]:
    shared = {"policies": "policies", "templates": "site_templates", "languages": {"zh": "", "en": "en/"}}
    shared |= {"build_date": None, "history": True, "runtime": False, "pyodide_url": None}
    assert set(shared) == set(SHARED)
    return shared | changed


def test_an_edition_config_sharing_the_root_s_options_passes(tmp_path):
    nested = Nested("en", str(tmp_path / "mkdocs.yml"), _options())
    nested.check("en", _options(), str(tmp_path / "mkdocs.en.yml"), tmp_path)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        (
            {"policies": "other"},
            "mkdocs.en.yml: policy-explorer option `policies` is 'other' here but 'policies' in "
            "mkdocs.yml: every edition of a site shares it; set it once in mkdocs.yml (an edition "
            "config inherits it with `INHERIT: mkdocs.yml`)",
        ),
        ({"runtime": True}, "option `runtime` is True here but False in mkdocs.yml"),
        ({"languages": {"zh": "", "en": "english/"}}, "option `languages` is {'zh': '', 'en': 'english/'}"),
    ],
)
def test_an_edition_config_that_contradicts_the_root_is_one_message(tmp_path, changed, message):
    nested = Nested("en", str(tmp_path / "mkdocs.yml"), _options())
    with pytest.raises(EditionsError) as raised:
        nested.check("en", _options(**changed), str(tmp_path / "mkdocs.en.yml"), tmp_path)  # type: ignore[arg-type]
    assert message in str(raised.value)


def test_an_edition_built_as_another_language_is_one_message(tmp_path):
    nested = Nested("en", str(tmp_path / "mkdocs.yml"), _options())
    with pytest.raises(EditionsError) as raised:
        nested.check("zh-Hant", _options(), str(tmp_path / "mkdocs.en.yml"), tmp_path)  # type: ignore[arg-type]
    assert re.fullmatch(
        r"mkdocs\.en\.yml: mkdocs\.yml lists it as the `en` edition \(`editions`\), but its theme\.language "
        r"makes it the `zh-Hant` edition: make them agree",
        str(raised.value),
    )
