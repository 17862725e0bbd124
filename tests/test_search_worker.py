"""The mended search worker: made from Material's, with only the segmentation loop's bound changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_explorer.sitegen.search_worker import (
    BROKEN,
    FOLDER,
    MENDED,
    SearchWorkerError,
    mended_worker,
)


def theme(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / FOLDER
    folder.mkdir(parents=True)
    (folder / "search.1234abcd.min.js").write_text(text, encoding="utf-8")
    return tmp_path


def test_mends_only_the_loop_bound_under_a_new_name(tmp_path):
    worker = mended_worker([theme(tmp_path, f"a;{BROKEN}&&(n[s]=o-s);b")])
    assert worker.content == f"a;{MENDED}&&(n[s]=o-s);b"
    assert worker.original == f"{FOLDER}/search.1234abcd.min.js"
    assert worker.path.startswith(f"{FOLDER}/search.pe-") and worker.path != worker.original


def test_the_installed_material_worker_holds_the_loop_once():
    import material

    worker = mended_worker([Path(material.__file__).parent / "templates"])
    assert worker.content.count(MENDED) == 1 and BROKEN not in worker.content


def test_a_changed_worker_stops_the_build_with_a_message(tmp_path):
    with pytest.raises(SearchWorkerError, match="the theme's search worker changed"):
        mended_worker([theme(tmp_path, "something else")])


def test_no_worker_says_so(tmp_path):
    with pytest.raises(SearchWorkerError, match="no assets/javascripts/workers/search"):
        mended_worker([tmp_path])


def test_the_folding_worker_converts_a_query_before_material_reads_it(tmp_path):
    """Issue 29: "訓力券 in the Simplified edition finds the same pages": the worker's message
    handler gets the query (message type 2) in the edition's script, by longest match in the table
    (训力券 → 訓力券 in the Traditional edition; 头发 → 頭髮 as a word, where 发 alone is 發), and
    every other message unchanged."""
    import json
    import subprocess

    from policy_explorer.sitegen.hant import fold_table

    table = fold_table(["訓力券 頭髮 發展"], ["訓力券", "頭髮"], "zh-Hant")
    assert table["训"] == "訓" and table["发"] == "發" and table["头发"] == "頭髮"
    worker = mended_worker(
        [
            theme(
                tmp_path, f"addEventListener('message',e=>postMessage(e.data));function z(s,t,e){{{BROKEN}}}"
            )
        ],
        table,
    )
    script = (
        "const sent=[];globalThis.self=globalThis;globalThis.addEventListener=(t,fn)=>{globalThis.fn=fn};"
        "globalThis.postMessage=m=>sent.push(m);"
        + worker.content
        + ";fn({data:{type:2,data:'训力券 头发'}});fn({data:{type:0,data:'训'}});"
        "console.log(JSON.stringify(sent))"
    )
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [{"type": 2, "data": "訓力券 頭髮"}, {"type": 0, "data": "训"}]


def test_the_simplified_table_maps_other_forms_to_the_pages_own():
    """In the Simplified edition a Traditional character (訓) or Taiwan form reads as the page's
    own (训), also one of several Traditional characters for one Simplified (製 and 制 → 制)."""
    from policy_explorer.sitegen.hant import fold_table

    table = fold_table(["训力券 台湾 制造业"], [], "zh")
    assert table["訓"] == "训"
    assert "台" not in table and table.get("臺") == "台"
    assert table["製"] == "制" and "制" not in table  # 制 is a Traditional character too: 製 is not
