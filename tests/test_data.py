"""The policy data against its contract: coverage, ids, fidelity, dates and worked examples."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import POLICIES

from policy_explorer.calculator.examples import cases, check

# Ids the README, the URLs and the calculator's examples promise (a contract: more may be added).
JURISDICTIONS = ["china", "shenzhen", "shenzhen-futian", "shenzhen-longgang", "shenzhen-qianhai", "xiamen"]
CONTRACT_FACTS = [
    "compute_spend",
    "compute_spend_domestic",
    "corpus_spend",
    "model_spend",
    "application_investment",
    "rd_spend",
    "rd_spend_prev",
    "revenue",
    "revenue_prev",
    "office_area_m2",
    "rent_paid",
    "rent_months",
    "event_spend",
    "models_filed",
    "algorithms_filed",
    "financing_round",
    "national_funding",
    "project_investment",
    "startup",
]


def test_every_document_states_the_numbering_of_its_source(data):
    """Completeness is in the data: ``validate`` checks every numbered item has its clause."""
    for policy in data["policies"]:
        numbering = policy.get("numbering")
        assert numbering, f"{policy['id']}: state `numbering` (the items its source numbers)"
        numbers = {c["id"].split(".")[0] for c in policy["clauses"]}
        assert numbers == {str(n) for n in range(numbering["first"], numbering["last"] + 1)}


def test_each_document_sits_in_its_file(data):
    for policy in data["policies"]:
        assert policy["file"] == f"policies/documents/{policy['id']}.yaml"


def test_contract_ids_exist(data):
    assert set(JURISDICTIONS) <= {j["id"] for j in data["jurisdictions"]}
    facts = {f["id"] for f in data["facts"]}
    assert set(CONTRACT_FACTS) <= facts


def test_clause_text_is_verbatim_in_its_source(data):
    for policy in data["policies"]:
        source = (POLICIES / "sources" / policy["source"]["seed"]).read_text(encoding="utf-8")
        for clause in policy["clauses"]:
            # A span the clause names under `diverges` is read as the source has it; the rest is verbatim.
            zh = clause["text"]["zh"]
            for change in clause.get("diverges", []):
                assert change["text"] in zh, (policy["id"], clause["id"], change["text"])
                zh = zh.replace(change["text"], change["source"], 1)
            assert zh in source, (policy["id"], clause["id"])


def test_no_pinyin_or_traditional_left_in_normalized_clauses(data):
    for policy in data["policies"]:
        for clause in policy["clauses"]:
            text = clause["text"]["zh"]
            assert "ǎ" not in text and "ì" not in text and "ù" not in text, (policy["id"], clause["id"])
            for traditional in "發產業範圍權條數據這門廣為區":
                assert traditional not in text, (policy["id"], clause["id"], traditional)


_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_YEARS = re.compile(r"有效期(?:为)?([1-9一二三四五])年")


def _chinese(n: int) -> str:
    """A number below 1000 as Chinese numerals: 30 → 三十, 15 → 十五, 180 → 一百八十."""
    digits = "零一二三四五六七八九"
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (digits[ones] if ones else "")


def _policy_or_skip(data, policy_id: str) -> dict:
    """The policy named, or a clean skip where the corpus does not hold it (a copy without it)."""
    found = next((p for p in data["policies"] if p["id"] == policy_id), None)
    if found is None:
        pytest.skip(f"the corpus holds no {policy_id}")
    return found


def test_validity_agrees_with_the_sentence_it_quotes(data):
    """The dates in ``validity`` are the ones its note quotes from the text (drafts have none)."""
    for policy in data["policies"]:
        validity = policy["validity"]
        assert (policy["kind"] == "draft") == bool(validity.get("draft")), policy["id"]
        if validity.get("draft"):
            continue
        note = validity["note"]["zh"]
        dates = [dt.date(*map(int, m)).isoformat() for m in _CN_DATE.findall(note)]
        later = validity.get("after_publication")
        if later and not later.get("published"):  # "自公布之日起30日后施行", date unknown: none invented
            # The note quotes the text's own words (公布, 印发, 发布…; 30日, 三十天…): only the number of
            # days it states must be there, in digits or in Chinese.
            days = later["days"]
            assert not days or str(days) in note or _chinese(days) in note, (policy["id"], note)
            assert "from" not in validity, policy["id"]
        elif validity.get("start") == "not_stated":  # the text states no start: no date is invented
            assert "from" not in validity and not dates, (policy["id"], note)
        else:
            assert validity["from"] in dates, (policy["id"], note)
        years = _CN_YEARS.search(note)
        if validity.get("until"):  # 长期有效, or no end stated: no last day
            assert "to" not in validity and "years" not in validity, policy["id"]
            assert validity["until"] != "open_ended" or "长期有效" in note, (policy["id"], note)
        elif years and "from" not in validity:  # a term from an unknown first day has no last day
            assert "to" not in validity, policy["id"]
        elif years:  # "from D for N years": the last day follows the term rule (README)
            n = "一二三四五".find(years[1]) + 1 or int(years[1])
            start = dt.date.fromisoformat(validity["from"])
            last = start.replace(year=start.year + n) - dt.timedelta(days=1)
            assert validity["to"] == last.isoformat(), (policy["id"], note)
        else:
            assert validity["to"] in dates, (policy["id"], note)


def test_operating_rules_implement_the_measures(data):
    rules = _policy_or_skip(data, "shenzhen-ai-pioneer-rules-2025")
    links = {c["id"]: [(i["policy"], i["clause"]) for i in c.get("implements", [])] for c in rules["clauses"]}
    expected = {
        "1": "4",
        "2": "5",
        "3": "9",
        "4": "10",
        "5": "11",
        "6": "18",
        "7": "7",
        "8": "8",
        "9": "12",
        "10": "14",
    }
    assert links == {k: [("shenzhen-ai-pioneer-measures-2024", v)] for k, v in expected.items()}


def test_binjiang_attribution_is_marked_as_inference(data):
    policy = _policy_or_skip(data, "hangzhou-binjiang-ai-draft")
    notes = " ".join(n["zh"] + n["en"] for n in policy["provenance"])
    assert "来滨" in notes and "5050" in notes and "infer" in notes.lower()


def test_xihu_restoration_is_recorded(data):
    policy = _policy_or_skip(data, "hangzhou-xihu-ai-2025")
    item2 = next(c for c in policy["clauses"] if c["id"] == "2")
    assert item2["text"]["zh"].endswith("“算力券”发放额满截止。")
    assert any("算力券" in n["zh"] for n in policy["provenance"])


def test_every_repaired_source_is_noted_on_the_policies_citing_it(data):
    """AUTHORING: a span the scrape corrupted is repaired in sources.yaml, "with a `provenance` note on
    the policy". Worked out from the data, so it holds for any corpus."""
    from policy_explorer.normalize import load_specs

    for spec in load_specs(POLICIES / "sources" / "sources.yaml"):
        if not spec.repairs:
            continue
        for policy in (p for p in data["policies"] if p["source"]["seed"] == spec.seed):
            assert policy.get("provenance"), (spec.seed, policy["id"])


