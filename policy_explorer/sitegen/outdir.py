"""The output folder of ``render``: the generator replaces only what it wrote there before.

A folder the generator writes holds a manifest (:data:`MANIFEST`) listing every file it wrote. The
next run removes exactly those files (and the folders they leave empty), so a folder given by
mistake (``--out ~``, a folder with other work in it) is refused, never emptied: files the
generator did not write are named in the message instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

MANIFEST = ".policy-explorer-files"


class OutDirError(Exception):
    """The output folder cannot be used (one message naming it and what to do)."""


SHOWN_LIMIT = 160  # characters of a path in a message: its start and its end, which names the file


def shown(path: Path | str) -> str:
    """A path for a message: control characters (a newline, a terminal escape) shown escaped, and a
    path longer than ``SHOWN_LIMIT`` cut in the middle (``/aaa…a/site/index.md``)."""
    text = repr(str(path))[1:-1] if not str(path).isprintable() else str(path)
    if len(text) > SHOWN_LIMIT:
        text = text[: SHOWN_LIMIT // 3] + "…" + text[-(SHOWN_LIMIT - SHOWN_LIMIT // 3 - 1) :]
    return text


def _written_before(out: Path) -> set[str]:
    manifest = out / MANIFEST
    if not manifest.is_file():
        return set()
    return {line for line in manifest.read_text(encoding="utf-8").splitlines() if line}


def prepare(out: Path) -> None:
    """Make ``out`` an empty folder again, removing only what an earlier run wrote into it.

    Raises :class:`OutDirError` when ``out`` is a link or a file, holds files this generator did
    not write, or cannot be created or written.
    """
    try:
        if out.is_symlink():
            raise OutDirError(f"{shown(out)} is a symbolic link: give a real folder as --out")
        if out.exists() and not out.is_dir():
            raise OutDirError(f"{shown(out)} is a file, not a folder: give a folder as --out")
        if out.is_dir():
            written = _written_before(out)
            present = {
                p.relative_to(out).as_posix()
                for p in out.rglob("*")
                if (p.is_file() or p.is_symlink()) and p.name != MANIFEST
            }
            foreign = sorted(present - written)
            if foreign:
                more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
                raise OutDirError(
                    f"{shown(out)} holds files this tool did not write ({', '.join(foreign[:3])}{more}): "
                    "give an empty or new folder as --out, or move them away"
                )
            for rel in sorted(present):
                (out / rel).unlink()
                for folder in (out / rel).parents:  # the folders it leaves empty, up to `out`
                    if folder == out or any(folder.iterdir()):
                        break
                    folder.rmdir()
            (out / MANIFEST).unlink(missing_ok=True)
        out.mkdir(parents=True, exist_ok=True)
        probe = out / MANIFEST
        probe.write_text("", encoding="utf-8")
    except OSError as exc:
        raise OutDirError(f"cannot write into {shown(out)}: {exc.strerror or exc}") from None


def record(out: Path, files: Iterable[str]) -> None:
    """List ``files`` (paths relative to ``out``) as written by the generator."""
    (out / MANIFEST).write_text("".join(f"{f}\n" for f in sorted(set(files))), encoding="utf-8")
