"""The validator: the real data passes, and each kind of broken data gets its own clear message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import POLICIES, ROOT

from policy_explorer.check import validate

DOC = "documents/shenzhen-longgang-ai-2025.yaml"


def test_real_data_is_valid():
    assert validate(POLICIES) == []


@pytest.fixture()
def policies(tmp_path: Path) -> Path:
    """A private copy of policies/ to break."""
    target = tmp_path / "policies"
    shutil.copytree(POLICIES, target)
    return target


def _edit(policies: Path, rel: str, old: str, new: str, count: int = 1) -> int:
    """Replace ``old`` by ``new`` in a file and return the line where the change is."""
    path = policies / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def _messages(policies: Path) -> list[str]:
    return [str(p) for p in validate(policies)]


# Each case: (file, old text, new text, pattern the one message must match). The line is checked too.
BROKEN = {
    # Security round 3: an address the old pattern let through became live Markdown on 51 pages.
    "a source URL holding Markdown link syntax": (
        DOC,
        "  url: https://www.lg.gov.cn/",
        "  url: https://evil.example/[Official](https://phish.example/login){:style=position:fixed}"
        "#https://www.lg.gov.cn/",
        r"source\.url: .*not a plain web address: the address holds '\(', '\)', '\[', '\]'",
    ),
    "a source URL in another scheme": (
        DOC,
        "  url: https://www.lg.gov.cn/",
        "  url: javascript://www.lg.gov.cn/%0Aalert%281%29#",
        r"source\.url: .*must start with https:// or http://",
    ),
    "a URL with a newline at its end": (
        DOC,
        "  url: https://www.lg.gov.cn/xxgk/zwgk/flfg/bmgfxwj/content/post_11932611.html\n",
        '  url: "https://www.lg.gov.cn/xxgk/zwgk/flfg/bmgfxwj/content/post_11932611.html\\n"\n',
        r"source\.url: .*U\+000A",
    ),
    "a number of thousands of digits": (
        DOC,
        "  years: 3\n",
        "  years: " + "9" * 5000 + "\n",
        r"validity\.years has 5000 digits",
    ),
    "a date past the data's range": (
        DOC,
        "  years: 3\n",
        "  to: 9999-12-31\n",
        r"validity\.to: .*9999-12-31",
    ),
    "category id of a listing page": (
        "categories.yaml",
        "- id: compute_voucher",
        "- id: index",
        r"category id `index` is the path of the listing page",
    ),
    "jurisdiction id of a listing page": (
        "jurisdictions.yaml",
        "- id: shenzhen-longgang\n",
        "- id: index\n",
        r"jurisdiction id `index` is the path of the listing page",
    ),
    "document id of a listing page": (
        DOC,
        "id: shenzhen-longgang-ai-2025\n",
        "id: index\n",
        r"document id `index` is the path of the listing page",
    ),
    "bad type": (
        DOC,
        "kind: measures",
        "kind: [measures]",
        r"kind: expected .*enum|kind: `\['measures'\]` is not one of",
    ),
    "unknown fact": (
        DOC,
        "{fact: compute_spend}",
        "{fact: compute_spending}",
        r"unknown fact `compute_spending`",
    ),
    "dangling implements": (
        "documents/shenzhen-ai-pioneer-rules-2025.yaml",
        'clause: "4"}',
        'clause: "99"}',
        r"`implements` points to shenzhen-ai-pioneer-measures-2024 clause 99, which does not exist",
    ),
    "duplicate clause id": (DOC, 'id: "3"', 'id: "2"', r"duplicate clause id `2`"),
    "YAML 1.1 boolean no": (DOC, "kind: measures", "kind: no", r"`no` .* is a boolean in YAML 1.1"),
    "YAML 1.1 key on": (
        DOC,
        "kind: measures",
        "kind: measures\non: true",
        r"`on` .* is a boolean in YAML 1.1",
    ),
    "bad date": (DOC, "from: 2025-01-10", "from: 2025-02-30", r"`2025-02-30` is not a real date"),
    "negative rate": (DOC, '"30%"', '"-30%"', r"`-30%` is negative"),
    "cap below zero": (DOC, '{max: "600万"', "{max: -6000000", r"(is below 0|is negative)"),
    "missing translation": (
        DOC,
        "en: Longgang District",
        "fr: Longgang District",
        r"missing `en` \(a translation is required\)",
    ),
    "binary float": (DOC, '"30%"', "0.3", r"`0.3` is a binary float"),
    "unknown category": (
        DOC,
        "category: compute_voucher",
        "category: compute_vouchers",
        r"unknown category `compute_vouchers`",
    ),
    "unknown jurisdiction": (
        DOC,
        "jurisdiction: shenzhen-longgang",
        "jurisdiction: longgang",
        r"unknown jurisdiction `longgang`",
    ),
    "not verbatim": (
        DOC,
        "对购买算力的企业",
        "对购买算力之企业",
        r"text.zh is not verbatim in policies/sources/001",
    ),
    "id not file name": (
        DOC,
        "id: shenzhen-longgang-ai-2025",
        "id: longgang-2025",
        r"id `longgang-2025` must equal the file name",
    ),
    "end before start": (DOC, "years: 3", "to: 2024-01-01", r"`to` 2024-01-01 is before `from` 2025-01-10"),
    "unknown operator": (
        DOC,
        "{fact: compute_spend}",
        "{facts: compute_spend}",
        r"unknown expression \['facts'\]",
    ),
    "amount word": (DOC, '{max: "600万"', '{max: "六百万"', r"`六百万` is not a valid amount or rate"),
    "parent cycle": (
        "jurisdictions.yaml",
        "  level: province\n  parent: china\n",  # the province above Shenzhen now sits under it
        "  level: province\n  parent: shenzhen\n",
        r"is its own ancestor",
    ),
    "duplicate fact": (
        "facts.yaml",
        "- id: rd_spend_prev",
        "- id: rd_spend",
        r"duplicate fact id `rd_spend`",
    ),
    # Every profile's top-level `startup` is read as this fact (policy_explorer/calculator/profile.py).
    "no startup fact": ("facts.yaml", "- id: startup\n", "- id: tartup\n", r"no fact `startup`: declare it"),
    "unknown key": (DOC, "kind: measures", "kind: measures\nkinds: x", r"unknown key \['kinds'\]"),
    # Totals people budget with: every part names its expense, status and fixed parts are gated.
    "no expense": (
        DOC,
        "      expense: compute\n",
        "",
        r"name the expense this money pays for .* or `expense: reward`",
    ),
    "unknown expense": (DOC, "expense: compute\n", "expense: computing\n", r"unknown expense `computing`"),
    "up to without a gate": (
        DOC,
        "      when:\n        - {fact: models_filed, gte: 1}\n",
        "",
        r"a fixed or 'up to' amount that no condition gates",
    ),
    "status without a gate": (
        DOC,
        "      when:\n        - {fact: longgang_demo_scenario_selected, is: true}\n",
        "",
        r"ties it to a status \(入选\) but no gate asks for it",
    ),
    "implements a missing part": (
        "documents/shenzhen-ai-pioneer-rules-2025.yaml",
        'clause: "9", part: major_project}',
        'clause: "9", part: major}',
        r"clause 9 has no part `major`",
    ),
    "either names a missing part": (
        "documents/shenzhen-ai-pioneer-measures-2024.yaml",
        "either: [new_platform, existing_platform]",
        "either: [new_platform, old_platform]",
        r"`either` names `old_platform`",
    ),
    "a totals example that the texts do not give": (
        "totals/shenzhen.yaml",
        "total_max_cny: 7000000",
        "total_max_cny: 7000001",
        r"expected max 7000001 / conservative (\d+), the engine gives 7000000 / \1\b",
    ),
    "a totals example without its working": (
        "totals/xiamen.yaml",
        "  why: >-",
        "  whys: >-",
        r"missing why|unknown key `whys`",
    ),
    # The glossary is read like the rest: a YAML 1.1 boolean, a missing translation, a repeated term.
    "glossary boolean": ("glossary.yaml", "en: compute voucher\n", "en: no\n", r"\bno\b.*quote"),
    "glossary note half": (
        "glossary.yaml",
        "    en: A subsidy voucher that a government issues",
        "    fr: A subsidy voucher that a government issues",
        r"^policies/glossary\.yaml:\d+: \[0\]\.note: missing `en`",
    ),
    # Completeness is stated in the data: every item the source numbers has its clause.
    "a numbered item without its clause": (
        DOC,
        "numbering: {first: 1, last: 16}",
        "numbering: {first: 1, last: 17}",
        r"numbers items 1 to 17, but no clause has number 17",
    ),
    "a clause outside the numbering": (
        DOC,
        "numbering: {first: 1, last: 16}",
        "numbering: {first: 2, last: 16}",
        r"clause number\(s\) 1 lie outside `numbering` \(2 to 16\)",
    ),
    # A document may bring its own places; a place defined twice or hanging from nowhere is named.
    "a document's place defined twice": (
        DOC,
        "kind: measures",
        "kind: measures\njurisdictions:\n  - {id: shenzhen, name: {zh: 深圳, en: Shenzhen}, level: city}",
        r"jurisdiction `shenzhen` is already defined elsewhere",
    ),
    "a document's place with an unknown parent": (
        DOC,
        "kind: measures",
        "kind: measures\njurisdictions:\n  - {id: x, name: {zh: 某市, en: X}, level: city, parent: nowhere}",
        r"unknown parent jurisdiction `nowhere`",
    ),
    # The validator helps the next maintainer: a hint for a typo, the right spelling of a date, the
    # worked examples run by `validate` itself, YAML's colon rule in words.
    "a mistyped fact gets the nearest id": (
        DOC,
        "{fact: compute_spend}",
        "{fact: compute_spnd}",
        r"unknown fact `compute_spnd` \(did you mean `compute_spend`\?\)",
    ),
    "a mistyped category gets the nearest id": (
        DOC,
        "category: compute_voucher",
        "category: compute_vouchr",
        r"unknown category `compute_vouchr` \(did you mean `compute_voucher`\?\)",
    ),
    "a mistyped key gets the nearest one": (
        DOC,
        "kind: measures",
        "kind: measures\nnumberring: {first: 1, last: 16}",
        r"unknown key \['numberring'\] \(did you mean `numbering`\?\)",
    ),
    "Chinese in an English field": (
        DOC,
        "short_title: {zh: 龙岗区人工智能若干措施, en: Longgang AI measures}",
        "short_title: {zh: 龙岗区人工智能若干措施, en: 龙岗区人工智能若干措施}",
        r"short_title\.en: the English text is mostly Chinese .*put the Chinese in `zh`",
    ),
    # 龙岗(二) "按实际投入的30%给予补贴，最高600万元": 3000万 × 30% = 900万 > 600万, so 600万, not 900万.
    "a worked example the text does not give": (
        DOC,
        "        max_cny: 6000000\n",
        "        max_cny: 9000000\n",
        r"examples\[1\]\.max_cny: clause 2, example 2: "
        r"the example says 9000000 yuan, the engine gives 6000000",
    ),
    "a date without leading zeros": (
        DOC,
        "from: 2025-01-10",
        "from: 2025-1-10",
        r"validity\.from: `2025-1-10` is in the wrong format: write 2025-01-10",
    ),
    "an unquoted colon inside braces": (
        DOC,
        "en: Longgang AI measures}",
        "en: Longgang: AI measures}",
        r"the text after `en:` holds ': ' .* quote the whole text",
    ),
    # An application block states only what the text does: never a date for a window without one.
    "an application window of no dates given dates": (
        "documents/hangzhou-xihu-ai-2025.yaml",
        "window: {kind: until_exhausted}",
        "window: {kind: until_exhausted, to: 2026-12-31}",
        r"application\.window: a `until_exhausted` window has no dates",
    ),
    "an application window of dates without its last day": (
        "documents/hangzhou-xihu-ai-2025.yaml",
        "window: {kind: until_exhausted}",
        "window: {kind: dates, from: 2026-01-01}",
        r"a `dates` window needs `to`",
    ),
    "an application quote not in the source": (
        "documents/hangzhou-xihu-ai-2025.yaml",
        "quote: {zh: “算力券”发放额满截止。",
        "quote: {zh: “算力券”发放额满即止。",
        r"application\.quote\.zh: the quote is not verbatim in the normalized source",
    ),
    # An interpreting unit only as the text names it where it says who interprets it: 西湖区's text reads
    # "具体由区经信局、区财政局负责解释"; 区科技局 is named nowhere as interpreting it.
    "an interpreting unit the text does not name as such": (
        "documents/hangzhou-xihu-ai-2025.yaml",
        "- {zh: 区财政局, en: District Finance Bureau}",
        "- {zh: 区科技局, en: District Finance Bureau}",
        r"application\.interpreted_by\[1\]\.zh: `区科技局` is not named where the source says who interprets",
    ),
    # A text that is not verbatim says where it diverges: each span it names is in the text.
    "a divergence whose span is not in the text": (
        DOC,
        '  - id: "3"\n',
        '  - id: "3"\n    diverges: [{source: 甲, text: 乙丙丁, why: {zh: 笔误, en: A typo}}]\n',
        r"`乙丙丁` is not in this clause's text\.zh",
    ),
    # A document's own fact: any id another document also declares, but not a shared fact's.
    "a document's fact that shadows a shared one": (
        DOC,
        "  - id: longgang_demo_scenario_selected\n",
        "  - id: compute_spend\n",
        r"facts\.yaml already declares `compute_spend`: read that one",
    ),
    "another document's fact by its short name": (
        "documents/shenzhen-ai-pioneer-rules-2025.yaml",
        "{fact: shenzhen-ai-pioneer-measures-2024.sz_application_project_level, gte: 1}",
        "{fact: sz_application_project_level, gte: 1}",
        r"unknown fact `sz_application_project_level` \(another document declares it: write it in full, "
        r"`shenzhen-ai-pioneer-measures-2024\.sz_application_project_level`\)",
    ),
    "glossary repeated term": (
        "glossary.yaml",
        "- zh: 训力券",
        "- zh: 算力券",
        r"`算力券` is already in the glossary",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_data_is_reported(policies, name):
    rel, old, new, pattern = BROKEN[name]
    line = _edit(policies, rel, old, new)
    messages = _messages(policies)
    matching = [m for m in messages if re.search(pattern, m)]
    on_file = [m for m in matching if m.startswith(f"policies/{rel}:")]
    assert on_file, messages
    # A document that brings its own place under a broken one (a district of its own below a cycle) is
    # named as well; any other file is not.
    elsewhere = [m for m in matching if m not in on_file]
    own_places = rel == "jurisdictions.yaml"
    assert all(own_places and m.startswith("policies/documents/") for m in elsewhere), elsewhere
    assert any(abs(int(m.split(":")[1]) - line) <= 12 for m in on_file), (line, on_file)


@pytest.mark.parametrize("name", list(BROKEN))
def test_fast_one_of_gives_the_standard_errors(policies, name):
    """The operator-keyed ``oneOf`` shortcut reports exactly what plain JSON Schema validation does."""
    import jsonschema

    from policy_explorer import schema
    from policy_explorer.validate import _pattern, _validator, load_dataset

    rel, old, new, _ = BROKEN[name]
    _edit(policies, rel, old, new)
    ds = load_dataset(policies)
    tables = [ds.facts, ds.jurisdictions, ds.categories, ds.glossary]
    for loaded in [*tables, *ds.documents]:
        name_ = f"{loaded.path.stem}.schema.json" if loaded in tables else "document.schema.json"
        # Standard JSON Schema, with `pattern` read as JSON Schema means it (validate._pattern: `$` is
        # the end of the text) rather than as Python's re.search reads it.
        standard = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})(
            schema.all_schemas()[name_]
        )

        def key(e):
            return (tuple(map(str, e.absolute_path)), e.message, e.validator)

        assert sorted(map(key, _validator(name_).iter_errors(loaded.data))) == sorted(
            map(key, standard.iter_errors(loaded.data))
        ), loaded.path


def test_yaml_syntax_error_names_file_and_line(policies):
    line = _edit(policies, DOC, "kind: measures", "kind: [measures")
    messages = _messages(policies)
    assert len(messages) == 1 and messages[0].startswith(f"policies/{DOC}:")
    assert "not valid YAML" in messages[0]
    assert int(messages[0].split(":")[1]) >= line


def test_cli_exit_status_and_format(policies):
    _edit(policies, DOC, "{fact: compute_spend}", "{fact: compute_spending}")
    run = subprocess.run(
        [sys.executable, "-m", "policy_explorer", "--policies", str(policies), "validate"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert re.search(
        r"^policies/documents/shenzhen-longgang-ai-2025.yaml:\d+: .*unknown fact", run.stderr, re.M
    )
    ok = subprocess.run(
        [sys.executable, "-m", "policy_explorer", "validate"], capture_output=True, text=True, cwd=ROOT
    )
    assert ok.returncode == 0, ok.stderr


def test_a_fifo_named_yaml_is_named_not_read(policies):
    os.mkfifo(policies / "documents" / "waiting.yaml")  # reading it would wait for a writer for ever
    assert "policies/documents/waiting.yaml:1: is not a regular file: make it one, or rename it" in _messages(
        policies
    )


def test_a_symlinked_document_is_refused_and_its_content_not_echoed(policies, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("id: [SECRET-TOKEN\n", encoding="utf-8")
    (policies / "documents" / "linked.yaml").symlink_to(secret)
    messages = _messages(policies)
    assert (
        "policies/documents/linked.yaml:1: is a symbolic link: put the file itself in policies/" in messages
    )
    assert not any("SECRET" in m for m in messages)


def test_a_missing_documents_folder_is_not_valid(policies):
    shutil.rmtree(policies / "documents")
    assert any(m.startswith("policies/documents:1: no documents folder") for m in _messages(policies))


def test_a_file_name_with_a_newline_or_escape_is_printed_escaped(policies):
    (policies / "documents" / "a\nb\x1b[31m.yaml").write_text("id: x\n", encoding="utf-8")
    named = [m for m in _messages(policies) if m.startswith("policies/documents/a")]
    assert named and all(m.startswith("policies/documents/a\\nb\\x1b[31m.yaml:") for m in named), named


def test_a_declared_divergence_is_not_a_fidelity_problem(policies):
    """龙岗(一) reads "对购买算力的企业"; a copy reading "之" passes once it says where and why."""
    _edit(policies, DOC, "对购买算力的企业", "对购买算力之企业")
    assert any("is not verbatim" in m for m in _messages(policies))
    path = policies / DOC
    text = path.read_text(encoding="utf-8")
    at = text.index("对购买算力之企业")
    clause_start = text.rindex("  - id: ", 0, at)
    line_end = text.index("\n", clause_start) + 1
    declared = "    diverges: [{source: 算力的企业, text: 算力之企业, why: {zh: 示例, en: An example}}]\n"
    path.write_text(text[:line_end] + declared + text[line_end:], encoding="utf-8")
    assert _messages(policies) == []


# JSON Schema patterns follow ECMA-262, where `$` is the end of the text; Python's `re.search` lets
# `$` match before a final newline, so "zz-new\n" passed as an id (and became `compare/zz_new\n.md`).
TRAILING_NEWLINE = {
    "document id": ("id: shenzhen-longgang-ai-2025\n", 'id: "shenzhen-longgang-ai-2025\\n"\n', r"^id: "),
    "jurisdiction": (
        "jurisdiction: shenzhen-longgang\n",
        'jurisdiction: "shenzhen-longgang\\n"\n',
        "jurisdiction",
    ),
    "date": ("  from: 2025-01-10\n", '  from: "2025-01-10\\n"\n', r"validity\.from"),
    "seed": (
        "  seed: 001_21c5d811067842b9.txt\n",
        '  seed: "001_21c5d811067842b9.txt\\n"\n',
        r"source\.seed",
    ),
}


@pytest.mark.parametrize("name", list(TRAILING_NEWLINE))
def test_a_value_with_a_trailing_newline_is_refused(policies, name):
    old, new, where = TRAILING_NEWLINE[name]
    _edit(policies, DOC, old, new)
    messages = [m.split(": ", 1)[1] for m in _messages(policies) if m.startswith(f"policies/{DOC}:")]
    assert any(re.search(where, m) and "wrong form" in m for m in messages), messages


# A right-to-left override (U+202E) shows text other than what it holds ("gpj.exe" read backwards),
# and U+E000/U+E001 are the zh-Hant edition's keep markers (sitegen/hant.py): a value holding one
# would leave the rest of a page unconverted. Neither belongs in policy data.
HIDDEN = {
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "right-to-left mark": "\u200f",
    "zh-Hant keep marker (open)": "\ue000",
    "zh-Hant keep marker (close)": "\ue001",
}


@pytest.mark.parametrize("name", list(HIDDEN))
def test_invisible_controls_and_keep_markers_are_refused(policies, name):
    char = HIDDEN[name]
    old = "en: Longgang AI measures}"
    line = _edit(policies, DOC, old, f"en: Longgang{char} AI measures}}")
    messages = [m for m in _messages(policies) if m.startswith(f"policies/{DOC}:{line}: short_title.en:")]
    assert messages and f"U+{ord(char):04X}" in messages[0], _messages(policies)


def test_the_refused_keep_markers_are_the_ones_the_edition_uses():
    from policy_explorer.sitegen.hant import keep
    from policy_explorer.validate import HIDDEN_CHARACTERS

    assert keep("") and all(char in HIDDEN_CHARACTERS for char in keep(""))


def test_a_seed_named_like_a_published_file_is_refused(policies):
    """The site publishes sources/<policy>.yaml and a page sources/<seed stem>/: a seed named
    `<policy>.yaml.txt` (a name the schema allows) would make both the same path and crash the build."""
    seed = "001_21c5d811067842b9.txt"
    renamed = "shenzhen-longgang-ai-2025.yaml.txt"
    (policies / "sources" / seed).rename(policies / "sources" / renamed)
    line = _edit(policies, DOC, f"seed: {seed}", f"seed: {renamed}")
    messages = [m for m in _messages(policies) if m.startswith(f"policies/{DOC}:{line}: source.seed:")]
    assert messages and "rename" in messages[0], _messages(policies)


@pytest.mark.parametrize("day", ["9999-12-31", "1899-01-01", "2200-01-01"])
def test_a_date_outside_the_datas_years_is_named_as_such(policies, day):
    # The schema's dates are 1900-2199: the message says so, not "write 9999-12-31".
    line = _edit(policies, DOC, "  years: 3\n", f"  to: {day}\n")
    messages = [m for m in _messages(policies) if m.startswith(f"policies/{DOC}:{line}: validity.to:")]
    assert messages and "1900" in messages[0] and "2199" in messages[0], _messages(policies)
    assert f"write {day}" not in messages[0]


# --- the model's shapes on the Example City fixture (tests/fixtures/new_policy/) ----------------------

MODELS_DOC = "documents/example-city-models-2026.yaml"
SHAPES = {
    "a part with neither an amount nor no_amount": (
        "          no_amount: true\n",
        "",
        r"part `national_voucher` has no `amount`: write the amount the text states, or `no_amount: true`",
    ),
    "a part with an amount and no_amount": (
        "          no_amount: true\n",
        '          no_amount: true\n          amount: "10万"\n',
        r"part `national_voucher` has an `amount` and `no_amount: true`",
    ),
    "a duration limit counting an amount as months": (
        "months: {fact: cloud_months}",
        "months: {fact: cloud_monthly_fee}",
        r"`months` reads `cloud_monthly_fee`, a fact in CNY: it must count months",
    ),
    "a relaxable cap with only one language": (
        "en: generative multimodal foundation-model companies}",
        "}",
        r"benefit\.amount\.cap\[0\]\.relaxable_for: missing `en`",
    ),
    "paid_by without the levels whose share is not stated": (
        "        others: {zh: 所在区, en: the district}\n",
        "",
        r"clauses\[2\]\.benefit\.paid_by: missing `others`",
    ),
}


@pytest.fixture()
def fixture_policies(tmp_path: Path) -> Path:
    """A private copy of policies/ with the Example City documents added, to break."""
    from fixture_policies import policies_with_fixture

    return policies_with_fixture(tmp_path / "policies")


def test_the_fixture_with_every_shape_is_valid(fixture_policies):
    assert _messages(fixture_policies) == []


@pytest.mark.parametrize("name", list(SHAPES))
def test_a_broken_shape_gets_one_message_naming_file_and_field(fixture_policies, name):
    old, new, pattern = SHAPES[name]
    line = _edit(fixture_policies, MODELS_DOC, old, new)
    messages = _messages(fixture_policies)
    assert len(messages) == 1, messages
    assert re.search(pattern, messages[0]), messages
    assert messages[0].startswith(f"policies/{MODELS_DOC}:")
    assert abs(int(messages[0].split(":")[1]) - line) <= 12, (line, messages)


def test_an_indentation_slip_gets_a_hint_about_indentation(policies):
    # One space too few before a clause's key: PyYAML says only "did not find expected '-' indicator".
    line = _edit(
        policies, DOC, "\n    category: compute_infrastructure\n", "\n   category: compute_infrastructure\n"
    )
    messages = _messages(policies)
    assert len(messages) == 1 and messages[0].startswith(f"policies/{DOC}:{line + 1}:"), messages
    assert "did not find expected '-' indicator; check the indentation" in messages[0]
    assert f"line {line + 1} starts after 3 spaces, the keys of the item above after 4" in messages[0]


def test_a_worked_example_leaving_out_a_yes_no_the_clause_reads_is_named(fixture_policies):
    # AUTHORING: "An example states every count and yes/no its clause reads (a fact left out is unknown,
    # not 0)". Gate 大模型措施 三 on a plain yes/no: both its examples leave it out, and each is named.
    line = _edit(
        fixture_policies,
        MODELS_DOC,
        "      expense: platform\n      paid_by:",
        "      expense: platform\n      when: [{fact: public_platform_builder, is: true}]\n      paid_by:",
    )
    messages = _messages(fixture_policies)
    assert len(messages) == 2, messages
    for j, message in enumerate(messages):
        assert message.startswith(f"policies/{MODELS_DOC}:"), message
        assert int(message.split(":")[1]) > line
        assert (
            f"clauses[2].examples[{j}].facts: clause 3, example {j + 1} leaves out `public_platform_builder`"
            in message
        )
        assert "a yes/no the clause reads: state it (public_platform_builder: true or false)" in message


def test_a_responsible_units_note_kept_in_text_zh_is_named(fixture_policies):
    # AUTHORING: "Leave out … a trailing (责任单位：…)"; split drops it, a hand-written text may keep it.
    note = "（责任单位：示例市经信局）"
    source = fixture_policies / "sources" / "example-city-models-2026.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("所在区另行配套。", f"所在区另行配套。{note}"), encoding="utf-8")
    line = _edit(fixture_policies, MODELS_DOC, "所在区另行配套。\n", f"所在区另行配套。{note}\n")
    messages = _messages(fixture_policies)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"policies/{MODELS_DOC}:{line}: clauses[2].text.zh: clause 3")
    assert "responsible-units note naming 示例市经信局: leave it out of text.zh" in messages[0]
