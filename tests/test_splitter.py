"""The clause splitter finds the clauses of the seeds with the ids of the data model."""

from pathlib import Path

import pytest
from conftest import POLICIES

from policy_explorer.splitter import SplitError, chinese_number, skeleton, split


@pytest.mark.parametrize(
    ("text", "n"), [("一", 1), ("十", 10), ("十八", 18), ("二十二", 22), ("一百零五", 105)]
)
def test_chinese_number(text, n):
    assert chinese_number(text) == n


def source(seed: str) -> str:
    return (POLICIES / "sources" / seed).read_text(encoding="utf-8")


def test_seed_documents_split_into_their_clauses():
    assert [c.id for c in split(source("002_ef3e153d4278fd14.txt"), end="五、附则")] == [
        str(i) for i in range(1, 23)
    ]
    assert [c.id for c in split(source("003_5e1e04c6f4c10caa.txt"), end="本措施由")] == [
        str(i) for i in range(1, 20)
    ]
    xihu = split(source("004_7167db3c4d74b48d.txt"), start="二、扶持政策", end="三、附则")
    assert [c.id for c in xihu] == [str(i) for i in range(1, 13)]
    longhua = split(source("001_21c5d811067842b9.txt"), start="第二章 推动产业集聚发展", end="3.福田区")
    assert [c.id for c in longhua] == [str(i) for i in range(4, 15)]


def test_skeleton_texts_are_verbatim():
    text = source("003_5e1e04c6f4c10caa.txt")
    out = skeleton(text, "003_5e1e04c6f4c10caa.txt", end="本措施由")
    assert 'id: "19"' in out and "推广普惠算力服务" in out


def test_no_numbering():
    with pytest.raises(SplitError):
        split("没有编号的文字。\n")


@pytest.mark.parametrize("seed", ["a: b.txt", "x}, y: {z.txt", "#c.txt", "- d.txt", "'e.txt"])
def test_skeleton_quotes_a_file_name_with_yaml_syntax(seed):
    from policy_explorer.yamlload import load_text

    loaded = load_text(skeleton("（一）支持企业。\n（二）支持平台。\n", seed), Path("skeleton.yaml"))
    assert loaded.data["source"] == {"seed": seed}


@pytest.mark.parametrize(
    ("seed", "document", "markers"),
    [
        ("002_ef3e153d4278fd14.txt", "hangzhou-binjiang-ai-draft", {"end": "五、附则"}),
        ("003_5e1e04c6f4c10caa.txt", "xiamen-ai-2023", {"end": "本措施由"}),
    ],
)
def test_a_trailing_responsible_units_note_goes_to_responsible(seed, document, markers):
    """AUTHORING.md: "Leave out the clause number and a trailing (责任单位：…)": the splitter gives
    each clause the text and units the hand-written data has (e.g. 滨江(一) ends
    "（责任单位：区科技局、区经信局、区发改局）")."""
    from policy_explorer.yamlload import load_file

    data = load_file(POLICIES / "documents" / f"{document}.yaml").data
    written = {c["id"]: c for c in data["clauses"]}
    for clause in split(source(seed), **markers):
        assert clause.text == written[clause.id]["text"]["zh"], clause.id
        # The data may spell out a unit the text abbreviates (厦门: "通信管理局" → 市通信管理局).
        units = [r["zh"] for r in written[clause.id].get("responsible", [])]
        assert len(clause.responsible) == len(units), clause.id
        assert all(found in unit for found, unit in zip(clause.responsible, units, strict=True)), clause.id


def test_units_in_brackets_stay_whole():
    text = "（一）支持园区。\n（二）支持企业。(责任单位:市工业和信息化局,各区(新区、深汕特别合作区管委会))\n"
    clauses = split(text)
    assert clauses[1].text == "支持企业。"
    assert clauses[1].responsible == ("市工业和信息化局", "各区(新区、深汕特别合作区管委会)")
    out = skeleton("（一）支持园区。（牵头单位：区经信局）\n（二）支持企业。\n", "x.txt")
    assert '    responsible:\n      - {zh: "区经信局", en: TODO}' in out


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        # Chengdu's style: 一、 items are the clauses (they had to be split by hand).
        ("一、支持算力。给予补贴。\n二、支持模型。给予奖励。\n三、支持应用。\n", ["1", "2", "3"]),
        ("（一）支持算力。\n（二）支持模型。\n", ["1", "2"]),
        ("(一)支持算力。\n(二)支持模型。\n", ["1", "2"]),
        ("1.支持算力。\n2.支持模型。\n", ["1", "2"]),
        ("1、支持算力。\n2、支持模型。\n", ["1", "2"]),
        ("第一条 支持算力。\n第二条 支持模型。\n", ["1", "2"]),
        # 一、 headings above (一) items: the items are the clauses, the headings end them.
        (
            "一、强化供给\n（一）支持算力。\n（二）支持模型。\n二、拓展应用\n（三）支持应用。\n",
            ["1", "2", "3"],
        ),
    ],
)
def test_the_common_numbering_styles(text, ids):
    assert [c.id for c in split(text)] == ids


def test_chinese_items_drop_their_units_note():
    clauses = split("一、支持算力。给予补贴。（责任单位：市经信局、市财政局）\n二、支持模型。\n")
    assert clauses[0].text == "支持算力。给予补贴。"
    assert clauses[0].responsible == ("市经信局", "市财政局")
