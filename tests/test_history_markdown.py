"""The policy diff worded as Markdown for a pull request: both languages, nothing to say, hostile text."""

from __future__ import annotations

import copy

from history_demo import OTHER, demo, load_text_doc, raised

from policy_explorer.history.diff import diff_documents
from policy_explorer.history.markdown import diff_markdown


def test_markdown_in_both_languages():
    old = demo()
    changes = diff_documents({"d": old, "x": load_text_doc(OTHER)}, {"d": raised(old)})
    zh = diff_markdown(changes, "zh", "v1", "v2")
    en = diff_markdown(changes, "en", "v1", "v2")
    assert zh.splitlines()[:3] == [
        "## 政策数据变更：v1 → v2",
        "",
        "政策：新增 0 项，修改 1 项，删除 1 项。条款：新增 1 条，修改 1 条，删除 0 条。",
    ]
    assert "| 1 | 修改 | 算力补贴 | 比例 30% → 40%<br>上限 200万元 → 300万元 |" in zh
    assert "### 删除：另一政策（x）" in zh
    assert "Policies: 0 added, 1 changed, 1 removed. Clauses: 1 added, 1 changed, 0 removed." in en
    assert "| 1 | Changed | Compute subsidy | rate 30% → 40%<br>cap CNY 2,000,000 → CNY 3,000,000 |" in en
    assert "- validity 2024-12-18–2026-12-17 → 2024-12-18–2027-12-17" in en


def test_markdown_when_nothing_changed():
    assert diff_markdown([], "en", "a", "b").splitlines()[-1] == "No policy changed."
    assert diff_markdown([], "zh", "a", "b").splitlines()[-1] == "政策数据无变化。"


def test_hostile_texts_are_escaped():
    hostile = "<script>alert(1)</script> | *x*"
    old = demo()
    new = copy.deepcopy(old)
    new["title"] = {"zh": hostile, "en": hostile}
    new["clauses"][0]["title"] = {"zh": hostile, "en": hostile}
    md = diff_markdown(diff_documents({"d": old}, {"d": new}), "en", "[a](http://x)", "b")
    assert "<script>" not in md and "*x*" not in md and "[a]" not in md
    escaped = r"&lt;script&gt;alert(1)&lt;/script&gt; \| \*x\*"
    assert f"### Changed: {escaped} (d)" in md
    assert f"| 1 | Changed | {escaped} | title Compute subsidy → {escaped} |" in md
