"""Benchmark: the bilingual site build with the policy-explorer plugin against a plain MkDocs build.

Reports figures and ratios; asserts nothing (a missed target never makes it exit non-zero). For the
real ``policies/`` and for synthetic corpora N times larger (``--scales 1,10,100``) it measures:

- **full**: ``mkdocs build`` of a copy of the repository's ``mkdocs.yml`` / ``mkdocs.en.yml`` whose
  plugin reads that corpus (``history: false``: the temporary project has no git) — exactly what
  maintainers run: validate + compile, render both editions' generated pages, build the Chinese
  edition and, nested in the same process, the English one into ``en/``;
- **render**: ``python -m policy_explorer render --with-content --no-history`` of the same corpus
  (both languages, one process);
- **plain**: two ``mkdocs build`` runs (zh, en) on the rendered folders, with the same theme,
  Markdown extensions, CSS/JS, search plugin (language and jieba user dictionary) and navigation as
  the full build but no policy-explorer plugin. Plain time = zh + en; plain memory = the larger peak.

Each build runs in its own process; wall time is measured around the process and peak memory is the
process's maximum resident set size (GNU ``/usr/bin/time -f %M`` when available, else a Python
wrapper reading ``getrusage(RUSAGE_SELF).ru_maxrss``). With ``--repeat N`` the fastest run counts
(and the largest peak). The project's target: the full build takes at most 1.3× the plain build,
and grows linearly with the number of policy documents.

A synthetic N× corpus is ``policies/`` plus, for k in 1..N-1, a copy of every document with the id
``<id>-x<k>`` (file name alike), titles suffixed ``（副本k）`` / `` (copy k)``, ``implements:``
references rewritten to the same copy's ids, and no document-level ``facts:`` (fact ids are global;
the copies read the original document's facts). Every corpus is validated before it is timed.

    .venv/bin/python benchmarks/site_build.py [--scales 1,10,100] [--repeat N] [--json PATH]
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import os
import platform
import posixpath
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_explorer.sitegen import LANGS, compiled, generate  # noqa: E402
from policy_explorer.sitegen.glossary import jieba_user_dict  # noqa: E402
from policy_explorer.sitegen.render import HAND_WRITTEN_NAV, load_strings  # noqa: E402
from policy_explorer.yamlload import load_file  # noqa: E402

DATE = "2025-06-01"
PLUGIN = "policy-explorer"
TARGET_RATIO = 1.3
# Growth between two scales counts as linear when time grows by at most this factor × the growth
# in documents (fixed start-up costs make small scales grow less than linearly).
LINEAR_SLACK = 1.25
# Each edition's folder in the site, and the language selector's entries (as the plugin's defaults).
EDITIONS = {"zh": "", "en": "en"}
EDITION_LINKS = (("简体中文", "zh-Hans", ""), ("English", "en", "en"))
GNU_TIME = Path("/usr/bin/time")
# Runs a module as ``python -m`` would and writes "<seconds> <max RSS KiB>" to argv[1].
_RSS_WRAPPER = """
import resource, runpy, sys, time
out, module = sys.argv[1], sys.argv[2]
sys.argv = [module, *sys.argv[3:]]
t0 = time.perf_counter()
code = 0
try:
    runpy.run_module(module, run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
with open(out, "w") as handle:
    handle.write(f"{time.perf_counter() - t0} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
sys.exit(code)
"""


@dataclass
class Run:
    """One measured process: wall seconds and peak resident memory in MiB."""

    seconds: float
    mib: float


@dataclass
class Scale:
    """The figures for one corpus size."""

    scale: int
    documents: int
    clauses: int
    pages: dict[str, int]
    full: Run
    render: Run
    plain: Run
    plain_by_lang: dict[str, Run] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.full.seconds / self.plain.seconds

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["ratio_full_to_plain"] = round(self.ratio, 3)
        out["ratio_full_to_plain_plus_render"] = round(
            self.full.seconds / (self.plain.seconds + self.render.seconds), 3
        )
        out["full_ms_per_document"] = round(self.full.seconds / self.documents * 1000, 2)
        out["plain_ms_per_document"] = round(self.plain.seconds / self.documents * 1000, 2)
        out["meets_ratio_target"] = self.ratio <= TARGET_RATIO
        return out


# --- measuring a process ---------------------------------------------------------------------------


def _gnu_time_works() -> bool:
    if not GNU_TIME.is_file():
        return False
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "t"
        run = subprocess.run([str(GNU_TIME), "-f", "%M", "-o", str(out), "true"], capture_output=True)
        return run.returncode == 0 and out.is_file() and out.read_text().strip().isdigit()


_USE_GNU_TIME = _gnu_time_works()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["POLICY_EXPLORER_BUILD_DATE"] = DATE
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def measure(module: str, *args: str) -> Run:
    """Run ``python -m module args`` in a fresh process; abort the benchmark if it fails."""
    with tempfile.TemporaryDirectory(prefix="site-bench-time-") as tmp:
        out = Path(tmp) / "rss"
        if _USE_GNU_TIME:
            cmd = [str(GNU_TIME), "-f", "%M", "-o", str(out), sys.executable, "-m", module, *args]
        else:
            cmd = [sys.executable, "-c", _RSS_WRAPPER, str(out), module, *args]
        t0 = time.perf_counter()
        run = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=tmp)
        seconds = time.perf_counter() - t0
        if run.returncode != 0:
            tail = "\n".join((run.stderr or run.stdout).splitlines()[-30:])
            sys.exit(f"error: `python -m {module} {' '.join(args)}` failed ({run.returncode}):\n{tail}")
        kib = int(out.read_text().split()[-1])
    return Run(seconds=seconds, mib=kib / 1024)


def best(runs: list[Run]) -> Run:
    """The fastest of repeated runs, with the largest peak memory seen."""
    return Run(seconds=min(r.seconds for r in runs), mib=max(r.mib for r in runs))


# --- corpora -------------------------------------------------------------------------------------


def _suffix(pair: Any, k: int) -> Any:
    if isinstance(pair, dict) and "zh" in pair and "en" in pair:
        return {**pair, "zh": f"{pair['zh']}（副本{k}）", "en": f"{pair['en']} (copy {k})"}
    return pair


def copy_document(doc: dict[str, Any], ids: set[str], k: int) -> dict[str, Any]:
    """Copy ``k`` of a policy document: new id, suffixed titles, references into the same copy.

    Its own ``facts:`` stay: a document's facts are its own (``<document>.<fact>``), so copies never collide.
    """
    out = copy.deepcopy(doc)
    out["id"] = f"{doc['id']}-x{k}"
    out["title"] = _suffix(doc.get("title"), k)
    if "short_title" in out:
        out["short_title"] = _suffix(doc["short_title"], k)
    for clause in out.get("clauses") or []:
        for ref in clause.get("implements") or []:
            if ref.get("policy") in ids:
                ref["policy"] = f"{ref['policy']}-x{k}"
    return out


def make_corpus(dest: Path, scale: int) -> None:
    """Write the ``scale``× synthetic copy of ``policies/`` into ``dest``."""
    # Worked totals describe the real collection: with every policy copied, each place's totals double.
    shutil.copytree(ROOT / "policies", dest, ignore=shutil.ignore_patterns("totals"))
    documents = {p.stem: load_file(p).data for p in sorted((ROOT / "policies" / "documents").glob("*.yaml"))}
    for k in range(1, scale):
        for doc in documents.values():
            new = copy_document(doc, set(documents), k)
            text = yaml.safe_dump(new, allow_unicode=True, sort_keys=False, width=10_000)
            (dest / "documents" / f"{new['id']}.yaml").write_text(text, encoding="utf-8")


def validate(policies: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "policy_explorer", "--policies", str(policies), "validate"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    if run.returncode != 0:
        tail = "\n".join(run.stderr.splitlines()[-20:])
        sys.exit(f"error: the corpus in {policies} does not validate; nothing was timed:\n{tail}")


# --- configurations ------------------------------------------------------------------------------


def _read_yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _with_plugin_options(config: dict[str, Any], name: str, **options: Any) -> dict[str, Any]:
    plugins = []
    for entry in config.get("plugins") or []:
        if entry == name:
            entry = {name: {}}
        if isinstance(entry, dict) and name in entry:
            entry = {name: {**(entry[name] or {}), **options}}
        plugins.append(entry)
    return {**config, "plugins": plugins}


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """``INHERIT`` as MkDocs does it: mappings merge recursively, anything else is replaced."""
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def full_project(project: Path, policies: Path, site: Path) -> Path:
    """A temporary project laid out like the repository whose configs read ``policies``."""
    project.mkdir(parents=True)
    for name in ("content", "site_templates", "tools"):
        (project / name).symlink_to(ROOT / name, target_is_directory=True)
    (project / "policies").symlink_to(policies, target_is_directory=True)
    zh = _with_plugin_options(_read_yaml(ROOT / "mkdocs.yml"), PLUGIN, policies="policies", history=False)
    zh["site_dir"] = str(site)
    _write_yaml(project / "mkdocs.yml", zh)
    en = _with_plugin_options(_read_yaml(ROOT / "mkdocs.en.yml"), PLUGIN, policies="policies", history=False)
    _write_yaml(project / "mkdocs.en.yml", en)
    return project / "mkdocs.yml"


def _hand_written_nav(lang: str, docs_dir: Path) -> list[Any]:
    # As PolicyExplorerPlugin._hand_written_nav.
    strings = load_strings()
    pages = [
        {strings[name][lang]: f"{name}.md"}
        for name in HAND_WRITTEN_NAV
        if (docs_dir / f"{name}.md").is_file()
    ]
    return [{strings["about_section"][lang]: pages}] if pages else []


def plain_configs(work: Path, policies: Path, rendered: Path, site: Path) -> dict[str, Path]:
    """One plain MkDocs config per language: the real theme and navigation, no policy-explorer."""
    zh = _read_yaml(ROOT / "mkdocs.yml")
    en_own = _read_yaml(ROOT / "mkdocs.en.yml")
    en_own.pop("INHERIT", None)
    base = {"zh": zh, "en": _merge(zh, en_own)}
    configs = {}
    for lang in LANGS:
        probe = generate(
            work / f"nav-{lang}", lang, root=ROOT, policies_dir=policies, on=DATE, use_history=False
        )
        shutil.rmtree(work / f"nav-{lang}")
        words = work / f"jieba-{lang}.txt"
        words.write_text(jieba_user_dict(probe.search_words), encoding="utf-8")
        config = dict(base[lang])
        config.pop("INHERIT", None)
        theme = dict(config.get("theme") or {})
        if theme.get("custom_dir"):  # relative to the repository's config, not to this copy
            theme["custom_dir"] = str(ROOT / theme["custom_dir"])
        config["theme"] = theme
        # The language selector, as the plugin sets it (to each edition's home).
        here = EDITIONS[lang]
        config["extra"] = {
            **(config.get("extra") or {}),
            "alternate": [
                {"name": name, "lang": hreflang, "link": posixpath.relpath(prefix or ".", here or ".") + "/"}
                for name, hreflang, prefix in EDITION_LINKS
            ],
        }
        config["docs_dir"] = str(rendered / lang)
        config["site_dir"] = str(site / lang)
        config["plugins"] = [{"search": {"lang": lang, "jieba_dict_user": str(words)}}]
        config["nav"] = probe.nav + _hand_written_nav(lang, rendered / lang)
        configs[lang] = work / f"plain.{lang}.yml"
        _write_yaml(configs[lang], config)
    return configs


# --- one scale -----------------------------------------------------------------------------------


def bench_scale(scale: int, repeat: int, tmp: Path) -> Scale:
    work = tmp / f"x{scale}"
    work.mkdir()
    if scale == 1:
        policies = ROOT / "policies"
    else:
        policies = work / "policies"
        make_corpus(policies, scale)
    validate(policies)
    data = compiled(policies)
    documents = len(data["policies"])
    clauses = sum(len(p["clauses"]) for p in data["policies"])

    config = full_project(work / "project", policies, work / "site-full")
    rendered = work / "rendered"
    plain_site = work / "site-plain"
    full_runs: list[Run] = []
    render_runs: list[Run] = []
    plain_runs: dict[str, list[Run]] = {lang: [] for lang in LANGS}
    configs: dict[str, Path] = {}
    for _ in range(repeat):
        full_runs.append(measure("mkdocs", "build", "--quiet", "--config-file", str(config)))
        shutil.rmtree(work / "site-full")
        shutil.rmtree(rendered, ignore_errors=True)
        render_runs.append(
            measure(
                "policy_explorer",
                "--policies",
                str(policies),
                "render",
                "--out",
                str(rendered),
                "--date",
                DATE,
                "--with-content",
                "--no-history",
            )
        )
        configs = configs or plain_configs(work, policies, rendered, plain_site)
        for lang in LANGS:
            plain_runs[lang].append(
                measure("mkdocs", "build", "--quiet", "--config-file", str(configs[lang]))
            )
        shutil.rmtree(plain_site)
    pages = {lang: sum(1 for _ in (rendered / lang).rglob("*.md")) for lang in LANGS}
    shutil.rmtree(work)
    by_lang = {lang: best(runs) for lang, runs in plain_runs.items()}
    plain = Run(
        seconds=sum(r.seconds for r in by_lang.values()),
        mib=max(r.mib for r in by_lang.values()),
    )
    return Scale(scale, documents, clauses, pages, best(full_runs), best(render_runs), plain, by_lang)


def repo_build(tmp: Path) -> Run:
    """The repository's own configs as they are (git history on), into a temporary site folder."""
    return measure(
        "mkdocs", "build", "--quiet", "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(tmp)
    )


# --- report --------------------------------------------------------------------------------------


def report(results: list[Scale], repo: Run | None, repeat: int) -> list[str]:
    lines = [
        "site build benchmark (policy-explorer plugin vs plain MkDocs on the same pages)",
        f"  build date {DATE}; best of {repeat} run(s) per figure; peak memory via "
        f"{'/usr/bin/time %M' if _USE_GNU_TIME else 'getrusage(RUSAGE_SELF)'}; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPU(s)",
        "",
        f"{'scale':>5} {'docs':>5} {'clauses':>7} {'pages zh/en':>11} │ {'full s':>7} {'MiB':>5} │ "
        f"{'plain s':>7} {'MiB':>5} {'(zh + en s)':>13} │ {'render s':>8} {'MiB':>5} │ "
        f"{'full/plain':>10} {'target':>7}",
    ]
    for r in results:
        split = f"{r.plain_by_lang['zh'].seconds:.1f} + {r.plain_by_lang['en'].seconds:.1f}"
        lines.append(
            f"{r.scale:>4}× {r.documents:>5} {r.clauses:>7} {r.pages['zh']:>5}/{r.pages['en']:<5} │ "
            f"{r.full.seconds:>7.2f} {r.full.mib:>5.0f} │ {r.plain.seconds:>7.2f} {r.plain.mib:>5.0f} "
            f"{split:>13} │ {r.render.seconds:>8.2f} {r.render.mib:>5.0f} │ "
            f"{r.ratio:>9.2f}× {'met' if r.ratio <= TARGET_RATIO else 'NOT met':>7}"
        )
    lines += ["", f"target: full ≤ {TARGET_RATIO}× plain at every scale, growing linearly with the documents"]
    for r in results:
        extra = r.full.seconds - r.plain.seconds
        lines.append(
            f"  {r.scale:>4}×: full {r.full.seconds / r.documents * 1000:7.1f} ms/document, "
            f"plain {r.plain.seconds / r.documents * 1000:7.1f} ms/document; "
            f"full − plain = {extra:6.2f} s (render alone {r.render.seconds:.2f} s); "
            f"full / (plain + render) = {r.full.seconds / (r.plain.seconds + r.render.seconds):.2f}×"
        )
    for small, large in itertools.pairwise(results):
        docs = large.documents / small.documents
        for name, a, b in (("full", small.full, large.full), ("plain", small.plain, large.plain)):
            growth = b.seconds / a.seconds
            verdict = "linear or better" if growth <= docs * LINEAR_SLACK else "WORSE than linear"
            lines.append(
                f"  growth {small.scale}× → {large.scale}× ({docs:.0f}× the documents): {name} time "
                f"{growth:.2f}×, memory {b.mib / a.mib:.2f}× — {verdict}"
            )
    if repo is not None:
        lines.append(
            f"  repository as is (mkdocs build, git history on, real data): "
            f"{repo.seconds:.2f} s, {repo.mib:.0f} MiB"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales", default="1,10,100", help="corpus sizes, comma-separated (default 1,10,100)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest counts")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--no-repo-build", action="store_true", help="skip the as-is repository build")
    args = parser.parse_args()
    try:
        scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--scales takes whole numbers separated by commas, not `{args.scales}`")
    if not scales or scales[0] < 1 or args.repeat < 1:
        parser.error("scales and --repeat must be at least 1")

    results: list[Scale] = []
    repo: Run | None = None
    with tempfile.TemporaryDirectory(prefix="site-bench-") as name:
        tmp = Path(name)
        for scale in scales:
            print(f"… {scale}×", file=sys.stderr, flush=True)
            results.append(bench_scale(scale, args.repeat, tmp))
        if not args.no_repo_build and (ROOT / ".git").exists():
            repo = repo_build(tmp / "site-repo")
    lines = report(results, repo, args.repeat)
    print("\n".join(lines))
    if args.json:
        payload = {
            "build_date": DATE,
            "repeat": args.repeat,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "peak_memory_via": "gnu-time" if _USE_GNU_TIME else "getrusage",
            "target_ratio": TARGET_RATIO,
            "scales": [r.as_json() for r in results],
            "repository_build": asdict(repo) if repo else None,
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
