"""The distribution on its own: build the wheel and sdist, install the wheel into a fresh virtual
environment outside the repository, scaffold a site with ``policy-explorer new`` and build it.

Nothing of this checkout is on the path of the install or the build (no PYTHONPATH, the site lives in
a temporary folder), so what builds is what a user who runs ``pip install`` gets. The values checked
come from the example policy's text (``policy_explorer/scaffold/policies/``), quoted where used.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import POLICIES, ROOT

pytestmark = pytest.mark.slow

EXAMPLE = "example-city-ai-2026"
BUILD_DATE = "2026-06-01"  # the example policy is in force "自2026年1月1日起施行，有效期3年"


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", **extra}


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    run = subprocess.run(
        args, cwd=cwd, env=_clean_env(**env), capture_output=True, text=True, timeout=600, check=False
    )
    assert run.returncode == 0, f"{args}:\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}"
    return run


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist, and the wheel built from it (the build front-end's default)."""
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", str(out)], cwd=ROOT)
    return out


@pytest.fixture(scope="module")
def wheel(dist) -> Path:
    (found,) = dist.glob("*.whl")
    return found


@pytest.fixture(scope="module")
def installed(tmp_path_factory, wheel) -> Path:
    """A fresh virtual environment in a temporary folder with the wheel and its ``site`` extra."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=venv.parent)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", f"{wheel}[site]"], cwd=venv.parent)
    return venv


@pytest.fixture(scope="module")
def project(tmp_path_factory, installed) -> Path:
    """``policy-explorer new`` run by the installed package in a folder outside the repository."""
    work = tmp_path_factory.mktemp("user")
    _run([str(installed / "bin" / "policy-explorer"), "new", "mysite"], cwd=work)
    return work / "mysite"


@pytest.fixture(scope="module")
def site(project, installed) -> Path:
    """``mkdocs build --strict`` in the new folder, as scaffolded; the built site."""
    _run(["git", "init", "-q"], cwd=project)  # as a user's repository: the changes page reads its history
    _run(
        [str(installed / "bin" / "mkdocs"), "build", "--strict"],
        cwd=project,
        POLICY_EXPLORER_BUILD_DATE=BUILD_DATE,
    )
    return project / "site"


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_the_wheel_carries_the_defaults_and_the_scaffold_but_no_data(wheel):
    names = _names(wheel)
    for path in (
        "policy_explorer/defaults/strings.yaml",
        "policy_explorer/defaults/policy.md.j2",
        "policy_explorer/defaults/sw.js",
        "policy_explorer/defaults/assets/site.css",
        "policy_explorer/defaults/assets/calculator/worker.mjs",
        "policy_explorer/defaults/overrides/main.html",
        "policy_explorer/scaffold/mkdocs.yml",
        f"policy_explorer/scaffold/policies/documents/{EXAMPLE}.yaml",
        "policy_explorer/scaffold/github/workflows/site.yml",
        "policy_explorer/scaffold/README.md",
        "policy_explorer/docs/AUTHORING.md",
        "policy_explorer/docs/TEMPLATES.md",
        "policy_explorer/py.typed",
        "policy_explorer/calculator/py.typed",
        "policy_explorer/calculator/engine.py",
    ):
        assert path in names, path
    # The engine is namespaced (policy_explorer.calculator): no bare top-level `calculator` package.
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {
        "policy_explorer"
    }
    assert not [
        n for n in names if n.startswith(("policy_explorer/calculator/_data/", "policy_explorer/audit/"))
    ]


def test_the_wheel_s_metadata_has_the_version_the_readme_and_the_project_s_addresses(wheel):
    import policy_explorer

    with zipfile.ZipFile(wheel) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = zf.read(name).decode("utf-8")
    assert f"\nVersion: {policy_explorer.__version__}\n" in metadata
    assert "\nDescription-Content-Type: text/markdown\n" in metadata
    assert "\nProject-URL: Changelog, " in metadata and "\nClassifier: Typing :: Typed\n" in metadata
    assert (ROOT / "README.md").read_text("utf-8").splitlines()[0] in metadata


def test_the_installed_command_says_its_version(installed):
    import policy_explorer

    run = _run([str(installed / "bin" / "policy-explorer"), "--version"], cwd=installed)
    assert run.stdout == f"policy-explorer {policy_explorer.__version__}\n"


def test_the_sdist_carries_the_same_files(dist, wheel):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tf:
        inside = {name.split("/", 1)[1] for name in tf.getnames() if "/" in name}
    package = {n for n in _names(wheel) if n.startswith("policy_explorer/")}
    assert package <= inside, sorted(package - inside)[:10]


def test_nothing_in_the_package_names_this_repository_s_documents_or_places(wheel):
    """The package is a generator: the ids of this site's documents and places appear nowhere in it."""
    ids = {path.stem for path in (POLICIES / "documents").glob("*.yaml")}
    ids |= {j["id"] for j in yaml.safe_load((POLICIES / "jurisdictions.yaml").read_text("utf-8"))}
    scaffold = yaml.safe_load(
        (ROOT / "policy_explorer/scaffold/policies/jurisdictions.yaml").read_text("utf-8")
    )
    ids -= {j["id"] for j in scaffold}  # the root every site shares
    found = []
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            if name.endswith(".dist-info/METADATA"):  # the project's README (its long description): not code
                continue
            text = zf.read(name).decode("utf-8", "replace")
            found += [(name, i) for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    assert not found, found[:10]


def test_the_installed_package_is_the_one_that_runs(installed):
    run = _run(
        [str(installed / "bin" / "python"), "-c", "import policy_explorer; print(policy_explorer.__file__)"],
        cwd=installed,
    )
    assert Path(run.stdout.strip()).is_relative_to(installed)


def test_the_installed_command_validates_the_site_it_is_run_in(project, installed):
    run = _run([str(installed / "bin" / "policy-explorer"), "validate"], cwd=project)
    assert run.stdout == "policy data is valid\n"


def test_both_editions_are_built_in_their_language(site):
    assert '<html lang="zh-Hans"' in (site / "index.html").read_text("utf-8")
    assert '<html lang="en"' in (site / "en" / "index.html").read_text("utf-8")
    # The scaffold's site_templates/strings.yaml replaces the default site name.
    assert "示例人工智能政策浏览器" in (site / "index.html").read_text("utf-8")
    assert "Example AI Policy Explorer" in (site / "en" / "index.html").read_text("utf-8")


def test_the_policy_page_shows_the_clause_in_both_languages(site):
    zh = (site / "policies" / EXAMPLE / "index.html").read_text("utf-8")
    en = (site / "en" / "policies" / EXAMPLE / "index.html").read_text("utf-8")
    assert "按实际算力服务费用的30%给予补贴，单家企业每年最高200万元" in zh
    assert "up to CNY 2 million per company a year" in en
    assert (site / "policies" / EXAMPLE / "clause-2" / "index.html").is_file()


def test_the_calculator_page_shows_the_example_computed_at_build_time(site):
    # The example profile: compute_spend 100万, models_filed 1, in example-city.
    # 第一条 "按实际算力服务费用的30%给予补贴": 30% × 100万 = 30万;
    # 第二条 "每个模型给予一次性奖励50万元": 1 × 50万 = 50万; together 80万.
    zh = (site / "calculator" / "index.html").read_text("utf-8")
    en = (site / "en" / "calculator" / "index.html").read_text("utf-8")
    assert "30万元" in zh and "50万元" in zh and "80万元" in zh
    assert "CNY 800,000" in en
    assert re.search(r'<link rel="stylesheet" href="[./]*assets/stylesheets/site-[0-9a-f]+\.css"', zh)


def test_with_pyodide_beside_it_the_installed_package_bundles_the_calculator_runtime(
    project, installed, site
):
    """runtime: true after `policy-explorer runtime`, as the scaffold's README says: it installs the
    pinned Pyodide into the site's tools/node/ with npm."""
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        config = project / name
        config.write_text(config.read_text("utf-8").replace("runtime: false", "runtime: true"), "utf-8")
    _run([str(installed / "bin" / "policy-explorer"), "runtime"], cwd=project)
    assert (project / "tools" / "node" / "package-lock.json").is_file()  # committed: CI installs the same
    out = project / "site-with-runtime"
    mkdocs = [str(installed / "bin" / "mkdocs"), "build", "--strict", "--site-dir", str(out)]
    _run(mkdocs, cwd=project, POLICY_EXPLORER_BUILD_DATE=BUILD_DATE)
    (pyodide,) = (out / "runtime").glob("pyodide-*")
    assert (pyodide / "pyodide.asm.wasm").is_file()
    (calculator,) = (out / "runtime").glob("calculator-*")
    (wheel,) = calculator.glob("calculator-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        data = zf.read("policy_explorer/calculator/_data/policies.json").decode("utf-8")
    assert EXAMPLE in data  # the engine's wheel carries this site's data, not the repository's
    assert not (calculator / "snapshot.bin.gz").exists()  # no snapshot.mjs: the worker starts Pyodide
    page = (out / "calculator" / "index.html").read_text("utf-8")
    assert f"runtime/{calculator.name}/" in page and '"snapshot":null' in page


def test_every_link_of_the_new_site_resolves_and_nothing_comes_from_another_host(site):
    from policy_explorer.audit.links import check_hosts, check_links

    for gate in (check_links(site), check_hosts(site)):
        assert not gate.problems, (gate.name, gate.problems[:5])


def test_without_the_runtime_the_calculator_page_says_so_and_requests_nothing_broken(site, browser):
    """runtime: false (the scaffold's default): the page says the browser calculator is off in the
    site's words, never "Preparing the calculator…" for ever, and fetches nothing that is missing
    (it had started Material's search worker at `calculator/null`)."""
    from browser import Visit, serve

    from policy_explorer.sitegen.templates import DEFAULTS, load_strings

    off = load_strings(DEFAULTS)["calc_off"]
    with serve(site) as url:
        for prefix, lang in (("", "zh"), ("en/", "en")):
            visit = Visit(browser, f"{url}/{prefix}calculator/")
            visit.page.wait_for_timeout(1500)
            assert visit.page.locator("#pe-calc-status").inner_text() == off[lang]
            assert not [u for u in visit.requests if u.endswith("/null")], visit.requests
            assert not visit.errors, visit.errors
            visit.page.close()
    # Nor does its introduction say it runs in the reader's browser.
    assert "running in your browser" not in (site / "en" / "calculator" / "index.html").read_text("utf-8")


def test_compile_writes_into_the_site_never_into_the_installed_package(project, installed):
    run = _run([str(installed / "bin" / "policy-explorer"), "compile"], cwd=project)
    assert run.stdout == f"{project / '.cache' / 'policies.json'}\n"
    assert not list(installed.glob("lib/python*/site-packages/policy_explorer/calculator/_data/*.json"))
    # The engine's own command (`python -m policy_explorer.calculator` as a script) reads that copy.
    facts = _run(
        [str(installed / "bin" / "policy-calculator"), "facts"],
        cwd=project,
        CALCULATOR_DATA=run.stdout.strip(),
    )
    assert "compute_spend" in facts.stdout


def test_without_pyodide_beside_it_the_build_says_which_command_to_run(project, installed, tmp_path):
    """runtime: true and no tools/node/: one message naming the site's folder and `policy-explorer
    runtime`, not the installed package's folder or this repository's ./dev setup."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site*", "tools", ".cache"))
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        config = copy / name
        config.write_text(config.read_text("utf-8").replace("runtime: false", "runtime: true"), "utf-8")
    run = subprocess.run(
        [str(installed / "bin" / "mkdocs"), "build"],
        cwd=copy,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert (
        f"the calculator's browser runtime (Pyodide 314.0.7) is not installed in {copy}/tools/node: "
        f"run `policy-explorer runtime` in {copy}"
    ) in run.stderr
    assert "site-packages" not in run.stderr and "./dev" not in run.stderr
