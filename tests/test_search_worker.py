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
