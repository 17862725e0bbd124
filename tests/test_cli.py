"""``python -m policy_explorer.calculator``: the contract on stdout, and exit 2 with one clear message on bad
input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policy_explorer.calculator", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        input=stdin,
    )


def write(tmp_path, content: str):
    path = tmp_path / "profile.json"
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_estimate_prints_the_json_contract(tmp_path):
    path = write(
        tmp_path,
        '{"jurisdiction": "shenzhen-longgang", "startup": false, "facts": {"compute_spend": 10000000}}',
    )
    run = cli("estimate", path, "--on", "2025-06-01")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["on"] == "2025-06-01" and out["total_max_cny"] == 8_000_000
    assert out["total_conservative_cny"] == 5_000_000


def test_on_defaults_to_today(tmp_path):
    import datetime as dt

    run = cli("estimate", write(tmp_path, '{"jurisdiction": "xiamen", "facts": {}}'))
    assert run.returncode == 0 and json.loads(run.stdout)["on"] == dt.date.today().isoformat()


def test_table_in_both_languages(tmp_path):
    path = write(tmp_path, '{"jurisdiction": "shenzhen", "facts": {"compute_spend": 10000000}}')
    zh = cli("estimate", path, "--on", "2025-06-01", "--format", "table", "--lang", "zh")
    en = cli("estimate", path, "--on", "2025-06-01", "--format", "table", "--lang", "en")
    assert zh.returncode == en.returncode == 0
    assert "500万元" in zh.stdout and "最高合计" in zh.stdout
    assert "CNY 5,000,000" in en.stdout and "Maximum total" in en.stdout


def test_clauses_export(data):
    run = cli("clauses")
    assert run.returncode == 0
    records = json.loads(run.stdout)
    assert len(records) == sum(len(p["clauses"]) for p in data["policies"])
    assert {"policy", "clause", "jurisdiction", "category", "text"} <= set(records[0])
    assert set(records[0]["text"]) == {"zh", "en"}


BAD = {
    "unknown jurisdiction": ('{"jurisdiction": "beijing"}', "jurisdiction", "shenzhen-longgang"),
    "missing jurisdiction": ('{"facts": {}}', "jurisdiction", "is required"),
    "unknown fact": (
        '{"jurisdiction": "shenzhen", "facts": {"gpu_hours": 5}}',
        "facts.gpu_hours",
        "compute_spend",
    ),
    "negative": (
        '{"jurisdiction": "shenzhen", "facts": {"compute_spend": -5}}',
        "facts.compute_spend",
        "negative",
    ),
    "NaN": ('{"jurisdiction": "shenzhen", "facts": {"compute_spend": NaN}}', "profile", "NaN"),
    "infinite": ('{"jurisdiction": "shenzhen", "facts": {"compute_spend": Infinity}}', "profile", "Infinity"),
    "huge": (
        '{"jurisdiction": "shenzhen", "facts": {"compute_spend": 1e30}}',
        "facts.compute_spend",
        "plausible",
    ),
    "text amount": (
        '{"jurisdiction": "shenzhen", "facts": {"compute_spend": "100万"}}',
        "facts.compute_spend",
        "number",
    ),
    "boolean amount": (
        '{"jurisdiction": "shenzhen", "facts": {"compute_spend": true}}',
        "facts.compute_spend",
        "number",
    ),
    "startup not boolean": ('{"jurisdiction": "shenzhen", "startup": "yes"}', "startup", "true or false"),
    "facts not object": ('{"jurisdiction": "shenzhen", "facts": [1]}', "facts", "object"),
    "profile not object": ("[1, 2]", "profile", "object"),
    "invalid JSON": ('{"jurisdiction": ', "profile", "not valid JSON"),
    "fractional count": (
        '{"jurisdiction": "shenzhen", "facts": {"models_filed": 1.5}}',
        "facts.models_filed",
        "whole",
    ),
    "part above whole": (
        '{"jurisdiction": "shenzhen", "facts": {"compute_spend": 1, "compute_spend_domestic": 2}}',
        "facts.compute_spend_domestic",
        "cannot exceed",
    ),
    "unknown key": ('{"jurisdiction": "shenzhen", "fact": {}}', "fact", "unknown profile key"),
    "months beyond a year": (
        '{"jurisdiction": "shenzhen", "facts": {"rent_months": 13}}',
        "facts.rent_months",
        "plausible",
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_profile(tmp_path, name):
    content, field, hint = BAD[name]
    run = cli("estimate", write(tmp_path, content), "--on", "2025-06-01")
    assert run.returncode == 2
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {field}"), run.stderr
    assert hint in lines[0]


@pytest.mark.parametrize("date", ["2025-02-30", "tomorrow", "2025/06/01", "20250601"])
def test_bad_date(tmp_path, date):
    run = cli("estimate", write(tmp_path, '{"jurisdiction": "shenzhen"}'), "--on", date)
    assert run.returncode == 2 and run.stderr.startswith("error: --on:") and "YYYY-MM-DD" in run.stderr


def test_an_empty_on_is_no_date(tmp_path):
    run = cli("estimate", write(tmp_path, '{"jurisdiction": "shenzhen"}'), "--on", "")
    assert run.returncode == 2 and run.stderr.startswith("error: --on:") and "YYYY-MM-DD" in run.stderr


def test_a_path_is_printed_without_its_control_characters(tmp_path):
    run = cli("estimate", str(tmp_path / "a\nb\x1b[31m.json"))
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "\x1b" not in run.stderr
    assert "a\\nb\\x1b[31m.json" in run.stderr


@pytest.mark.parametrize("args", [("--format", "json"), ("--format", "table"), ("--on", "2025-02-30")])
def test_an_ascii_terminal_gets_escapes_not_a_traceback(tmp_path, args):
    profile = write(tmp_path, '{"jurisdiction": "shenzhen", "facts": {"compute_spend": 1000000}}')
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "policy_explorer.calculator",
            "estimate",
            profile,
            "--on",
            "2025-06-01",
            *args,
        ],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert "Traceback" not in run.stderr.decode("ascii")
    if args[1] == "json":
        assert run.returncode == 0 and json.loads(run.stdout)["jurisdiction"] == "shenzhen"
    else:
        assert run.returncode == (0 if args[1] == "table" else 2) and (run.stdout or run.stderr).isascii()


def test_output_that_cannot_be_written_is_one_message(tmp_path):
    with open("/dev/full", "w") as full:
        run = subprocess.run(
            [sys.executable, "-m", "policy_explorer.calculator", "clauses"],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            text=True,
        )
    assert run.returncode == 2 and run.stderr == "error: cannot write the output: No space left on device\n"
    closed = subprocess.Popen(
        [sys.executable, "-m", "policy_explorer.calculator", "clauses"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    closed.stdout.close()  # the reader went away (| head)
    err = closed.stderr.read()
    assert closed.wait() == 2 and err == "error: cannot write the output: Broken pipe\n"


def test_missing_file():
    run = cli("estimate", "/nonexistent/profile.json")
    assert (
        run.returncode == 2
        and run.stderr.strip() == "error: profile: file not found: /nonexistent/profile.json"
    )


def test_stdin_profile():
    run = cli(
        "estimate",
        "-",
        "--on",
        "2025-06-01",
        stdin='{"jurisdiction": "xiamen", "facts": {"compute_spend": 400000}}',
    )
    assert run.returncode == 0 and json.loads(run.stdout)["total_max_cny"] == 200_000


def test_usage_errors_exit_2():
    run = cli("estimate")
    assert run.returncode == 2 and "Traceback" not in run.stderr


# --- python -m policy_explorer: the same promises for the site tooling's commands ----------------------

SOURCE = "policies/sources/000_4402aac6480441b3.txt"  # a normalized text `split` prints a skeleton of


def tool(*args: str, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("capture_output", True)
    return subprocess.run([sys.executable, "-m", "policy_explorer", *args], cwd=ROOT, text=True, **kwargs)


def test_tool_output_to_a_full_disk_is_one_message():
    with open("/dev/full", "w") as full:
        run = tool("split", SOURCE, stdout=full, stderr=subprocess.PIPE, capture_output=False)
    assert run.returncode == 2 and run.stderr == "error: cannot write the output: No space left on device\n"


def test_tool_output_to_a_closed_pipe_is_one_message():
    reader = subprocess.Popen(
        [sys.executable, "-m", "policy_explorer", "split", SOURCE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    reader.stdout.close()  # the reader went away (| head)
    err = reader.stderr.read()
    assert reader.wait() == 2 and err == "error: cannot write the output: Broken pipe\n"


def test_tool_with_a_closed_stdout_is_one_message():
    command = f"exec {sys.executable} -m policy_explorer split {SOURCE} >&-"
    run = subprocess.run(["sh", "-c", command], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1 and "standard output" in run.stderr, run.stderr


def test_tool_on_an_ascii_terminal_writes_escapes():
    run = tool("split", SOURCE, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-500:]
    assert run.stdout.isascii() and "\\u" in run.stdout


def test_render_with_a_date_past_the_datas_range_is_one_message(tmp_path):
    # The data's dates are 1900-2199 (schema.DATE): a timeline to year 10000 cannot be drawn.
    out = str(tmp_path / "out")
    run = tool("render", "--out", out, "--date", "9999-12-31", "--no-history", "--no-runtime")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1 and "9999-12-31" in run.stderr and "2199" in run.stderr, run.stderr


def test_schema_for_a_missing_policies_folder_is_one_message_and_creates_nothing(tmp_path):
    missing = tmp_path / "nowhere" / "policies"
    run = tool("--policies", str(missing), "schema")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1 and "no policies folder" in run.stderr, run.stderr
    assert not (tmp_path / "nowhere").exists()


SCHEMA = ROOT / "policies" / "schema" / "estimate.schema.json"


@pytest.mark.parametrize(
    ("profile", "on"),
    [
        # Longhua 5 "营收5000万元以上且正增长": last year's revenue unknown (an unknown gate).
        ({"jurisdiction": "shenzhen-longhua", "facts": {"revenue": 60_000_000}}, "2025-06-01"),
        # Xiamen 3 "年度购买总额达到30万元以上": 20万 fails it; on 2026-01-01 the measures have expired.
        ({"jurisdiction": "xiamen", "facts": {"compute_spend": 200_000}}, "2025-06-01"),
        ({"jurisdiction": "xiamen", "facts": {"compute_spend": 400_000}}, "2026-01-01"),
        (
            {
                "jurisdiction": "shenzhen-longgang",
                "facts": {"compute_spend": 10_000_000, "rent_paid": 150_000.5},
            },
            None,
        ),
        (
            {"jurisdiction": "hangzhou-binjiang", "startup": True, "facts": {"loan_interest_paid": 100_000}},
            None,
        ),
    ],
)
def test_json_output_matches_the_published_schema(tmp_path, profile, on):
    import jsonschema

    path = write(tmp_path, json.dumps(profile))
    run = cli("estimate", path, *(("--on", on) if on else ()))
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(out)
    assert out["why_not"] and out["trace"]


def test_json_output_says_why_not(tmp_path):
    # Xiamen 3: "对年度购买总额达到30万元以上的…给予补助": 20万 is below it; answer and threshold shown.
    path = write(tmp_path, '{"jurisdiction": "xiamen", "facts": {"compute_spend": 200000}}')
    out = json.loads(cli("estimate", path, "--on", "2025-06-01").stdout)
    (entry,) = [w for w in out["why_not"] if (w["policy"], w["clause"]) == ("xiamen-ai-2023", "3")]
    assert entry["outcome"] == "failed"
    assert entry["reasons"][0]["facts"][0]["answer"]["zh"] == "20万元"
    table = cli("estimate", path, "--on", "2025-06-01", "--format", "table", "--lang", "en").stdout
    line = next(x for x in table.splitlines() if x.startswith("  xiamen-ai-2023 3 "))
    assert "a condition is not met" in line and "CNY 200,000 < CNY 300,000" in line


def test_runtime_outside_a_site_is_one_message(tmp_path, capsys):
    from policy_explorer.cli import main

    assert main(["runtime", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: no mkdocs.yml in {tmp_path}: run this in the site's folder\n"


def test_version_is_the_distribution_s_one_source(capsys):
    """`--version` says the version pyproject.toml reads from policy_explorer.__version__; the engine's
    (the browser's wheel) follows it."""
    import policy_explorer
    from policy_explorer import calculator
    from policy_explorer.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"policy-explorer {policy_explorer.__version__}\n"
    assert calculator.__version__ == policy_explorer.__version__
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'version = {attr = "policy_explorer.__version__"}' in pyproject
    assert f"\n## {policy_explorer.__version__}\n" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_console_script_is_named_in_its_usage(monkeypatch, capsys):
    """Installed, the engine's command is `policy-calculator` (pyproject's scripts): its usage says so."""
    from policy_explorer.calculator.cli import main

    monkeypatch.setattr(sys, "argv", ["/venv/bin/policy-calculator", "nope"])
    with pytest.raises(SystemExit) as stop:
        main(["nope"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.startswith("usage: policy-calculator ")
