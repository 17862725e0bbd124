"""The Hong Kong layer of the zh-Hant edition (policy_explorer.sitegen.hk): one test per rule of
defaults/hk_phrases.yaml, the quotes, the currency, and what it must never touch."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policy_explorer.sitegen import hant, hk

RULES = yaml.safe_load(hk.PHRASES.read_text(encoding="utf-8"))["rules"]


def site(simplified: str) -> str:
    """A site string as the zh-Hant edition shows it: OpenCC s2hk, then the Hong Kong layer."""
    return hant.to_site(simplified)


# Sentences of the site's own pages (content/zh/embed.md, about.md, strings.yaml), Simplified, with the
# Hong Kong reading expected for each rule's word (worked out from the Hong Kong usage, not the code).
CASES = {
    "嵌入代碼": ("嵌入代码和分享链接只有在选定日期时", "嵌入碼和分享連結只有在選定日期時"),
    "源代碼": ("公开发布软件的源代码", "公開發布軟件的原始碼"),
    "代碼": ("选择选项，然后复制代码。", "選擇選項，然後複製程式碼。"),
    "默認": ("默认跟随读者系统设置", "預設跟隨讀者系統設定"),
    "設置": ("如果您的页面设置了严格的内容安全策略", "如果您的頁面設定了嚴格的內容安全策略"),
    "打印": ("打印 / 存为 PDF", "列印 / 存為 PDF"),
    "博客": ("如何把政策计算器嵌入自己的博客或网站", "如何把政策計算器嵌入自己的網誌或網站"),
    "屏幕": ("组件只在接近屏幕时才下载", "組件只在接近螢幕時才下載"),
    "經濟運行": ("气象、经济运行、公共安全", "氣象、經濟運行、公共安全"),
    "運行": ("浏览器中运行的计算器", "瀏覽器中執行的計算器"),
    "加載": ("不从任何其他域名加载内容", "不從任何其他域名載入內容"),
    "鏈接": ("未找到官方原文链接", "未找到官方原文連結"),
    "搜索": ("页面、字体、搜索和计算器", "頁面、字體、搜尋和計算器"),
    "補充信息": ("列入需补充信息", "列入需補充信息"),
    "缺少信息": ("缺少信息、条件不符", "缺少資料、條件不符"),
    "填寫的信息": ("在您填写的信息满足其条件时", "在您填寫的資料滿足其條件時"),
    "視頻": ("生成文本、图像、视频等内容", "生成文本、圖像、影片等內容"),
    "軟件": ("软件和信息技术服务", "軟件和信息技術服務"),
    "數據": ("要显示的数据", "要顯示的數據"),
    "用户": ("用户", "用户"),
}


def test_every_rule_is_reviewed_and_has_a_case():
    assert {r["mainland"] for r in RULES} == set(CASES)
    assert all(r["why"].strip() for r in RULES)


@pytest.mark.parametrize("word", sorted(CASES))
def test_each_rule(word):
    simplified, expected = CASES[word]
    assert site(simplified) == expected
    rule = next(r for r in RULES if r["mainland"] == word)
    assert rule["hk"] in expected


def test_quotes_become_corner_brackets_and_nested_ones_white_corner_brackets():
    # methodology.md: 显示“否 ✗”; binjiang: 按“从优、从高、不重复”原则 inside a quoted sentence.
    assert site("显示“否 ✗”。") == "顯示「否 ✗」。"
    assert site("原文：“按“从优、从高、不重复”原则”") == "原文：「按『從優、從高、不重複』原則」"
    assert site("原文：“按‘从优’原则”") == "原文：「按『從優』原則」"


def test_english_quotes_and_apostrophes_stay():
    # A clause page of the zh-Hant edition holds the English translation.
    text = "The text: “Each year no more than 10 projects” and the company’s costs"
    assert site(text) == text


def test_amounts_name_the_currency_once():
    # strings: 范围 "20万元–50万元", 上限 "≤ 100万元", methodology "租金 60 万元".
    assert site("最高2000万元") == "最高人民幣2000萬元"
    assert site("20万元–50万元") == "人民幣20萬元–50萬元"
    assert site("≤ 100万元") == "≤ 人民幣100萬元"
    assert site("1,000 万元、1.5亿元、60元") == "人民幣1,000 萬元、人民幣1.5億元、人民幣60元"
    assert site("人民币300万元") == "人民幣300萬元"
    # A worked example's fact in a Markdown table cell: the generator escapes its decimal point.
    assert hk.localize("研發投入: 1\\.5億元") == "研發投入: 人民幣1\\.5億元"
    assert site("如 1250、12.5万、2千万 或 1.5亿") == "如 1250、12.5萬、2千萬 或 1.5億"  # typed examples


def test_a_quotation_is_converted_by_opencc_only():
    # binjiang (十一): 原文：“……给予单家企业最高200万元的资助。” — the quoted sentence keeps its words.
    quoted = "按照不超过合同金额的30%，经评审，给予单家企业最高200万元的资助，默认设置链接。"
    assert site(f"原文：“{quoted}”") == f"原文：「{hant.to_hant(quoted)}」"


def test_web_addresses_are_left_alone():
    url = "https://www.gov.cn/附件/搜索/链接.pdf"
    assert site(f"搜索 {url} 链接") == f"搜尋 {url} 連結"


def test_official_text_in_a_page_is_converted_by_opencc_only():
    clause = "设置专项资金，支持视频、软件和数据，最高500万元“揭榜挂帅”"
    page = f'<p lang="zh-Hans">默认设置</p>{hant.official(clause)}<p>“{hant.official("若干措施")}”</p>'
    assert hant.convert(page) == (f'<p lang="zh-HK">預設設定</p>{hant.to_hant(clause)}<p>「若干措施」</p>')


def test_a_malformed_phrase_file_is_named(tmp_path: Path):
    bad = tmp_path / "hk_phrases.yaml"
    bad.write_text("rules:\n  - {mainland: 默認, hk: 預設}\ncurrency: 人民幣\n", encoding="utf-8")
    with pytest.raises(hk.PhraseError, match=r"hk_phrases.yaml: rule 1 needs .*why"):
        hk.layer(bad)


def test_the_calculator_page_applies_the_same_layer(tmp_path: Path):
    """hant.mjs's hkLocalizer (the engine's answers in the browser) gives what hk.localize gives."""
    import json
    import shutil
    import subprocess

    if not shutil.which("node"):
        pytest.skip("Node.js is not installed")
    root = Path(__file__).resolve().parent.parent
    module = root / "policy_explorer" / "defaults" / "assets" / "calculator" / "hant.mjs"
    texts = [hant.to_hant(s) for s, _ in CASES.values()] + [
        hant.to_hant(s)
        for s in (
            "原文：“按“从优、从高、不重复”原则”",
            "显示“否 ✗”，最高2000万元，20万元–50万元，≤ 100万元，人民币300万元",
            "The text: “Each year” and the company’s costs",
            "申报时间：原文未说明\n原文：给予最高200万元，默认设置",
            "搜索 https://www.gov.cn/附件/搜索.pdf 链接",
        )
    ]
    rules = hk.layer().browser()
    script = f"import {{ hkLocalizer }} from {json.dumps(module.as_uri())};\n"
    script += f"const f = hkLocalizer({json.dumps(rules)});\n"
    script += f"console.log(JSON.stringify({json.dumps(texts)}.map(f)));"
    (tmp_path / "t.mjs").write_text(script, encoding="utf-8")
    run = subprocess.run(["node", str(tmp_path / "t.mjs")], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [hk.localize(t) for t in texts]


def test_after_the_text_marker_a_line_is_an_official_sentence():
    # policy_explorer/calculator/application.py: "原文：" + the block's quote (a sentence of the text,
    # verbatim).
    assert site("原文：给予最高200万元，默认设置\n默认") == "原文：給予最高200萬元，默認設置\n預設"


def test_policy_titles_are_left_as_opencc_writes_them(data):
    # A document's title is an official text: the layer must not change it (no rule matches one today;
    # a new rule that would is caught here).
    for policy in data["policies"]:
        for key in ("title", "short_title"):
            assert hant.to_site(policy[key]["zh"]) == hant.to_hant(policy[key]["zh"]), policy[key]["zh"]


UNIHAN = Path("/usr/share/unicode/Unihan_IRGSources.txt.bz2")


def test_the_stroke_table_is_unihans_traditional_count():
    # UAX #38, kTotalStrokes: "the first value is preferred for zh-Hans (G) and the second for zh-Hant (T)".
    import bz2

    from policy_explorer.sitegen import glossary

    if not UNIHAN.is_file():
        pytest.skip("Debian's unicode-data is not installed (apt-get install unicode-data)")
    table = glossary._strokes()
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as f:
        unihan = {
            chr(int(code[2:], 16)): int(values.split()[-1])
            for code, field, values in (
                line.rstrip("\n").split("\t") for line in f if "\tkTotalStrokes\t" in line
            )
        }
    assert table and all(unihan[c] == n for c, n in table.items())
    # Counted by hand: 券 8 (龹 6 + 刀 2), 語 14 (言 7 + 吾 7), 算 14 (竹 6 + 目 5 + 廾 3).
    assert (table["券"], table["語"], table["算"]) == (8, 14, 14)


def test_the_glossary_of_the_hong_kong_edition_is_by_strokes():
    from policy_explorer.sitegen.glossary import by_strokes

    # 算力券 (算 14), 語料券 (語 14, 料 10), 入表 (入 2), AI+ (no character: first).
    terms = [{"zh": z} for z in ("算力券", "语料券", "入表", "AI+")]
    groups = by_strokes(terms, hant.to_hant)
    assert [(label, [e["zh"] for e in es]) for label, es in groups] == [
        ("ABC", ["AI+"]),
        ("2", ["入表"]),
        ("14", ["算力券", "语料券"]),  # 力 2 strokes before 料 10
    ]


def test_a_worked_examples_amounts_without_yuan_name_the_renminbi():
    """Issue 29: a "Why" such as 「25% × 1000万 = 250万，未超过500万上限」 reads as Hong Kong dollars; a
    count (600万人次) and an amount already named or in 元 stay as they are."""
    from policy_explorer.sitegen.hk import name_bare_amounts

    assert name_bare_amounts("25% × 1000万 = 250万，未超过500万上限") == (
        "25% × 人民幣1000万 = 人民幣250万，未超过人民幣500万上限"
    )
    assert name_bare_amounts("600万人次 ≥ 500万人次；按10万") == "600万人次 ≥ 500万人次；按人民幣10万"
    assert name_bare_amounts("20万–50万，1.5亿档") == "人民幣20万–50万，人民幣1.5亿档"
    assert name_bare_amounts("300万元，人民币5万，人民幣6萬") == "300万元，人民币5万，人民幣6萬"
