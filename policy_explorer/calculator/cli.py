"""Command line: ``python -m policy_explorer.calculator estimate PROFILE.json [--on YYYY-MM-DD]`` and friends.

``--what-if FACT [--up-to 4x]`` prints the claim against one expense instead
(:mod:`policy_explorer.calculator.whatif`).

Exit status: 0 on success, 2 on bad input (one message on stderr naming the field) and when the
output cannot be written (a closed pipe, a full disk), never a traceback. Output a terminal or pipe
cannot encode (``PYTHONIOENCODING=ascii``) is written escaped: JSON with ASCII escapes (still the same
JSON), tables and messages with backslash escapes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import clauses, estimate
from .dates import parse_date
from .errors import CalculatorError, printable
from .profile import loads
from .table import render_table


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors: same one-line style, exit 2
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    # Usage names the command as typed: the `policy-calculator` script, else `python -m …`.
    script = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    parser = _Parser(
        prog=script if script == "policy-calculator" else "python -m policy_explorer.calculator",
        description="Estimate AI-policy subsidies for a company profile.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    est = sub.add_parser("estimate", help="estimate the claims for a profile (JSON file, or - for stdin)")
    est.add_argument("profile", help="profile JSON: {jurisdiction, startup, facts: {fact id: amount in CNY}}")
    est.add_argument("--on", help="the date to judge validity on (YYYY-MM-DD; default today)")
    est.add_argument("--format", choices=("json", "table"), default="json")
    est.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of --format table")
    est.add_argument(
        "--what-if",
        metavar="FACT",
        help="instead of the estimate: the claim against this expense (e.g. compute_spend) from 0 to --up-to "
        "times the value entered, with the points where a threshold, tier or cap bites",
    )
    est.add_argument("--up-to", default="4x", help="with --what-if: how far to go, e.g. 4x (default), 10x")
    sub.add_parser("clauses", help="print every clause as JSON")
    sub.add_parser("facts", help="print the fact vocabulary as JSON")
    return parser


def read_profile(path: str) -> Any:
    """Read a profile file (``-`` for stdin); amounts are parsed as exact decimals (:func:`loads`)."""
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except FileNotFoundError:
        raise CalculatorError("profile", f"file not found: {printable(path)}") from None
    except UnicodeDecodeError:
        raise CalculatorError("profile", f"cannot read {printable(path)}: not UTF-8 text") from None
    except OSError as exc:
        raise CalculatorError("profile", f"cannot read {printable(path)}: {exc.strerror or exc}") from None
    try:
        return loads(text)
    except json.JSONDecodeError as exc:
        raise CalculatorError(
            "profile",
            f"{printable(path)} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
        ) from None


def dump(value: Any) -> str:
    """JSON text for stdout (UTF-8, stable key order)."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False)


def _encodable(text: str, stream: Any) -> bool:
    try:
        text.encode(stream.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _escape_errors(stream: Any) -> None:
    """Write what ``stream``'s encoding cannot hold as backslash escapes (a real stream only)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def _write(out: str, as_json: bool) -> int:
    """Write the output; 0, or 2 with one message when it cannot be written."""
    if not _encodable(out, sys.stdout):
        if as_json:  # the same JSON: text outside ASCII occurs only in strings, as JSON escapes
            out = "".join(c if c.isascii() else json.dumps(c)[1:-1] for c in out)
        _escape_errors(sys.stdout)
    try:
        sys.stdout.write(out + "\n")
        sys.stdout.flush()
    except OSError as exc:  # a closed pipe (EPIPE), a full disk (/dev/full)
        # Whatever is still buffered would fail again when Python exits: send it nowhere.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    _escape_errors(sys.stderr)  # a message in Chinese on an ASCII terminal
    args = _parser().parse_args(argv)
    try:
        if args.command == "estimate":
            on = parse_date(args.on, "--on") if args.on is not None else dt.date.today()
            if args.what_if is not None:
                from .whatif import render_what_if, what_if

                series = what_if(read_profile(args.profile), args.what_if, up_to=args.up_to, on=on)
                out = render_what_if(series, args.lang) if args.format == "table" else dump(series)
                return _write(out, as_json=args.format != "table")
            result = estimate(read_profile(args.profile), on=on, explained=True)
            out = render_table(result, args.lang) if args.format == "table" else dump(result)
        elif args.command == "clauses":
            out = dump(clauses())
        else:
            from . import load_model

            out = dump(load_model().data["facts"])
    except CalculatorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RecursionError:
        print("error: profile: nested too deeply", file=sys.stderr)
        return 2
    return _write(out, as_json=not (args.command == "estimate" and args.format == "table"))