def test_every_computable_clause_has_a_worked_example(data):
    for policy in data["policies"]:
        for clause in policy["clauses"]:
            if clause["benefit"]["kind"] in ("formula", "fixed", "up_to"):
                assert clause.get("examples"), (policy["id"], clause["id"])


def _cases():
    from policy_explorer.compile import compile_policies

    return compile_policies(POLICIES), cases(compile_policies(POLICIES))


_DATA, _CASES = _cases()


@pytest.mark.parametrize("case", _CASES, ids=[c.name for c in _CASES])
def test_worked_example(case):
    assert check(case, _DATA) is None


def test_provenance_notes_are_written_for_readers(data):
    """Notes on the source are shown on the policy page: no project words ("seed", 种子) and no
    repository paths (the page links the source text itself); a garbled span quoted in a note is
    followed by what it was restored as (restored / 恢复)."""
    for policy in data["policies"]:
        for note in policy.get("provenance") or []:
            for lang, text in note.items():
                where = f"{policy['file']}: provenance ({lang}): {text[:40]}"
                assert "seed" not in text.lower() and "种子" not in text, where
                assert "policies/" not in text, where
                if "?" in text and any("\u4e00" <= ch <= "\u9fff" for ch in text.split("?")[1][:3]):
                    assert "restored" in text or "恢复" in text, where
