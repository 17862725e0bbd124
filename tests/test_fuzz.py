"""Robustness: hostile profiles at the calculator, broken YAML at the validator.

Every kind of bad input below has a name, and each name is its own test id. Whatever the input,
the answer is a clear message, never a traceback, a hang or a crash:

- ``python -m policy_explorer.calculator estimate FILE`` exits 2 with one ``error: <field>: ...`` line on
stderr
  (naming the field, or ``profile`` for the file as a whole) and nothing on stdout;
- ``policy_explorer.calculator.browser.handle`` (what the page's worker calls) answers ``{"ok": false,
"field",
  "message"}`` with a one-line message, and never raises nor falls back on its catch-all
  "the calculator failed" answer (which would mean a bug);
- ``policy_explorer.check.validate`` and ``python -m policy_explorer --policies DIR validate``
  report one-line ``file:line: message`` problems naming the broken file, and the CLI exits 2.

Hypothesis then puts random JSON values into random places of a profile (the engine answers, or
raises its own :class:`CalculatorError` with a message) and mutates a real policy file at random
(the validator returns problems naming the file, and never raises).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from conftest import POLICIES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_explorer import calculator
from policy_explorer.calculator import CalculatorError
from policy_explorer.calculator.browser import handle
from policy_explorer.calculator.cli import main as calculator_main
from policy_explorer.check import validate

ON = "2025-06-01"
PROFILE = {"jurisdiction": "shenzhen-longgang", "startup": True, "facts": {"compute_spend": 5_000_000}}
LONG = 10_000  # no message line may come near this: a message echoes input, never a flood of it
HANG = 60  # seconds: a test still running after this is stopped as a hang


@pytest.fixture(autouse=True)
def _no_hang():
    """Stop a test that runs past ``HANG`` seconds with a failure, instead of hanging the run."""

    def stop(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {HANG} s: a hang")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# --- The calculator: named hostile profiles ----------------------------------------------------


class Bad(NamedTuple):
    """A hostile profile file and what the message must say about it."""

    content: str | bytes  # the profile file as written (bytes: written as they are)
    field: str  # the CLI's message starts with `error: {field}`
    hint: str  # and contains this
    browser_field: str | None = None  # the field the browser answer names (default: ``field``)
    on: str = ON


def _profile(**facts: Any) -> str:
    return json.dumps({"jurisdiction": "shenzhen", "facts": facts})


_VALID = json.dumps(PROFILE)
HOSTILE_PROFILES: dict[str, Bad] = {
    "not JSON": Bad("jurisdiction = shenzhen", "profile", "not valid JSON", "request"),
    "empty file": Bad("", "profile", "not valid JSON", "request"),
    "NUL byte": Bad(b"\x00", "profile", "not valid JSON", "request"),
    "BOM-prefixed file": Bad(b"\xef\xbb\xbf" + _VALID.encode(), "profile", "BOM", "request"),
    "non-UTF-8 bytes": Bad(b'{"jurisdiction": "shenzh\xe9n"}', "profile", "cannot read", "jurisdiction"),
    "JSON array at top level": Bad("[1, 2]", "profile", "must be a JSON object"),
    "JSON string at top level": Bad('"shenzhen"', "profile", "must be a JSON object"),
    "unknown top-level key": Bad('{"jurisdiction": "shenzhen", "fact": {}}', "fact", "unknown profile key"),
    "unknown jurisdiction": Bad('{"jurisdiction": "beijing"}', "jurisdiction", "use one of"),
    "jurisdiction as an object": Bad('{"jurisdiction": {"id": "shenzhen"}}', "jurisdiction", "use one of"),
    "lone surrogate in jurisdiction": Bad('{"jurisdiction": "\\ud800"}', "jurisdiction", "\\ud800"),
    "unknown fact": Bad(_profile(gpu_hours=5), "facts.gpu_hours", "unknown fact"),
    "negative amount": Bad(_profile(compute_spend=-5), "facts.compute_spend", "negative"),
    "binary-float noise in a count": Bad(
        '{"jurisdiction": "shenzhen", "facts": {"models_filed": 0.30000000000000004}}',
        "facts.models_filed",
        "whole number",
    ),
    "fraction finer than a float": Bad(
        '{"jurisdiction": "shenzhen", "facts": {"models_filed": 1.00000000000000000001}}',
        "facts.models_filed",
        "whole number",
    ),
    "NaN literal": Bad(
        '{"jurisdiction": "shenzhen", "facts": {"compute_spend": NaN}}', "profile", "NaN", "request"
    ),
    "-Infinity literal": Bad(
        '{"jurisdiction": "shenzhen", "facts": {"compute_spend": -Infinity}}',
        "profile",
        "Infinity",
        "request",
    ),
    "huge integer (10**400)": Bad(_profile(compute_spend=10**400), "facts.compute_spend", "plausible"),
    "integer past Python's digit limit": Bad(
        '{"jurisdiction": "shenzhen", "facts": {"compute_spend": 1' + "0" * 5000 + "}}",
        "facts.compute_spend",
        "plausible",
    ),
    "exponent overflow (1e999999999)": Bad(
        '{"jurisdiction": "shenzhen", "facts": {"compute_spend": 1e999999999}}',
        "facts.compute_spend",
        "plausible",
    ),
    "string amount": Bad(_profile(compute_spend="abc"), "facts.compute_spend", "must be a number"),
    "boolean where an amount is expected": Bad(
        _profile(compute_spend=True), "facts.compute_spend", "must be a number"
    ),
    "null amount": Bad(_profile(compute_spend=None), "facts.compute_spend", "must be a number"),
    "object where an amount is expected": Bad(
        _profile(compute_spend={"value": 5}), "facts.compute_spend", "must be a number"
    ),
    "list where an amount is expected": Bad(
        _profile(compute_spend=[5]), "facts.compute_spend", "must be a number"
    ),
    "amount where a boolean is expected": Bad(
        '{"jurisdiction": "shenzhen", "startup": 1}', "startup", "true or false"
    ),
    "level fact out of its choices": Bad(
        '{"jurisdiction": "xiamen", "facts": {"first_set_level": 9}}', "facts.first_set_level", "one of"
    ),
    "facts as a list": Bad(
        '{"jurisdiction": "shenzhen", "facts": [["compute_spend", 5]]}', "facts", "object"
    ),
    "facts as null": Bad('{"jurisdiction": "shenzhen", "facts": null}', "facts", "object"),
    "100,000 levels of [": Bad("[" * 100_000, "profile", "nested too deeply", "request"),
    "100,000 nested objects in facts": Bad(
        '{"jurisdiction": "shenzhen", "facts": ' + '{"a": ' * 100_000,
        "profile",
        "nested too deeply",
        "request",
    ),
    "markup and control characters in a key": Bad(
        json.dumps({"jurisdiction": "shenzhen", "facts": {"<script>alert(1)</script>\u0000\u202e\n": 1}}),
        "facts.<script>alert(1)</script>\\x00\\u202e\\n",
        "unknown fact",
    ),
    "100 KB key": Bad(_profile(**{"x" * 100_000: 1}), "facts.xxx", "unknown fact"),
    "100 KB jurisdiction": Bad(json.dumps({"jurisdiction": "x" * 100_000}), "jurisdiction", "…"),
    "duplicated key": Bad(
        '{"jurisdiction": "shenzhen", "jurisdiction": "xiamen"}', "profile", "twice", "request"
    ),
    "duplicated fact": Bad(
        '{"jurisdiction": "shenzhen", "facts": {"compute_spend": 1, "compute_spend": 9000000}}',
        "profile",
        "twice",
        "request",
    ),
    "impossible --on date": Bad(_VALID, "--on", "not a real date", "on", on="2025-02-30"),
    "--on in words": Bad(_VALID, "--on", "YYYY-MM-DD", "on", on="yesterday"),
}


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text[:2000]
    assert len(lines[0]) < LONG, lines[0][:200]
    return lines[0]


@pytest.mark.parametrize("name", list(HOSTILE_PROFILES))
def test_hostile_profile_cli(tmp_path, name):
    bad = HOSTILE_PROFILES[name]
    path = tmp_path / "profile.json"
    path.write_bytes(bad.content if isinstance(bad.content, bytes) else bad.content.encode())
    run = subprocess.run(
        [sys.executable, "-m", "policy_explorer.calculator", "estimate", str(path), "--on", bad.on],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    stderr = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 2, stderr
    assert run.stdout == b""
    assert "Traceback" not in stderr
    line = _one_line(stderr)
    assert line.startswith(f"error: {bad.field}"), line[:300]
    assert bad.hint in line, line[:300]


def _request(bad: Bad) -> str:
    """The page's request with the hostile profile as its ``profile`` (bytes read as UTF-8 if they are)."""
    text = bad.content
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            text = text.decode("latin-1")
    return '{"profile": ' + text + ', "on": ' + json.dumps(bad.on) + "}"


