"""The strict YAML dialect and line tracking."""

from pathlib import Path

import pytest

from policy_explorer.yamlload import YamlSyntaxError, load_clean, load_text

P = Path("x.yaml")


def test_lines_and_types():
    loaded = load_text("a: 1\nb:\n  - 2024-12-18\n  - '30%'\n  - true\nc: ~\n", P)
    assert loaded.data == {"a": 1, "b": ["2024-12-18", "30%", True], "c": None}
    assert loaded.line(("b", 0)) == 3 and loaded.line(("b", 2)) == 5 and loaded.line(("b", 9)) == 2
    assert loaded.problems == []


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "Y"])
def test_yaml11_booleans_are_problems(word):
    loaded = load_text(f"draft: {word}\n", P)
    assert loaded.data == {"draft": word}
    assert loaded.problems and "boolean in YAML 1.1" in loaded.problems[0][1]
    assert load_text(f"draft: '{word}'\n", P).problems == []


def test_duplicate_keys_and_floats():
    loaded = load_text("a: 1\na: 2\nb: 0.3\n", P)
    assert any("appears twice" in m for _, m in loaded.problems)
    assert loaded.data["b"] == 0.3  # the validator rejects it; the loader keeps what was written


def test_syntax_error_names_line():
    with pytest.raises(YamlSyntaxError) as err:
        load_text("a: 1\nb: [1, 2\n", P)
    assert str(err.value).startswith("x.yaml:") and "not valid YAML" in str(err.value)


def test_libyaml_and_pure_python_parsers_agree(monkeypatch):
    """The fast C parser is used when PyYAML has it; data, lines and problems must not depend on it."""
    import yaml

    from policy_explorer import yamlload

    assert yamlload._LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = Path(__file__).resolve().parent.parent / "policies"
    text = "a: 1\nb: '1'\nc: |\n  t\nd: yes\ne: true\nf: \"true\"\ng: 2024-12-18\n"
    files = [(P, text)] + [(p, p.read_text(encoding="utf-8")) for p in sorted(root.rglob("*.yaml"))]
    fast = [load_text(t, p) for p, t in files]
    monkeypatch.setattr(yamlload, "_LOADER", yaml.SafeLoader)
    slow = [load_text(t, p) for p, t in files]
    for a, b in zip(fast, slow, strict=True):
        assert (a.data, a.lines, a.problems) == (b.data, b.lines, b.problems), a.path
    expected = {"a": 1, "b": "1", "c": "t\n", "d": "yes", "e": True, "f": "true", "g": "2024-12-18"}
    assert fast[0].data == expected


@pytest.mark.parametrize("escape", ["\\x07", "\\u001b", "\\x00", "\\x85"])
def test_control_characters_from_escapes_are_problems(escape):
    loaded = load_text(f'a: ok\nb: "x{escape}y"\n', Path("f.yaml"))
    assert [(line, "control character" in message) for line, message in loaded.problems] == [(2, True)]


def test_load_clean_raises_the_first_problem_as_the_callers_error(tmp_path):
    class Mine(ValueError):
        pass

    good, flagged, broken = tmp_path / "good.yaml", tmp_path / "flagged.yaml", tmp_path / "broken.yaml"
    good.write_text("a: 1\n", encoding="utf-8")
    flagged.write_text("a: 1\nb: yes\n", encoding="utf-8")  # a YAML 1.1 boolean: a problem at line 2
    broken.write_text("a: [1\n", encoding="utf-8")
    assert load_clean(good, Mine).data == {"a": 1}
    with pytest.raises(Mine, match=r"flagged\.yaml:2: "):
        load_clean(flagged, Mine)
    with pytest.raises(Mine, match=r"broken\.yaml:\d+: "):
        load_clean(broken, Mine)


@pytest.mark.parametrize("text", [".", "-.", "+.", "._"])
def test_a_dot_without_digits_is_text_not_a_crash(text):
    """`site_name: {zh: ., en: .}` crashed the loader (float('')): a dot with no digit is no number."""
    assert load_text(f"a: {text}\n", Path("x.yaml")).data == {"a": text}


def test_a_site_string_of_a_dot_survives_the_merge_of_the_site_s_templates(tmp_path):
    from policy_explorer.sitegen.templates import load_strings, site_templates

    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "strings.yaml").write_text("site_name: {zh: ., en: .}\n", encoding="utf-8")
    merged = site_templates(tmp_path / "own", tmp_path / "merged")
    assert load_strings(merged)["site_name"] == {"zh": ".", "en": "."}
