"""``python -m policy_explorer``: validate, compile, normalize, split, publish schemas, scaffold a new
site, render the site's generated pages and diff the policy data between git revisions.

Every command exits 0 on success and 2 with one message per problem on stderr otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The site the commands work on: this checkout, or (an installed package) the current folder.
PROJECT = ROOT if (ROOT / "policies").is_dir() else Path.cwd()
POLICIES = PROJECT / "policies"
# Where `compile` writes: the calculator's bundled copy in this checkout; in an installed package, the
# site's own cache (never into the installed package).
COMPILED = (
    ROOT / "policy_explorer" / "calculator" / "_data" / "policies.json"
    if PROJECT == ROOT
    else PROJECT / ".cache" / "policies.json"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m policy_explorer", description="Policy data tooling and site generator.")
    from . import __version__

    parser.add_argument("--version", action="version", version=f"policy-explorer {__version__}")
    parser.add_argument("--policies", type=Path, default=POLICIES, help="the policies/ folder")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check all policy data; one file:line message per problem")
    comp = sub.add_parser("compile", help="write the compiled JSON the calculator bundles")
    comp.add_argument("--out", type=Path, default=COMPILED)
    norm = sub.add_parser("normalize", help="normalize the seed texts into policies/sources/")
    norm.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    norm.add_argument(
        "seed", nargs="*", help="only these seed files (each listed in sources.yaml); default: every one"
    )
    split = sub.add_parser("split", help="print a YAML skeleton of clauses for a normalized text")
    split.add_argument("source", type=Path, help="a normalized source text")
    split.add_argument("--start", help="text at which the policy begins (default: the start)")
    split.add_argument("--end", help="text at which the policy ends (default: the end)")
    sub.add_parser("schema", help="write the JSON Schemas into policies/schema/")
    new = sub.add_parser("new", help="scaffold a new site (mkdocs.yml, policies/, content/, CI) in a folder")
    new.add_argument("dir", type=Path, help="a new or empty folder")
    runtime = sub.add_parser(
        "runtime", help="install the calculator's browser runtime (Pyodide, with npm) into tools/node/"
    )
    runtime.add_argument("dir", type=Path, nargs="?", default=Path(), help="the site's folder (default: .)")
    render = sub.add_parser("render", help="render the generated Markdown pages into a folder")
    render.add_argument("--out", type=Path, required=True, help="folder to write (a sub-folder per language)")
    render.add_argument("--lang", choices=("zh", "en", "zh-Hant", "all"), default="all")
    render.add_argument("--date", help="build date for statuses, YYYY-MM-DD (default: today)")
    render.add_argument("--with-content", action="store_true", help="also copy content/<lang> (hand-written)")
    render.add_argument("--no-history", action="store_true", help="do not read git history")
    render.add_argument(
        "--no-runtime", action="store_true", help="leave out the calculator's browser runtime"
    )
    diff = sub.add_parser("diff", help="Markdown of what changed in the policy data between git revisions")
    diff.add_argument("old", help="the older revision (commit, branch, tag)")
    diff.add_argument("new", nargs="?", help="the newer revision (default: the working tree)")
    diff.add_argument("--lang", choices=("zh", "en"), default="zh")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; what goes wrong with the output itself is one message and exit 2.

    A closed standard output, a reader that went away (``| head``: a broken pipe) and a full disk
    (``> /dev/full``) are named; text the terminal's encoding cannot hold (``PYTHONIOENCODING=ascii``)
    is written as backslash escapes.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    if sys.stdout is None:  # started with `>&-`
        print("error: the standard output is closed: give the command somewhere to write", file=sys.stderr)
        return 2
    try:
        code = _command(argv)
        sys.stdout.flush()
    except OSError as exc:  # only the output's: each command names the files it reads and writes
        # What is still buffered would fail again when Python exits: send it nowhere.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return code


def _cannot_write(exc: OSError, fallback: Path) -> int:
    """One message for a file a command could not write: the file (or ``fallback``), shown safely."""
    from .sitegen.outdir import shown

    where = shown(exc.filename if exc.filename else fallback)
    print(f"error: cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
    return 2


def _command(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    policies: Path = args.policies
    if args.command == "validate":
        from .check import validate

        problems = validate(policies)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s) in the policy data", file=sys.stderr)
            return 2
        print("policy data is valid")
        return _refresh(policies)
    if args.command == "compile":
        from .compile import DataError, OutputError, write_compiled

        try:
            target = write_compiled(policies, args.out)
        except DataError as exc:
            print(exc, file=sys.stderr)
            return 2
        except OutputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(target)
        if PROJECT != ROOT:  # a site's copy: say how the calculator reads it
            hint = (
                f"the calculator reads it with CALCULATOR_DATA={target} python -m policy_explorer.calculator"
            )
            hint += " … (or policy-calculator …)"
            print(hint, file=sys.stderr)
        return 0
    if args.command == "normalize":
        from .normalize import NormalizeError, normalize_all
        from .sitegen.outdir import shown

        if not args.seeds.is_dir():
            print(f"error: no seeds folder at {shown(args.seeds)}; pass --seeds", file=sys.stderr)
            return 2
        try:
            for path in normalize_all(
                args.seeds, policies / "sources", policies / "sources" / "sources.yaml", args.seed
            ):
                print(path)
        except (NormalizeError, OSError, UnicodeDecodeError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return 0
    if args.command == "split":
        from .sitegen.outdir import shown
        from .splitter import SplitError, skeleton

        try:
            text = args.source.read_text(encoding="utf-8")
            out = skeleton(text, args.source.name, start=args.start, end=args.end)
        except (OSError, UnicodeDecodeError) as exc:
            reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or exc
            print(f"error: cannot read {shown(args.source)}: {reason}", file=sys.stderr)
            return 2
        except SplitError as exc:
            print(f"error: {shown(args.source)}: {exc}", file=sys.stderr)
            return 2
        sys.stdout.write(out)
        return 0
    if args.command == "render":
        return _render(args, policies)
    if args.command == "new":
        return _new(args.dir)
    if args.command == "runtime":
        return _runtime(args.dir)
    if args.command == "diff":
        from .history.command import diff

        return diff(ROOT, args.old, args.new, args.lang)
    from .schema import write_schemas

    if not policies.is_dir():  # a mistyped --policies: say so rather than create it
        from .sitegen.outdir import shown

        print(f"error: no policies folder at {shown(policies)}: pass --policies", file=sys.stderr)
        return 2
    try:
        written = write_schemas(policies)
    except OSError as exc:
        return _cannot_write(exc, policies)
    for path in written:
        print(path)
    return 0


def _refresh(policies: Path) -> int:
    """After a clean ``validate``: the calculator's compiled copy follows the checkout's YAML."""
    from .compile import OutputError, refresh_checkout

    try:
        written = refresh_checkout(policies)
    except OutputError as exc:
        print(f"warning: the calculator's compiled data is not updated: {exc}", file=sys.stderr)
        return 0
    if written:
        print(f"compiled for the calculator: {written}")
    return 0


def _new(target: Path) -> int:
    from .new_site import NewSiteError, new_site

    try:
        written = new_site(target)
    except NewSiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        return _cannot_write(exc, target)
    folder = shlex.quote(str(target))  # a command the reader pastes: the folder is one word of it
    steps = f"cd {folder} && pip install -r requirements.txt && mkdocs build"
    print(f"{folder}: {len(written)} files; next: {steps} (then its README.md, step by step)")
    return 0


def _runtime(site: Path) -> int:
    from .runtime import BundleError, install
    from .sitegen.outdir import shown

    if not (site / "mkdocs.yml").is_file():
        print(f"error: no mkdocs.yml in {shown(site)}: run this in the site's folder", file=sys.stderr)
        return 2
    try:
        tools = install(site)
    except BundleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        return _cannot_write(exc, site)
    print(f"{shown(tools)}: the calculator's browser runtime is installed; set runtime: true in mkdocs.yml")
    return 0


def _render(args: argparse.Namespace, policies: Path) -> int:

    from .compile import DataError
    from .sitegen import (
        EDITIONS,
        Edition,
        RenderError,
        RuntimeLink,
        SiteBuild,
        build_date,
        generate,
        outdir,
    )
    from .sitegen.templates import text_lang

    langs = EDITIONS if args.lang == "all" else (args.lang,)
    if args.out.is_symlink():
        print(
            f"error: {outdir.shown(args.out)} is a symbolic link: give a real folder as --out",
            file=sys.stderr,
        )
        return 2
    try:
        on = build_date(args.date)
        runtime = RuntimeLink.none() if args.no_runtime else RuntimeLink.own()  # each folder its own copy
        with SiteBuild(PROJECT, policies) as build:
            templates = build.templates(PROJECT / "site_templates")
            for lang in langs:
                out = args.out / lang
                edition = Edition.of(lang, templates, runtime=runtime)
                rendered = generate(build, edition, out, on=on, use_history=not args.no_history)
                written = [*(p.path for p in rendered.pages), *rendered.files]
                if args.with_content:
                    written += edition.copy_content(PROJECT / "content" / text_lang(lang), out)
                    outdir.record(out, written)
                print(f"{outdir.shown(out)}: {len(rendered.pages)} pages, {len(rendered.files)} other files")
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except RenderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        return _cannot_write(exc, args.out)
    return 0
