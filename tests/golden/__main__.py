"""``python -m tests.golden [--update]``: compare a fresh render with the golden manifest, or
rewrite the manifest (on purpose: after a change meant to alter the site's output)."""

from __future__ import annotations

import argparse
import sys

from . import MANIFEST, ROOT, UPDATE, committed, current, differences, report, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite the manifest with the fresh render")
    args = parser.parse_args(argv)
    old, new = committed(), current()
    diff = differences(old, new)
    shown = MANIFEST.relative_to(ROOT)
    if not any(diff.values()):
        print(f"{shown}: unchanged ({len(new)} files)")
        return 0
    print(report(diff, limit=10_000))
    if args.update:
        write(new)
        counts = ", ".join(f"{len(paths)} {kind}" for kind, paths in diff.items())
        print(f"{shown}: updated ({len(new)} files; {counts})")
        return 0
    print(f"{shown}: the render differs (above); if that is meant, update it: {UPDATE}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
