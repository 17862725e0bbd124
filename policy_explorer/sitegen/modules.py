"""The calculator's scripts under names that carry a hash of their content.

A page and the scripts it runs must move together: under a stable name, a cache (the browser's,
a CDN's or the service worker's stale-while-revalidate copy) may hand a new page the old
``calculator.mjs`` after a redeploy, or an old page a new one. So each module is written as
``<name>-<hash>.mjs``, the hash taken after the names it imports were themselves replaced (worker,
then client, then the page's script), and the pages link the hashed page script. ``embed.js`` keeps
its name: other sites link it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# Each module and the names of the modules it loads, in the order they are hashed (leaves first).
MODULES = (
    ("runtime-files.mjs", ()),
    ("worker.mjs", ("runtime-files.mjs",)),
    ("snapshot-maker.mjs", ("runtime-files.mjs",)),
    ("client.mjs", ("runtime-files.mjs", "worker.mjs", "snapshot-maker.mjs")),
    ("keep.mjs", ()),
    ("calculator.mjs", ("client.mjs", "keep.mjs")),
)
ENTRY = "calculator.mjs"


def hashed_name(name: str, content: bytes) -> str:
    """``calculator.mjs`` → ``calculator-<12 hex digits of SHA-256>.mjs``."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-{hashlib.sha256(content).hexdigest()[:12]}{dot}{ext}"


def hashed_modules(folder: Path) -> dict[str, tuple[str, bytes]]:
    """``{name: (hashed name, content)}`` for the modules in ``folder``, imports renamed.

    A module must name each module it loads exactly once, as ``"name"`` or ``"./name"`` in quotes.
    """
    out: dict[str, tuple[str, bytes]] = {}
    for name, imports in MODULES:
        text = (folder / name).read_text(encoding="utf-8")
        for dep in imports:
            found = [q for q in (f'"./{dep}"', f'"{dep}"') if q in text]
            if len(found) != 1 or text.count(found[0]) != 1:
                raise ValueError(f'{folder / name} must load {dep} once, written "./{dep}" or "{dep}"')
            text = text.replace(found[0], found[0].replace(dep, out[dep][0]))
        content = text.encode("utf-8")
        out[name] = (hashed_name(name, content), content)
    return out
