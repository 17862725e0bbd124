"""Benchmark: the site build (every edition) with the policy-explorer plugin against a plain MkDocs build.

Reports figures and ratios; asserts nothing (a missed target never makes it exit non-zero; a build
that fails does). For the real ``policies/`` and for synthetic corpora N times larger
(``--scales 1,10,100``) it measures:

- **full**: ``mkdocs build`` of a copy of the repository's ``mkdocs.yml`` and of every edition's
  config it lists under ``editions`` (``mkdocs.en.yml``, ``mkdocs.zh-Hant.yml``), their plugin reading
  that corpus (``history: false``: the temporary project has no git) — exactly what maintainers run:
  validate + compile, render the generated pages, build the Simplified Chinese edition and, nested in
  the same process, the English one into ``en/`` and the Traditional Chinese one into ``zh-Hant/``;
- **render**: ``python -m policy_explorer render --lang all --with-content --no-history`` of the same
  corpus (every edition, one process);
- **plain**: one ``mkdocs build`` per edition (zh, en, zh-Hant) on the rendered folders, with the
  same theme, Markdown extensions, CSS/JS, search plugin (language, separator and jieba user
  dictionary) and navigation as the full build but no policy-explorer plugin, and the calculator's
  runtime in the root edition only (as the plugin has it). Plain time = the sum over the editions;
  plain memory = the largest peak.

The configs are read as MkDocs reads them (``mkdocs.utils.yaml_load``: ``!ENV`` tags, ``INHERIT``).

Each build runs in its own process; wall time is measured around the process and peak memory is the
process's maximum resident set size (GNU ``/usr/bin/time -f %M`` when available, else a Python
wrapper reading ``getrusage(RUSAGE_SELF).ru_maxrss``). With ``--repeat N`` the fastest run counts
(and the largest peak). The project's target: the full build takes at most 1.3× the plain build,
and grows linearly with the number of policy documents.

A synthetic N× corpus is ``policies/`` plus, for k in 1..N-1, a copy of every document with the id
``<id>-x<k>`` (file name alike), titles suffixed ``（副本k）`` / `` (copy k)``, ``implements:``
references rewritten to the same copy's ids; a document's own ``facts:`` stay (they are named
``<document>.<fact>``, so copies never collide). Every corpus is validated before it is timed.

``--smoke`` checks that the benchmark still runs, not how fast: scale 1, one run, no as-is repository
build, and a 2× synthetic corpus made and validated (not built) so the copying code runs too.

    .venv/bin/python benchmarks/site_build.py [--scales 1,10,100] [--repeat N] [--json PATH] [--smoke]
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils import get_yaml_loader, yaml_load

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_explorer.mkdocs_plugin.editions import HREFLANG, LANGUAGE_NAMES  # noqa: E402
from policy_explorer.mkdocs_plugin.editions import relative as _relative  # noqa: E402
from policy_explorer.sitegen import (  # noqa: E402
    EDITIONS,
    Edition,
    RuntimeLink,
    SiteBuild,
    compiled,
    generate,
    hant,
)
from policy_explorer.sitegen.glossary import jieba_user_dict  # noqa: E402
from policy_explorer.sitegen.render import HAND_WRITTEN_NAV, nav_title  # noqa: E402
from policy_explorer.sitegen.templates import overrides as overrides_dirs  # noqa: E402
from policy_explorer.sitegen.templates import site_strings, text_lang  # noqa: E402
from policy_explorer.yamlload import load_file  # noqa: E402

DATE = "2025-06-01"
PLUGIN = "policy-explorer"
TARGET_RATIO = 1.3
# Growth between two scales counts as linear when time grows by at most this factor × the growth
# in documents (fixed start-up costs make small scales grow less than linearly).
LINEAR_SLACK = 1.25
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
    out.pop("jurisdictions", None)  # places a document declares are declared once, by the original
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
    """One config file as written (its ``INHERIT`` kept), tags resolved as MkDocs does (``!ENV``)."""
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=get_yaml_loader(yaml.SafeLoader)) or {}


def _read_config(path: Path) -> dict[str, Any]:
    """A config as MkDocs sees it: ``!ENV`` resolved and ``INHERIT`` merged (``mkdocs.utils.yaml_load``)."""
    with path.open("rb") as handle:
        return yaml_load(handle, get_yaml_loader(yaml.SafeLoader))


def _write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _plugin_options(config: dict[str, Any], name: str) -> dict[str, Any]:
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):  # the mapping form (mkdocs.yml: each edition inherits the options)
        return dict(plugins.get(name) or {})
    for entry in plugins:
        if isinstance(entry, dict) and name in entry:
            return dict(entry[name] or {})
    return {}


def _with_plugin_options(config: dict[str, Any], name: str, **options: Any) -> dict[str, Any]:
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        return {**config, "plugins": {**plugins, name: {**(plugins.get(name) or {}), **options}}}
    entries = []
    for entry in plugins:
        if entry == name:
            entry = {name: {}}
        if isinstance(entry, dict) and name in entry:
            entry = {name: {**(entry[name] or {}), **options}}
        entries.append(entry)
    return {**config, "plugins": entries}


def edition_files() -> dict[str, str]:
    """Each edition's config file, as the root config's plugin lists them (the root one under "zh")."""
    options = _plugin_options(_read_yaml(ROOT / "mkdocs.yml"), PLUGIN)
    files = {options.get("lang", "zh"): "mkdocs.yml", **(options.get("editions") or {})}
    if set(files) != set(EDITIONS):
        sys.exit(
            f"error: mkdocs.yml's {PLUGIN} plugin builds the editions {sorted(files)}, but the site has "
            f"{sorted(EDITIONS)}: list each under `editions` (this benchmark builds what it lists)"
        )
    return files


def edition_prefixes() -> dict[str, str]:
    """Each edition's folder in the site (the plugin's ``languages``: "" for the root, "en/", …)."""
    return dict(_plugin_options(_read_yaml(ROOT / "mkdocs.yml"), PLUGIN).get("languages") or {})


def full_project(project: Path, policies: Path, site: Path) -> Path:
    """A temporary project laid out like the repository whose configs (every edition's) read ``policies``."""
    project.mkdir(parents=True)
    # Copied, not linked: the plugin names a page's source by its path inside the project
    # ("edit this page"), and a link would resolve outside it. tools/ (the npm packages) is linked.
    for name in ("content", "site_templates"):
        shutil.copytree(ROOT / name, project / name)
    (project / "tools").symlink_to(ROOT / "tools", target_is_directory=True)
    (project / "policies").symlink_to(policies, target_is_directory=True)
    for name in edition_files().values():
        config = _with_plugin_options(_read_yaml(ROOT / name), PLUGIN, policies="policies", history=False)
        if name == "mkdocs.yml":
            config["site_dir"] = str(site)
        _write_yaml(project / name, config)
    return project / "mkdocs.yml"


def _hand_written_nav(lang: str, docs_dir: Path) -> list[Any]:
    # As policy_explorer.mkdocs_plugin.editions._hand_written_nav.
    strings = site_strings(ROOT / "site_templates")
    word = hant.to_hant if lang == hant.HANT else str
    text = text_lang(lang)
    pages = [
        {nav_title(word(strings[name][text])): f"{name}.md"}
        for name in HAND_WRITTEN_NAV
        if (docs_dir / f"{name}.md").is_file()
    ]
    return [{nav_title(word(strings["about_section"][text])): pages}] if pages else []


def plain_theme(work: Path, custom: Path | None) -> Path:
    """Material as it comes, plus what the pages cannot build without, for the plain builds.

    The plugin's overrides (``policy_explorer/defaults/overrides``, then ``site_templates/overrides``)
    add the ``zh-Hans`` language strings Material lacks, and the templates some pages name
    (``template: calculator.html``); here the strings are copied and each such template is only
    Material's ``main.html``. The config's own ``custom_dir``, if any, comes first.
    """
    folder = work / "plain-theme"
    if folder.is_dir():
        return folder
    folder.mkdir()
    if custom is not None:
        shutil.copytree(custom, folder, dirs_exist_ok=True)
    for overrides in reversed(overrides_dirs(ROOT / "site_templates")):  # the site's win
        for strings in (overrides / "partials" / "languages").glob("*.html"):
            (folder / "partials" / "languages").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(strings, folder / "partials" / "languages" / strings.name)
        for template in overrides.glob("*.html"):
            if template.name != "main.html" and not (folder / template.name).exists():
                (folder / template.name).write_text('{% extends "main.html" %}\n', encoding="utf-8")
    return folder


def plain_configs(work: Path, policies: Path, rendered: Path, site: Path) -> dict[str, Path]:
    """One plain MkDocs config per edition: the real theme and navigation, no policy-explorer."""
    prefixes = edition_prefixes()
    configs = {}
    for lang, name in edition_files().items():
        with SiteBuild(ROOT, policies) as build:
            edition = Edition.of(lang, build.templates(ROOT / "site_templates"), runtime=RuntimeLink.own())
            probe = generate(build, edition, work / f"nav-{lang}", on=DATE, use_history=False)
        shutil.rmtree(work / f"nav-{lang}")
        words = work / f"jieba-{lang}.txt"
        words.write_text(jieba_user_dict(probe.search_words), encoding="utf-8")
        config = _read_config(ROOT / name)
        theme = dict(config.get("theme") or {})
        custom = ROOT / theme["custom_dir"] if theme.get("custom_dir") else None  # relative to the repository
        theme["custom_dir"] = str(plain_theme(work, custom))
        if (
            lang == hant.HANT
        ):  # its inherited words, converted as policy_explorer.mkdocs_plugin.editions._convert_config does
            config["site_name"] = hant.to_hant(config["site_name"])
            if config.get("site_description"):
                config["site_description"] = hant.to_hant(config["site_description"])
            if theme.get("palette"):
                theme["palette"] = hant.convert_tree(theme["palette"])
        config["theme"] = theme
        # The language selector, as the plugin sets it (to each edition's home).
        here = prefixes.get(lang, "")
        config["extra"] = {
            **(config.get("extra") or {}),
            "alternate": [
                {"name": LANGUAGE_NAMES[other], "lang": HREFLANG[other], "link": _relative(here, prefix)}
                for other, prefix in prefixes.items()
            ],
        }
        config["docs_dir"] = str(rendered / lang)
        config["site_dir"] = str(site / lang)
        search = _plugin_options(config, "search")
        # The search's language, as the plugin gives it (the edition's, when the config sets none).
        search.setdefault("lang", text_lang(lang))
        config["plugins"] = [{"search": {**search, "jieba_dict_user": str(words)}}]
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
    plain_runs: dict[str, list[Run]] = {lang: [] for lang in EDITIONS}
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
                "--lang",
                "all",
                "--out",
                str(rendered),
                "--date",
                DATE,
                "--with-content",
                "--no-history",
            )
        )
        # One copy of the calculator's runtime, in the root edition, as the plugin builds it (the
        # other editions link up to it); `render` writes one into every edition's folder.
        for lang, prefix in edition_prefixes().items():
            if prefix.strip("/"):
                shutil.rmtree(rendered / lang / "runtime", ignore_errors=True)
        configs = configs or plain_configs(work, policies, rendered, plain_site)
        for lang in EDITIONS:
            plain_runs[lang].append(
                measure("mkdocs", "build", "--quiet", "--config-file", str(configs[lang]))
            )
        shutil.rmtree(plain_site)
    pages = {lang: sum(1 for _ in (rendered / lang).rglob("*.md")) for lang in EDITIONS}
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
        f"{'scale':>5} {'docs':>5} {'clauses':>7} {'pages ' + '/'.join(EDITIONS):>21} │ "
        f"{'full s':>7} {'MiB':>5} │ {'plain s':>7} {'MiB':>5} {'(' + ' + '.join(EDITIONS) + ' s)':>22} │ "
        f"{'render s':>8} {'MiB':>5} │ {'full/plain':>10} {'target':>7}",
    ]
    for r in results:
        split = " + ".join(f"{r.plain_by_lang[lang].seconds:.2f}" for lang in EDITIONS)
        pages = "/".join(str(r.pages[lang]) for lang in EDITIONS)
        lines.append(
            f"{r.scale:>4}× {r.documents:>5} {r.clauses:>7} {pages:>21} │ "
            f"{r.full.seconds:>7.2f} {r.full.mib:>5.0f} │ {r.plain.seconds:>7.2f} {r.plain.mib:>5.0f} "
            f"{split:>22} │ {r.render.seconds:>8.2f} {r.render.mib:>5.0f} │ "
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
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="check that the benchmark runs (scale 1, one run, no repository build; a 2× corpus validated)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.scales, args.repeat, args.no_repo_build = "1", 1, True
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
        if args.smoke:  # the synthetic corpus' code path, without the minutes its builds take
            make_corpus(tmp / "smoke-x2", 2)
            validate(tmp / "smoke-x2")
            copies = len(compiled(tmp / "smoke-x2")["policies"])
            print(f"smoke: a 2× synthetic corpus validates ({copies} documents)", flush=True)
            shutil.rmtree(tmp / "smoke-x2")
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
