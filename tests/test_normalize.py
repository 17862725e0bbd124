"""The normalizer: pinyin, OpenCC, wrap spaces, repairs; and the committed sources are reproducible."""

import pytest
from conftest import POLICIES, SEEDS

from policy_explorer.normalize import NormalizeError, Repair, SourceSpec, load_specs, normalize, strip_pinyin


def test_strip_pinyin_keeps_other_brackets():
    assert strip_pinyin("產(chǎn)業(yè)(MaaS)首臺(套)") == "產業(MaaS)首臺(套)"


def test_traditional_source():
    spec = SourceSpec(seed="t.txt", script="traditional", rewrap=True)
    assert normalize("廈(xià)門(mén)市 人工 智能\n( 一 )2028 年\n", spec) == "厦门市人工智能\n(一)2028年\n"


def test_simplified_source_keeps_spacing():
    spec = SourceSpec(seed="s.txt", script="simplified")
    assert (
        normalize("　　（十）截至 2023 年\n[bookmark: _GoBack]（三）\n", spec)
        == "（十）截至 2023 年\n（三）\n"
    )


def test_repairs_apply_and_fail_loudly():
    spec = SourceSpec(seed="r.txt", script="simplified", repairs=(Repair("?!x", "。“算力券”", "mojibake"),))
    assert normalize("元?!x发放", spec) == "元。“算力券”发放\n"
    with pytest.raises(NormalizeError):
        normalize("nothing to repair", spec)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds (../shared/seeds) are not beside this checkout")
def test_committed_sources_are_the_normalized_seeds():
    """Each source whose raw text is among the seeds is its normalized seed. A source added from
    elsewhere (AUTHORING: "or anywhere, with --seeds DIR") has no raw text here and is not checked."""
    specs = [s for s in load_specs(POLICIES / "sources" / "sources.yaml") if (SEEDS / s.seed).is_file()]
    if not specs:
        pytest.skip("none of the listed sources has its raw text in the seeds folder")
    for spec in specs:
        raw = (SEEDS / spec.seed).read_text(encoding="utf-8")
        assert normalize(raw, spec) == (POLICIES / "sources" / spec.seed).read_text(encoding="utf-8"), (
            spec.seed
        )


@pytest.mark.parametrize("seed", ["../x.txt", "/etc/x.txt", "sub/x.txt", "..txt", ".hidden.txt", "x.yaml", 7])
def test_a_seed_outside_the_seeds_folder_is_refused(tmp_path, seed):
    manifest = tmp_path / "sources.yaml"
    manifest.write_text(f"- seed: {seed!r}\n  script: simplified\n", encoding="utf-8")
    with pytest.raises(NormalizeError, match="must be a file name in the seeds folder"):
        load_specs(manifest)


def test_the_normalize_command_names_a_bad_seed_and_writes_nothing(tmp_path, capsys):
    from policy_explorer.cli import main

    policies, seeds = tmp_path / "policies", tmp_path / "seeds"
    (policies / "sources").mkdir(parents=True)
    seeds.mkdir()
    (tmp_path / "x.txt").write_text("outside", encoding="utf-8")
    (policies / "sources" / "sources.yaml").write_text("- seed: ../../x.txt\n", encoding="utf-8")
    assert main(["--policies", str(policies), "normalize", "--seeds", str(seeds)]) == 2
    assert "seed '../../x.txt' must be a file name" in capsys.readouterr().err
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == "outside"


def test_one_new_source_is_normalized_without_the_other_seeds(tmp_path, capsys):
    """AUTHORING.md's intake: the new source's entry in sources.yaml, then `normalize <seed>`; the
    other seeds the manifest lists need not be present, and their normalized texts are untouched."""
    import shutil

    from policy_explorer.cli import main

    policies, seeds = tmp_path / "policies", tmp_path / "seeds"
    shutil.copytree(POLICIES / "sources", policies / "sources")
    seeds.mkdir()
    (seeds / "new.txt").write_text("　　新（xīn）市措施\n（一）支持算力。\n", encoding="utf-8")
    with (policies / "sources" / "sources.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write("- seed: new.txt\n  script: simplified\n")
    before = {p.name: p.read_bytes() for p in (policies / "sources").glob("0*.txt")}
    assert main(["--policies", str(policies), "normalize", "--seeds", str(seeds), "new.txt"]) == 0
    assert (policies / "sources" / "new.txt").read_text(
        encoding="utf-8"
    ) == "新（xīn）市措施\n（一）支持算力。\n"
    assert {p.name: p.read_bytes() for p in (policies / "sources").glob("0*.txt")} == before
    # Every seed at once still needs them all, and says how to name the one that is there.
    assert main(["--policies", str(policies), "normalize", "--seeds", str(seeds)]) == 2
    assert "to normalize one new source, name it" in capsys.readouterr().err
    # A seed without its entry is named, with what to add.
    (seeds / "other.txt").write_text("x\n", encoding="utf-8")
    assert main(["--policies", str(policies), "normalize", "--seeds", str(seeds), "other.txt"]) == 2
    assert "no entry for other.txt: add `- seed: other.txt`" in capsys.readouterr().err


def _intake(tmp_path):
    """A policies/sources folder with one new entry, `new.txt`, and an empty seeds folder."""
    policies, seeds = tmp_path / "policies", tmp_path / "seeds"
    (policies / "sources").mkdir(parents=True)
    seeds.mkdir()
    (policies / "sources" / "sources.yaml").write_text(
        "- seed: new.txt\n  script: simplified\n", encoding="utf-8"
    )
    return policies, seeds


def _normalize(policies, seeds, capsys, *extra):
    from policy_explorer.cli import main

    code = main(["--policies", str(policies), "normalize", "--seeds", str(seeds), *extra])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "manifest", [b"- seed: [new.txt\n", b"- seed: new.txt\n  repairs: 5\n", b"\xff\xfe- seed"]
)
def test_a_broken_sources_yaml_is_one_message_naming_it(tmp_path, capsys, manifest):
    policies, seeds = _intake(tmp_path)
    (policies / "sources" / "sources.yaml").write_bytes(manifest)
    (seeds / "new.txt").write_text("（一）支持算力。\n", encoding="utf-8")
    code, err = _normalize(policies, seeds, capsys)
    assert code == 2 and err.count("\n") == 1 and "sources.yaml" in err, err


def test_a_seed_that_is_not_utf8_text_is_named(tmp_path, capsys):
    policies, seeds = _intake(tmp_path)
    (seeds / "new.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    code, err = _normalize(policies, seeds, capsys)
    assert code == 2 and err.count("\n") == 1 and "new.txt" in err and "UTF-8" in err, err


def test_a_symlinked_seed_is_refused_and_not_read(tmp_path, capsys):
    policies, seeds = _intake(tmp_path)
    (tmp_path / "secret.txt").write_text("（一）SECRET-TOKEN\n", encoding="utf-8")
    (seeds / "new.txt").symlink_to(tmp_path / "secret.txt")
    code, err = _normalize(policies, seeds, capsys)
    assert code == 2 and "new.txt" in err and "symbolic link" in err, err
    assert not (policies / "sources" / "new.txt").exists()


def test_a_very_long_path_is_shortened_in_the_message(tmp_path, capsys):
    policies, _ = _intake(tmp_path)
    long = tmp_path / ("d" * 250) / ("e" * 250) / "seeds"
    code, err = _normalize(policies, long, capsys)
    assert code == 2 and err.count("\n") == 1 and len(err) < 300 and "seeds" in err, err