@pytest.mark.parametrize("name", list(HOSTILE_PROFILES))
def test_hostile_profile_browser(name):
    bad = HOSTILE_PROFILES[name]
    out = json.loads(handle(_request(bad)))
    assert out["ok"] is False, str(out)[:300]
    assert out["field"].startswith(bad.browser_field or bad.field), str(out)[:300]
    assert out["field"] != "calculator", out  # the catch-all: a bug, not a bad request
    assert isinstance(out["message"], str) and out["message"]
    _one_line(out["message"])


def test_exact_decimals_reach_the_engine_the_same_way_from_both_entries(tmp_path):
    """A JSON amount is read as the exact decimal written, by the CLI and by the browser alike."""
    text = '{"jurisdiction": "xiamen", "facts": {"compute_spend": 400000.300000000000000000001}}'
    path = tmp_path / "profile.json"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert calculator_main(["estimate", str(path), "--on", ON]) == 0
    answer = json.loads(handle('{"profile": ' + text + ', "on": "2025-06-01", "trace": true}'))
    assert answer["ok"] and answer["result"] == json.loads(out.getvalue())


# --- The calculator: random JSON values in random places ---------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats()
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
FACT_IDS = sorted(calculator.load_model().facts)


@st.composite
def hostile_profiles(draw) -> Any:
    """A valid profile with one random JSON value put somewhere: the whole, a key, a fact, a new key."""
    value = draw(JSON_VALUES)
    where = draw(st.sampled_from(["top", "jurisdiction", "startup", "facts", "fact", "new fact", "new key"]))
    if where == "top":
        return value
    profile = json.loads(json.dumps(PROFILE))
    if where in ("jurisdiction", "startup", "facts"):
        profile[where] = value
    elif where == "fact":
        profile["facts"][draw(st.sampled_from(FACT_IDS))] = value
    elif where == "new fact":
        profile["facts"][draw(st.text(max_size=12))] = value
    else:
        profile[draw(st.text(max_size=12))] = value
    return profile


