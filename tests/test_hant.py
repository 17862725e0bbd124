"""The Traditional Chinese edition (policy_explorer.sitegen.hant): converted, never hand-written,
with the official Simplified clause text kept as the original."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import escape

from policy_explorer.cli import main as cli_main
from policy_explorer.sitegen import hant
from policy_explorer.sitegen.render import load_strings

ROOT = Path(__file__).resolve().parent.parent


def test_policy_terms_take_hong_kong_forms():
    # categories.yaml: "label: {zh: 语料券 …}", "label: {zh: 算力券 …}": 语 is written 語; 算力券 has no
    # simplified character, so it stays as it is.
    assert hant.to_hant("语料券") == "語料券"
    assert hant.to_hant("算力券") == "算力券"
    # s2hk, not s2t: Hong Kong writes 說 as 説 (the form its schools teach).
    assert hant.to_hant("说明") == "説明"


def test_kept_text_stays_simplified_and_the_rest_is_retagged():
    page = f'<p lang="zh-Hans">资助</p>{hant.keep("资助")}<div lang="{hant.keep("zh-Hans")}">'
    assert hant.convert(page) == '<p lang="zh-HK">資助</p>资助<div lang="zh-Hans">'


def test_convert_tree_converts_every_string_and_leaves_paths():
    nav = [
        {"计算器": "calculator.md"},
        {"对比": ["compare/index.md", {"语料券": "compare/corpus_voucher.md"}]},
    ]
    assert hant.convert_tree(nav) == [
        {"計算器": "calculator.md"},
        {"對比": ["compare/index.md", {"語料券": "compare/corpus_voucher.md"}]},
    ]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hant")
    args = [
        "render",
        "--out",
        str(out),
        "--date",
        "2025-06-01",
        "--no-history",
        "--no-runtime",
        "--with-content",
    ]
    assert cli_main([*args, "--lang", "zh-Hant"]) == 0
    assert cli_main([*args, "--lang", "zh"]) == 0
    return out


def test_every_page_of_the_simplified_edition_is_in_the_converted_one(rendered):
    zh = {p.relative_to(rendered / "zh") for p in (rendered / "zh").rglob("*.md")}
    hant_pages = {p.relative_to(rendered / "zh-Hant") for p in (rendered / "zh-Hant").rglob("*.md")}
    assert zh == hant_pages and len(zh) > 0


def test_clause_text_is_the_official_original_beside_a_labelled_conversion(rendered, data):
    strings = load_strings()
    for policy in data["policies"]:
        page = (rendered / "zh-Hant" / "policies" / f"{policy['id']}.md").read_text(encoding="utf-8")
        for clause in policy["clauses"]:
            for line in clause["text"]["zh"].splitlines():
                if line.strip():  # the original, verbatim Simplified (escaped as HTML text)
                    assert f"<p>{escape(line)}</p>" in page, (policy["id"], clause["id"], line)
        assert page.count(hant.to_hant(strings["hant_conversion"]["zh"])) == len(policy["clauses"])
        assert page.count(hant.to_hant(strings["hant_original"]["zh"])) == len(policy["clauses"])


def test_no_marker_is_left_and_the_simplified_edition_has_none(rendered):
    for path in rendered.rglob("*"):
        if path.is_file() and path.suffix in hant.TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8")
            assert "\ue000" not in text and "\ue001" not in text, path


def test_hand_written_pages_and_site_strings_are_converted(rendered):
    about = (ROOT / "content" / "zh" / "about.md").read_text(encoding="utf-8")
    assert (rendered / "zh-Hant" / "about.md").read_text(encoding="utf-8") == hant.convert(about)
    calculator = (rendered / "zh-Hant" / "calculator.md").read_text(encoding="utf-8")
    title = load_strings()["calculator"]["zh"]
    assert f"title: {hant.to_site(title)}" in calculator or f'title: "{hant.to_site(title)}"' in calculator


def test_the_calculators_table_converts_the_engines_words_as_opencc_does(tmp_path):
    # A data text and an engine module's words: each run is shown as OpenCC converts it whole.
    engine = tmp_path / "engine"
    engine.mkdir()
    (engine / "steps.py").write_text('STEP = "不再重复奖励"\n', encoding="utf-8")
    table = hant.answer_table({"title": {"zh": "发布时间与头发"}}, engine)
    assert table["发"] == hant.to_hant("发")  # a character that changes
    assert "奖" in table and "不" not in table  # unchanged characters are left out
    for run in ("不再重复奖励", "发布时间与头发"):
        looked_up = "".join(table.get(c, c) for c in run)
        assert run in table or looked_up == hant.to_hant(run)
        if run in table:
            assert table[run] == hant.to_hant(run)


# A gov.cn attachment's address holds Chinese characters (…/附件/关于组织申报的通知.pdf): converted, it
# names a file the server does not have. Only the text around it is converted.
GOV_URL = "https://www.gov.cn/zhengce/附件/关于组织申报的通知.pdf"


def test_an_address_with_chinese_characters_is_not_converted():
    assert hant.to_hant(f"申报指南：{GOV_URL} 发布") == f"申報指南：{GOV_URL} 發佈"
    page = f'<p lang="zh-Hans"><a href="{GOV_URL}">{GOV_URL}</a>，详见<{GOV_URL}>。</p>'
    assert hant.convert(page) == f'<p lang="zh-HK"><a href="{GOV_URL}">{GOV_URL}</a>，詳見<{GOV_URL}>。</p>'


def test_the_converted_calendar_is_rfc_5545(rendered):
    # RFC 5545 3.1: "lines of text SHOULD NOT be longer than 75 octets", delimited by CRLF; the
    # converted text is folded after conversion (a Traditional character can take other octets).
    raw = (rendered / "zh-Hant" / "calendar.ics").read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    # The Shenzhen measures' title: 《深圳市打造人工智能先锋城市的若干措施》: 若干 ("several") is
    # 若干 in Traditional too; a line folded between 若 and 干 and then converted gave 若幹.
    unfolded = raw.decode().replace("\r\n ", "")
    assert "若干" in unfolded and "若幹" not in unfolded
    simplified = (rendered / "zh" / "calendar.ics").read_bytes().decode().replace("\r\n ", "")
    assert len(unfolded.splitlines()) == len(simplified.splitlines())
    for zh, hk in zip(simplified.splitlines(), unfolded.splitlines(), strict=True):
        assert hk in (zh, hant.to_hant(zh), hant.to_site(zh)) or hk.startswith("DESCRIPTION:"), (zh, hk)


def test_the_converted_fields_file_is_named_by_its_own_content(rendered):
    import hashlib

    names = list((rendered / "zh-Hant" / "assets" / "calculator").glob("fields-*.html"))
    assert len(names) == 1
    digest = hashlib.sha256(names[0].read_bytes()).hexdigest()[:12]
    assert names[0].name == f"fields-{digest}.html"
    assert not (rendered / "zh" / "assets" / "calculator" / names[0].name).exists()


def test_the_browsers_table_leaves_addresses_alone(tmp_path):
    """hant.mjs's converter (the page's toHant) converts the engine's answer but not its `url` and `page`."""
    import json
    import shutil
    import subprocess

    if not shutil.which("node"):
        pytest.skip("Node.js is not installed")
    module = ROOT / "policy_explorer" / "defaults" / "assets" / "calculator" / "hant.mjs"
    table = hant.answer_table({"t": {"zh": f"申报指南 {GOV_URL} policies/关于/"}}, tmp_path)
    answer = {"title": "申报指南", "url": GOV_URL, "page": "policies/关于/", "items": [{"url": GOV_URL}]}
    call = f"hantConverter({json.dumps(table)})({json.dumps(answer)})"
    script = f"import {{ hantConverter }} from {json.dumps(module.as_uri())};\n"
    script += f"console.log(JSON.stringify({call}));"
    (tmp_path / "t.mjs").write_text(script, encoding="utf-8")
    run = subprocess.run(["node", str(tmp_path / "t.mjs")], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out == {**answer, "title": "申報指南", "items": [{"url": GOV_URL}]}


def test_the_new_shapes_explanations_read_in_hong_kong_chinese(tmp_path):
    """The Example City large-model measures' explanations (a part with no amount, a cap that may be
    relaxed, 最多1年, 市本级): the zh-Hant calculator shows each line as OpenCC's s2hk converts it."""
    from fixture_policies import policies_with_fixture

    from policy_explorer import calculator
    from policy_explorer.calculator import estimate
    from policy_explorer.compile import compile_policies

    data = compile_policies(policies_with_fixture(tmp_path / "policies"))
    table = hant.answer_table(data, Path(calculator.__file__).parent)
    longest = max(len(k) for k in table)

    def looked_up(text: str) -> str:  # as hant.mjs's hantConverter: longest match first
        out, i = "", 0
        while i < len(text):
            n = min(longest, len(text) - i)
            while n > 1 and text[i : i + n] not in table:
                n -= 1
            out += table.get(text[i : i + n], text[i : i + n])
            i += n
        return out

    facts = {"cloud_monthly_fee": 100_000, "cloud_months": 18, "foundation_rd_spend": 50_000_000}
    result = estimate(
        {"jurisdiction": "example-city", "facts": {**facts, "poc_investment": 20_000_000}},
        on="2026-06-01",
        data=data,
    )
    lines = [s for i in result["items"] for s in i["explain"]["zh"]]
    assert any("放宽上限" in s for s in lines) and any("市本级承担" in s for s in lines)
    for line in lines:
        assert looked_up(line) == hant.to_hant(line), line
    assert any("放寬上限" in looked_up(s) for s in lines)  # 宽 → 寬, 规定 → 規定 …
