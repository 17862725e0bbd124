"""What would differ if Zensical built the site: a report in Markdown on stdout (not a test).

Zensical reads ``mkdocs.yml`` but runs no MkDocs plugin, so it can build only what the generator
writes without one: ``python -m policy_explorer render --with-content`` (both editions, pages and
files). This script

1. renders both editions into ``WORK/pages`` (no plugin, no MkDocs);
2. builds the site with MkDocs, the project's way (the reference), into ``WORK/mkdocs``;
3. sets up Zensical (pinned) in a virtual environment of its own (``WORK/venv``: it pins other
   versions of Markdown's libraries than MkDocs does) and builds each edition from a config derived
   from ``mkdocs.yml`` / ``mkdocs.en.yml`` (``docs_dir``: the rendered folder; the
   ``policy-explorer`` plugin left out, as Zensical would) into ``WORK/zensical``;
4. builds the same configs with MkDocs (no plugin either), to see what any plugin-less engine gets;
5. compares them: pages and URLs, Chinese search, the Content-Security-Policy, the calculator,
   the one stylesheet, edit links and the language switch.

When Zensical cannot be installed or fails to build, the report says so with the installer's or
the build's own last lines, and still gives what can be measured without it: which URLs the
rendered folder yields, and what the MkDocs build owes to the plugin (what Zensical would not do).

    .venv/bin/python tools/zensical_report.py [--work DIR] [--date YYYY-MM-DD] [--report FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from policy_explorer.sitegen.templates import overrides

ROOT = Path(__file__).resolve().parent.parent
# The newest Zensical first; it (and 0.0.74) needs its theme package `zensical-ui`, which a package index
# may not carry (this machine's does not), so 0.0.40, which ships its theme inside, follows.
ZENSICAL = ("zensical==0.1.3", "zensical==0.0.40")
EDITIONS = {"zh": ("mkdocs.yml", ""), "en": ("mkdocs.en.yml", "en/")}  # config, sub-folder
PLUGIN = "policy-explorer"
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"')
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Build:
    """One engine's output folder, or why there is none."""

    name: str
    site: Path | None
    seconds: float = 0.0
    failure: str = ""
    notes: list[str] = field(default_factory=list)


def _tail(text: str, lines: int = 6) -> str:
    """The last lines of a tool's output, its warnings left out (pip's name local index paths)."""
    plain = ANSI.sub("", text)  # Zensical colours its messages even when not on a terminal
    kept = [line[:200] for line in plain.strip().splitlines() if not line.startswith("WARNING:")]
    return "\n".join(kept[-lines:])


def render(pages: Path, date: str) -> None:
    """Both editions' generated pages and the hand-written ones, without MkDocs."""
    args = ["render", "--out", str(pages), "--with-content", "--date", date]
    run = subprocess.run(
        [sys.executable, "-m", "policy_explorer", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if run.returncode:
        sys.exit(f"error: render failed:\n{_tail(run.stderr)}")


def build_mkdocs(site: Path, date: str) -> Build:
    from policy_explorer.audit.repro import build

    start = time.monotonic()
    try:
        build(site, date)
    except RuntimeError as exc:
        return Build("MkDocs", None, failure=_tail(str(exc)))
    return Build("MkDocs", site, time.monotonic() - start)


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """``!ENV [NAME, default]``: the default (only the plugin's options use it, and they are dropped)."""
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
    return values[-1] if values else None


def _load(path: Path) -> dict:
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", _env_tag)
    with path.open(encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=loader)
    parent = config.pop("INHERIT", None)
    return _merged(_load(path.parent / parent), config) if parent else config


def _merged(base: dict, over: dict) -> dict:
    """MkDocs' INHERIT: mappings merged key by key, everything else replaced."""
    out = dict(base)
    for key, value in over.items():
        out[key] = (
            _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


def zensical_config(lang: str, pages: Path, site: Path, work: Path) -> Path:
    """The edition's MkDocs config as Zensical would get it: the rendered folder, no custom plugin."""
    config_name, sub = EDITIONS[lang]
    config = _load(ROOT / config_name)
    # Relative to the config's folder: Zensical 0.0.40 panics on absolute paths ("invariant: Id(…RootDir)").
    config["docs_dir"] = os.path.relpath(pages / lang, work)
    config["site_dir"] = os.path.relpath(site / sub, work)
    # The overrides the plugin would have put on the theme's path (the site's own, else the package's).
    config["theme"]["custom_dir"] = os.path.relpath(overrides(ROOT / "site_templates")[0], work)
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):  # the mapping form (mkdocs.yml: each edition inherits the options)
        config["plugins"] = {name: options for name, options in plugins.items() if name != PLUGIN}
    else:
        config["plugins"] = [p for p in plugins if not (isinstance(p, dict) and PLUGIN in p)]
    path = work / f"zensical-{lang}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_zensical(work: Path, pages: Path, site: Path) -> Build:
    venv = work / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    failures = []
    for wanted in ZENSICAL:
        install = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wanted],
            capture_output=True,
            text=True,
        )
        if not install.returncode:
            break
        failures.append(f"`pip install {wanted}` failed:\n{_tail(install.stderr)}")
    else:
        return Build("Zensical", None, failure="\n".join(failures))
    version = wanted.split("==")[1]
    start = time.monotonic()
    for overrides_too in (True, False):  # the site's overrides; failing that, Zensical's own theme alone
        failed = _zensical_editions(venv, work, pages, site, overrides_too)
        if not failed:
            name = f"Zensical {version}" + ("" if overrides_too else ", its own theme without the overrides")
            return Build(name, site, time.monotonic() - start, notes=failures)
        failures.append(failed)
    return Build(f"Zensical {version}", None, failure="\n".join(failures))