SLOW_OK = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]  # _no_hang is per test, not per example
FUZZ = settings(max_examples=200, deadline=5000, suppress_health_check=SLOW_OK)


@FUZZ
@given(hostile_profiles(), st.booleans())
def test_random_values_get_an_answer_or_a_calculator_error(profile, compare):
    try:
        calculator.estimate(profile, on=ON)
    except CalculatorError as exc:
        assert exc.message and str(exc)
    request = json.dumps({"profile": profile, "on": ON, "compare": compare})
    out = json.loads(handle(request))
    assert isinstance(out["ok"], bool)
    if not out["ok"]:
        assert out["field"] != "calculator", out  # the catch-all: a bug, not a bad request
        assert out["message"] and "\n" not in out["message"]


@FUZZ
@given(hostile_profiles())
def test_random_values_through_the_cli_entry(tmp_path_factory, profile):
    """``python -m policy_explorer.calculator estimate`` in-process: exit 0 with JSON, or 2 with one message
    line."""
    path = tmp_path_factory.mktemp("fuzz") / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")  # floats: NaN, Infinity, 1e+300 …
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = calculator_main(["estimate", str(path), "--on", ON])
    if status == 0:
        assert json.loads(out.getvalue())["on"] == ON and err.getvalue() == ""
    else:
        assert status == 2 and out.getvalue() == ""
        assert _one_line(err.getvalue()).startswith("error: ")


# --- The validator: named kinds of broken YAML --------------------------------------------------

DOC = "documents/shenzhen-longgang-ai-2025.yaml"
DOC_TEXT = (POLICIES / DOC).read_text(encoding="utf-8")
VOCABULARIES = ("jurisdictions.yaml", "categories.yaml", "facts.yaml", "glossary.yaml")
NEW = "documents/zz-fuzz.yaml"  # a file added next to the document


