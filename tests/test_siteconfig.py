"""``policies/site.yaml``: the defaults are this site's (zh sources, CNY with 万/亿), and each mistake
in the file is one message naming its field and what to write."""

from __future__ import annotations

import shutil
from pathlib import Path

from policy_explorer.check import validate
from policy_explorer.siteconfig import problems, settings

EUR_POLICIES = Path(__file__).parent / "fixtures" / "eur_site" / "policies"


def test_without_a_file_the_settings_are_chinese_sources_and_cny_with_wan():
    assert settings(None) == {
        "source_language": "zh",
        "currency": {"code": "CNY", "symbol": "CNY ", "grouping": ",", "decimal": ".", "chinese_units": True},
    }


def test_another_currency_defaults_to_its_code_and_no_wan():
    got = settings({"currency": {"code": "EUR"}})["currency"]
    assert (got["symbol"], got["chinese_units"]) == ("EUR ", False)


def test_each_mistake_names_its_field():
    found = dict(
        problems(
            {
                "source_language": "fr",
                "currency": {"code": "euro", "grouping": ",", "decimal": ","},
                "colour": "blue",
            }
        )
    )
    assert "'fr' is not one of 'zh', 'en'" in found[("source_language",)]
    assert "ISO 4217" in found[("currency", "code")]
    assert found[("currency", "decimal")] == "the decimal mark must differ from the grouping character"
    assert "colour" in found[()] and "source_language, currency" in found[()]
    assert problems(None) == []
    assert problems(["en"])[0][1].startswith("the file must be a mapping of settings")


def test_a_bad_site_file_fails_validation_with_its_file_and_line(tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(EUR_POLICIES, policies)
    (policies / "site.yaml").write_text("source_language: en\ncurrency:\n  code: Euro\n", encoding="utf-8")
    found = [str(p) for p in validate(policies)]
    assert found == [
        "policies/site.yaml:3: currency.code: 'Euro' does not match '^[A-Z]{3}$' (an ISO 4217 code)"
    ]


def test_the_source_language_s_text_is_the_one_checked_verbatim(tmp_path):
    """The fixture's clause 1 reads "a grant of 25% of the compute fees" in its English source; a
    changed figure in text.en is named, while text.zh (a translation there) is not checked."""
    policies = tmp_path / "policies"
    shutil.copytree(EUR_POLICIES, policies)
    assert validate(policies) == []
    doc = policies / "documents" / "northvale-ai-2026.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("grant of 25%", "grant of 26%"), encoding="utf-8")
    (problem,) = validate(policies)
    assert "clauses[0].text.en: clause 1: text.en is not verbatim" in str(problem)