def _zensical_editions(venv: Path, work: Path, pages: Path, site: Path, overrides_too: bool) -> str:
    """Build both editions; the failure (empty when both built)."""
    for lang in EDITIONS:
        config = zensical_config(lang, pages, site, work)
        if not overrides_too:
            settings = yaml.safe_load(config.read_text(encoding="utf-8"))
            del settings["theme"]["custom_dir"]
            config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
        run = subprocess.run(
            [str(venv / "bin" / "zensical"), "build", "-f", str(config)],
            capture_output=True,
            text=True,
            cwd=work,
        )
        if run.returncode:
            what = f"{lang}, {'with' if overrides_too else 'without'} the overrides"
            return f"`zensical build` ({what}) failed: {_tail(run.stdout + run.stderr)}"
    return ""


def build_plain_mkdocs(work: Path, pages: Path, site: Path) -> Build:
    """MkDocs on Zensical's configs (no ``policy-explorer`` plugin): what a plugin-less engine yields."""
    start = time.monotonic()
    for lang in EDITIONS:
        config = zensical_config(lang, pages, site, work)
        run = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)],
            capture_output=True,
            text=True,
            cwd=work,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        if run.returncode:
            return Build("MkDocs without the plugin", None, failure=_tail(run.stderr))
    return Build("MkDocs without the plugin (the same configs as Zensical)", site, time.monotonic() - start)


def urls_from_pages(pages: Path, lang: str) -> set[str]:
    """The URLs the rendered Markdown gives with ``use_directory_urls`` (``a/b.md`` → ``a/b/``)."""
    _, sub = EDITIONS[lang]
    urls = set()
    for md in (pages / lang).rglob("*.md"):
        rel = md.relative_to(pages / lang).with_suffix("").as_posix()
        rel = rel.removesuffix("index").removesuffix("/")
        urls.add(sub + (f"{rel}/" if rel else ""))
    return urls


def html_urls(site: Path) -> set[str]:
    """The page URLs of a built site (``x/index.html`` → ``x/``), 404 left out."""
    out = set()
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel.endswith("index.html"):
            out.add(rel.removesuffix("index.html"))
        elif not rel.endswith("404.html") and "/assets/" not in f"/{rel}":
            out.add(rel)
    return out


def search_figures(site: Path, words: list[str]) -> str:
    """Entries of each search index; how many Chinese ones carry jieba's word breaks (U+200B); how
    many of the policy terms (``words``) are indexed whole, as one token, in the Chinese index."""
    parts = []
    for lang, (_, sub) in EDITIONS.items():
        index = site / sub / "search" / "search_index.json"
        if not index.is_file():
            found = sorted(p.name for p in (site / sub).glob("search*") if p.is_file())
            parts.append(f"{lang}: no search/search_index.json ({', '.join(found) or 'no search file'})")
            continue
        loaded = json.loads(index.read_text(encoding="utf-8"))
        docs = loaded["docs"]
        chinese = [d for d in docs if CJK.search(d.get("text", ""))]
        broken = sum("\u200b" in d["text"] for d in chinese)
        figures = f"{lang}: {len(docs)} entries, {broken} of {len(chinese)} Chinese ones segmented"
        if lang == "zh":
            separator = re.compile(loaded["config"]["separator"])
            tokens = {t for d in docs for t in separator.split(d.get("title", "") + " " + d.get("text", ""))}
            figures += f", {sum(w in tokens for w in words)} of {len(words)} policy terms indexed whole"
        parts.append(figures)
    return "; ".join(parts)