def _swap(old: str, new: str) -> str:
    assert old in DOC_TEXT, old
    return DOC_TEXT.replace(old, new, 1)


def _line(needle: str) -> int:
    return DOC_TEXT[: DOC_TEXT.index(needle)].count("\n") + 1


# "Billion laughs": ten lines whose aliases would expand to 9**10 (3.5 billion) copies of x.
_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefghi", "bcdefghij", strict=True)
)


class Broken(NamedTuple):
    """A broken policy file and the problem the validator must report on it."""

    file: str  # under policies/: DOC (replaced), NEW (added) or a vocabulary
    content: str | bytes | None  # None: a folder of that name
    pattern: str  # a problem on that file must match this
    line: int | None = None  # ... at this line (None: any)


BROKEN_YAML: dict[str, Broken] = {
    "tab indentation": Broken(
        DOC, _swap("kind: measures", "kind:\n\t- measures"), r"tab", _line("kind: measures") + 1
    ),
    "unclosed quote": Broken(DOC, _swap("kind: measures", 'kind: "measures'), r"not valid YAML"),
    "unclosed flow sequence": Broken(DOC, _swap("kind: measures", "kind: [measures"), r"not valid YAML"),
    "duplicate mapping key": Broken(
        DOC,
        _swap("kind: measures", "kind: measures\nkind: rules"),
        r"key `kind` appears twice",
        _line("kind:") + 1,
    ),
    "anchor and alias": Broken(
        DOC,
        _swap("jurisdiction: shenzhen-longgang", "jurisdiction: &j shenzhen-longgang\nkind2: *j"),
        r"anchor `&j`",
        _line("jurisdiction:"),
    ),
    "billion laughs alias bomb": Broken(NEW, _BOMB, r"anchor `&a`: policy data has no anchors", 1),
    "recursive alias": Broken(NEW, "a: &a [*a]\n", r"anchor `&a`", 1),
    "!!python/object tag": Broken(
        DOC,
        _swap("kind: measures", "kind: !!python/object/apply:os.system [ls]"),
        r"tag `!!python/object/apply:os.system`",
        _line("kind:"),
    ),
    "local tag": Broken(
        DOC, _swap("kind: measures", "kind: !measures measures"), r"tag `!measures`", _line("kind:")
    ),
    "binary file": Broken(NEW, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", r"not UTF-8", 1),
    "empty file": Broken(NEW, "", r"expected object, got an empty value", 1),
    "just ---": Broken(NEW, "---\n", r"expected object, got an empty value"),
    "just ...": Broken(NEW, "...\n", r"not valid YAML"),
    "document is a list": Broken(NEW, "- id: zz-fuzz\n- kind: measures\n", r"expected object, got list", 1),
    "top-level scalar": Broken(NEW, "just some text\n", r"expected object, got str", 1),
    "two documents in one file": Broken(DOC, DOC_TEXT + "---\nid: another\n", r"another document"),
    "100,000 nested [": Broken(
        NEW, "a: " + "[" * 100_000 + "]" * 100_000 + "\n", r"nested more than \d+ levels", 1
    ),
    "200 nested block mappings": Broken(
        NEW, "".join("  " * i + f"k{i}:\n" for i in range(200)), r"nested more than \d+ levels"
    ),
    "NUL byte": Broken(DOC, _swap("kind: measures", "kind: meas\x00ures"), r"#x0000", _line("kind:")),
    "control character": Broken(
        DOC, _swap("kind: measures", "kind: meas\x07ures"), r"#x0007", _line("kind:")
    ),
    "huge line (1 MB id)": Broken(
        DOC, _swap("id: shenzhen-longgang-ai-2025", "id: " + "x" * 1_000_000), r"must equal the file name", 2
    ),
    "newline in a quoted value": Broken(
        DOC,
        _swap("jurisdiction: shenzhen-longgang", 'jurisdiction: "shenzhen\\nlonggang"'),
        r"unknown jurisdiction `shenzhen\\nlonggang`",
        _line("jurisdiction:"),
    ),
    "invalid escape": Broken(
        DOC, _swap("kind: measures", 'kind: "\\ud800"'), r"not valid YAML", _line("kind:")
    ),
    "list as a key": Broken(
        DOC, _swap("kind: measures", "kind: measures\n? [a, b]\n: c"), r"keys are text", _line("kind:") + 1
    ),
    "unknown directive": Broken(NEW, "%FOO bar\n---\nid: x\n", r"not valid YAML"),
    "a folder named like a document": Broken(NEW, None, r"not a regular file", 1),
    # Well-formed YAML, wrong shapes: the checks after the schema must not trip over them.
    "id as a list": Broken(
        DOC,
        _swap("id: shenzhen-longgang-ai-2025", "id: [shenzhen-longgang-ai-2025]"),
        r"id: expected string",
        2,
    ),
    "jurisdiction as a list": Broken(
        DOC,
        _swap("jurisdiction: shenzhen-longgang", "jurisdiction: [shenzhen-longgang]"),
        r"unknown jurisdiction",
        _line("jurisdiction:"),
    ),
    "validity as a list": Broken(
        DOC,
        _swap("validity:\n", "validity: [2025-01-10]\nvalidity_was:\n"),
        r"validity: expected object",
        _line("validity:"),
    ),
    "clauses as a number": Broken(
        DOC,
        _swap("\nclauses:\n", "\nclauses: 5\nclauses_was:\n"),
        r"clauses: expected array",
        _line("clauses:"),
    ),
    "benefit as a list": Broken(
        DOC,
        _swap("    benefit:\n", "    benefit: [1]\n    benefit_was:\n"),
        r"benefit: expected object",
        _line("    benefit:"),
    ),
    "example facts as a list": Broken(
        DOC,
        _swap("    examples:\n", "    examples: [{facts: [1]}]\n    examples_was:\n"),
        r"examples\[0\]",
        _line("    examples:"),
    ),
    "jurisdictions.yaml is a number": Broken("jurisdictions.yaml", "5\n", r"expected array", 1),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A copy of policies/ with its vocabularies, sources and one document (valid as it is): the
    validator checks it in a tenth of the time the eleven documents take."""
    target = tmp_path_factory.mktemp("fuzz") / "policies"
    shutil.copytree(POLICIES, target, ignore=shutil.ignore_patterns("*.yaml", "schema"))
    for name in (*VOCABULARIES, DOC):
        shutil.copyfile(POLICIES / name, target / name)
    assert validate(target) == []
    return target


@pytest.fixture()
def policies(pristine, tmp_path) -> Path:
    """A private copy of :func:`pristine` to break."""
    target = tmp_path / "policies"
    shutil.copytree(pristine, target)
    return target


def _write(policies: Path, broken: Broken) -> str:
    """Write the broken file; return its name as the validator reports it."""
    path = policies / broken.file
    if broken.content is None:
        path.mkdir()
    elif isinstance(broken.content, bytes):
        path.write_bytes(broken.content)
    else:
        path.write_text(broken.content, encoding="utf-8")
    return f"policies/{broken.file}"


def _check(problems: list[str], name: str, broken: Broken) -> None:
    for problem in problems:
        assert "\n" not in problem and len(problem) < LONG, problem[:300]
        assert re.match(r"policies/\S+:\d+: \S", problem), problem[:300]
    mine = [p for p in problems if p.startswith(f"{name}:") and re.search(broken.pattern, p)]
    assert mine, problems
    if broken.line is not None:
        assert any(p.split(":")[1] == str(broken.line) for p in mine), (broken.line, mine)


@pytest.mark.parametrize("kind", list(BROKEN_YAML))
def test_broken_yaml_is_reported(policies, kind):
    broken = BROKEN_YAML[kind]
    name = _write(policies, broken)
    _check([str(p) for p in validate(policies)], name, broken)


CLI_KINDS = [
    "billion laughs alias bomb",
    "100,000 nested [",
    "binary file",
    "!!python/object tag",
    "NUL byte",
]


@pytest.mark.parametrize("kind", CLI_KINDS)
def test_broken_yaml_cli(policies, kind):
    broken = BROKEN_YAML[kind]
    name = _write(policies, broken)
    run = subprocess.run(
        [sys.executable, "-m", "policy_explorer", "--policies", str(policies), "validate"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    *problems, summary = run.stderr.strip().splitlines()
    assert re.fullmatch(r"\d+ problem\(s\) in the policy data", summary)
    _check(problems, name, broken)


def test_source_text_that_is_not_utf8(policies):
    """A seed that names a binary file in sources/ is a problem on the document, not a crash."""
    (policies / "sources" / "zz-binary.txt").write_bytes(b"\xff\xfe\x00binary")
    text = _swap("seed: 001_21c5d811067842b9.txt", "seed: zz-binary.txt")
    (policies / DOC).write_text(text, encoding="utf-8")
    messages = [str(p) for p in validate(policies)]
    assert any(re.match(rf"policies/{DOC}:\d+: source.seed: cannot read", m) for m in messages), messages


def test_a_seed_is_a_file_name_not_a_path(policies):
    text = _swap("seed: 001_21c5d811067842b9.txt", "seed: ../facts.yaml")
    (policies / DOC).write_text(text, encoding="utf-8")
    messages = [str(p) for p in validate(policies)]
    assert any("no normalized source policies/sources/../facts.yaml" in m for m in messages), messages


# --- The validator: random mutations of a real policy file --------------------------------------

HOSTILE = ":{}[]&*!|>-#%@`\"'\t\n ,?~\\0123456789aZ中文条款\x00\x07\ufeff"


@st.composite
def mutations(draw, text: str = DOC_TEXT) -> str:
    """``text`` (the document by default) after one to four random edits: a slice deleted, hostile
    text inserted, a line duplicated, two lines swapped."""
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "swap"]))
        lines = text.splitlines(keepends=True) or [""]
        if op == "delete":
            start = draw(st.integers(min_value=0, max_value=len(text)))
            text = text[:start] + text[start + draw(st.integers(min_value=1, max_value=200)) :]
        elif op == "insert":
            at = draw(st.integers(min_value=0, max_value=len(text)))
            text = text[:at] + draw(st.text(alphabet=HOSTILE, min_size=1, max_size=12)) + text[at:]
        elif op == "duplicate":
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            text = "".join(lines[: i + 1] + lines[i:])
        else:
            i, j = (draw(st.integers(min_value=0, max_value=len(lines) - 1)) for _ in range(2))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    return text


@settings(max_examples=100, deadline=5000, suppress_health_check=SLOW_OK)
@given(mutations())
def test_random_mutations_of_a_policy_file(pristine, text):
    path = pristine / DOC
    try:
        path.write_text(text, encoding="utf-8")
        problems = validate(pristine)
    finally:
        path.write_text(DOC_TEXT, encoding="utf-8")
    assert isinstance(problems, list)
    for problem in problems:
        shown = str(problem)
        assert shown.startswith(f"policies/{DOC}:") and problem.line >= 1, shown[:300]
        assert problem.message and "\n" not in shown and len(shown) < LONG, shown[:300]


def _one_line_problems(problems: list) -> None:
    for problem in problems:
        shown = str(problem)
        assert re.match(r"policies/\S+:\d+: \S", shown) and problem.line >= 1, shown[:300]
        assert "\n" not in shown and len(shown) < LONG, shown[:300]


@pytest.mark.parametrize("name", VOCABULARIES)
@settings(max_examples=25, deadline=5000, suppress_health_check=SLOW_OK)
@given(data=st.data())
def test_random_mutations_of_a_vocabulary(pristine, name, data):
    original = (POLICIES / name).read_text(encoding="utf-8")
    text = data.draw(mutations(original))
    path = pristine / name
    try:
        path.write_text(text, encoding="utf-8")
        problems = validate(pristine)
    finally:
        path.write_text(original, encoding="utf-8")
    _one_line_problems(problems)


STRINGS = ROOT / "policy_explorer" / "defaults" / "strings.yaml"


@settings(max_examples=60, deadline=5000, suppress_health_check=SLOW_OK)
@given(mutations(STRINGS.read_text(encoding="utf-8")))
def test_random_mutations_of_the_site_strings(tmp_path_factory, text):
    from policy_explorer.sitegen.render import RenderError, load_strings

    folder = tmp_path_factory.mktemp("strings")
    (folder / "strings.yaml").write_text(text, encoding="utf-8")
    try:
        strings = load_strings(folder)
    except RenderError as exc:
        message = str(exc)
        assert re.match(rf"{re.escape(str(folder / 'strings.yaml'))}:\d+: \S", message), message[:300]
        assert "\n" not in message and len(message) < LONG, message[:300]
    else:
        assert all(set(entry) == {"zh", "en"} for entry in strings.values())