def page_figures(site: Path) -> dict[str, str]:
    pages = [p for p in site.rglob("*.html") if "/assets/" not in p.as_posix()]
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in pages}
    calculator = site / "calculator" / "index.html"
    calc = texts.get(calculator, "")
    modules = sorted(set(re.findall(r"assets/calculator/[a-z]+-[0-9a-f]{12}\.mjs", calc)))
    return {
        "CSP": f"{sum(bool(CSP.search(t)) for t in texts.values())} of {len(texts)} pages",
        "one stylesheet (site-<hash>.css)": f"{sum('stylesheets/site-' in t for t in texts.values())} pages",
        "edit links": f"{sum('md-content__button' in t for t in texts.values())} pages",
        "language switch (hreflang)": f"{sum('hreflang=' in t for t in texts.values())} pages",
        "calculator page": (
            f"modules {', '.join(m.rsplit('/', 1)[1] for m in modules) or 'none'}; runtime "
            + ("present" if any((site / "runtime").glob("calculator-*/*.whl")) else "absent")
            + "; form "
            + ("present" if 'id="pe-calc"' in calc else "absent")
        ),
    }


def policy_terms() -> list[str]:
    """The words the plugin asks Chinese search to keep whole (glossary terms, categories, places)."""
    from policy_explorer.sitegen import compiled, search_words
    from policy_explorer.sitegen.glossary import load_glossary

    policies = ROOT / "policies"
    return search_words(load_glossary(policies / "glossary.yaml"), compiled(policies))


def plugin_owes(pages: Path, words: list[str]) -> list[str]:
    """What the MkDocs build gets from the ``policy-explorer`` plugin, which Zensical does not run."""
    overrides = ROOT / "site_templates" / "overrides"
    names = set()
    for template in overrides.rglob("*.html"):
        names |= set(re.findall(r"(?<![.\w])pe_[a-z_]+", template.read_text(encoding="utf-8")))
    from_plugin = sorted(names - {"pe_runtime"})  # pe_runtime is page front matter, in the folder
    rendered_csp = sum(bool(CSP.search(p.read_text(encoding="utf-8"))) for p in pages.rglob("*.md"))
    css = sorted(p.name for p in (pages / "zh" / "assets" / "stylesheets").glob("site-*.css"))
    return [
        "## What the MkDocs build owes to the plugin (Zensical runs none)",
        "",
        f"- Chinese search: a jieba dictionary of {len(words)} policy terms (glossary, categories, "
        "places) given to Material's search, so 算力券 stays one word",
        f"- template variables the overrides read from the plugin: {', '.join(from_plugin)} "
        "(the stylesheet link, the calculator's module, the language switch, the footer)",
        f"- Content-Security-Policy: added to each page after rendering; the rendered Markdown holds "
        f"{rendered_csp}",
        f"- the one stylesheet: {', '.join(css) or 'none'} is in the rendered folder, linked by the plugin",
        "- the English edition: built by the plugin after the Chinese one (here: a second config)",
        "",
    ]


def report(date: str, pages: Path, builds: list[Build]) -> str:
    lines = [f"# Zensical against MkDocs, build date {date}", ""]
    rendered = {lang: urls_from_pages(pages, lang) for lang in EDITIONS}
    n = sum(len(u) for u in rendered.values())
    lines.append(
        f"`render --with-content` wrote {n} Markdown pages ("
        + ", ".join(f"{lang}: {len(u)}" for lang, u in rendered.items())
        + "), each a URL any engine can build."
    )
    lines.append("")
    expected = set().union(*rendered.values())
    words = policy_terms()
    for b in builds:
        lines.append(f"## {b.name}")
        lines.append("")
        if b.site is None:
            lines += ["Not built:", "", "```", b.failure, "```", ""]
            continue
        got = html_urls(b.site)
        lines += [f"- first tried: {note.splitlines()[0]} ({_tail(note, 1)})" for note in b.notes]
        lines.append(f"- built in {b.seconds:.0f} s")
        lines.append(
            f"- pages and URLs: {len(got)} HTML pages; of the {len(expected)} rendered URLs "
            f"{len(expected & got)} built, {len(expected - got)} missing, {len(got - expected)} extra"
        )
        missing = sorted(expected - got)[:5]
        if missing:
            lines.append(f"  (missing, first five: {', '.join(missing)})")
        lines.append(f"- search: {search_figures(b.site, words)}")
        lines += [f"- {k}: {v}" for k, v in page_figures(b.site).items()]
        lines.append("")
    lines += plugin_owes(pages, words)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "zensical", help="working folder")
    parser.add_argument("--date", default="2026-12-20", help="the build date of both builds")
    parser.add_argument("--report", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    pages = work / "pages"
    work.mkdir(parents=True, exist_ok=True)
    render(pages, args.date)
    builds = [
        build_mkdocs(work / "mkdocs", args.date),
        build_plain_mkdocs(work, pages, work / "plain"),
        build_zensical(work, pages, work / "zensical"),
    ]
    text = report(args.date, pages, builds)
    print(text)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
