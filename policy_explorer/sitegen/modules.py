"""The calculator's scripts under names that carry a hash of their content.

A page and the scripts it runs must move together: under a stable name, a cache (the browser's,
a CDN's or the service worker's stale-while-revalidate copy) may hand a new page the old
``calculator.mjs`` after a redeploy, or an old page a new one. So each module is written as
``<name>-<hash>.mjs``, the hash taken after the names it loads were themselves replaced (leaves
first), and the pages link the hashed page script. ``embed.js`` keeps its name: other sites link it.

Which modules there are, and what each loads, is read from the modules themselves, starting at
:data:`ENTRIES`: a static ``import … from "./x.mjs"`` (or ``export … from``, or a bare
``import "./x.mjs"``) and a worker's ``new URL("x.mjs", import.meta.url)``. A list kept by hand
could name a module the code no longer loads, or miss one it does (left unhashed, so a stale copy
could be run with a new page).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

ENTRY = "calculator.mjs"  # the calculator page's script (calculator.html, widget.html)
ENTRIES = (ENTRY,)

# A static import or re-export at the start of a line (a comment's line starts with // or *): its
# specifier. The clause before `from` holds only names, braces, commas and `*`.
_STATIC = re.compile(
    r"""^[ \t]*(?:import|export)\b(?:[\w$*{},\s]*?\bfrom)?\s*(["'])(?P<spec>[^"'\n]+)\1""", re.MULTILINE
)
# A module worker or other file named relative to the module itself.
_URL = re.compile(r"""\bnew\s+URL\(\s*(["'])(?P<spec>[^"'\n]+\.mjs)\1\s*,\s*import\.meta\.url\s*\)""")
# A dynamic import of a literal path: not followed (nothing would hash the module it names).
_DYNAMIC = re.compile(r"""^[ \t]*(?![*/])[^\n]*?\bimport\(\s*["'`]""", re.MULTILINE)
_NAME = re.compile(r"(?:\./)?(?P<name>[A-Za-z0-9][A-Za-z0-9_.-]*\.mjs)")


class ModuleError(ValueError):
    """A module graph that cannot be hashed: a missing file, a cycle, a path outside the folder."""


@dataclass(frozen=True)
class Reference:
    """One place where a module names another: the specifier's span in its text."""

    name: str  # the module named, a file in the same folder
    start: int
    end: int


def references(path: Path, text: str) -> list[Reference]:
    """The modules ``text`` (the module at ``path``) loads, in order of appearance.

    Only files of the same folder, as ``"./x.mjs"`` (or ``"x.mjs"`` in ``new URL``): a module
    elsewhere would keep its name, and a stale copy of it could run with a new page.
    """
    found = []
    for match in [*_STATIC.finditer(text), *_URL.finditer(text)]:
        spec = match["spec"]
        line = text.count("\n", 0, match.start("spec")) + 1
        name = _NAME.fullmatch(spec)
        if name is None or (match.re is _STATIC and not spec.startswith("./")):
            raise ModuleError(
                f'{path}:{line}: loads "{spec}": the calculator\'s modules load only modules of their own '
                'folder, written "./name.mjs"'
            )
        found.append(Reference(name["name"], match.start("spec"), match.end("spec")))
    dynamic = _DYNAMIC.search(text)
    if dynamic:
        line = text.count("\n", 0, dynamic.start()) + 1
        raise ModuleError(
            f"{path}:{line}: a dynamic import() of a written path is not followed (its module would keep "
            'its name): load it with a static import "./name.mjs"'
        )
    return sorted(found, key=lambda ref: ref.start)


def module_graph(folder: Path, entries: tuple[str, ...] = ENTRIES) -> dict[str, tuple[str, ...]]:
    """Each module reached from ``entries`` and the modules it loads, leaves first (hashing order)."""
    loads: dict[str, tuple[str, ...]] = {}
    texts: dict[str, str] = {}
    pending = [(name, None) for name in entries]
    while pending:
        name, user = pending.pop()
        if name in texts:
            continue
        path = folder / name
        try:
            texts[name] = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            where = f"{folder / user} loads ./{name}" if user else f"the entry module {name}"
            raise ModuleError(f"{where}, but {path} does not exist: add it, or fix the name") from None
        deps = tuple(dict.fromkeys(ref.name for ref in references(path, texts[name])))
        loads[name] = deps
        pending += [(dep, name) for dep in reversed(deps)]
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "open":
            cycle = " → ".join((*chain[chain.index(name) :], name))
            raise ModuleError(
                f"{folder}: the modules load each other in a circle ({cycle}): a module's name holds "
                "the hash of those it loads, so one of them must stop loading the other"
            )
        state[name] = "open"
        for dep in loads[name]:
            visit(dep, (*chain, name))
        state[name] = "done"
        order.append(name)

    for name in sorted(loads):
        visit(name, ())
    return {name: loads[name] for name in order}


def hashed_name(name: str, content: bytes) -> str:
    """``calculator.mjs`` → ``calculator-<12 hex digits of SHA-256>.mjs``."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-{hashlib.sha256(content).hexdigest()[:12]}{dot}{ext}"


def hashed_modules(folder: Path, entries: tuple[str, ...] = ENTRIES) -> dict[str, tuple[str, bytes]]:
    """``{name: (hashed name, content)}`` for the modules reached from ``entries``, loads renamed.

    Raises :class:`ModuleError` (a ``ValueError``) naming the module and line at fault.
    """
    out: dict[str, tuple[str, bytes]] = {}
    for name in module_graph(folder, entries):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        pieces = []
        at = 0
        for ref in references(path, text):
            pieces += [text[at : ref.start], text[ref.start : ref.end].replace(ref.name, out[ref.name][0])]
            at = ref.end
        content = ("".join(pieces) + text[at:]).encode("utf-8")
        out[name] = (hashed_name(name, content), content)
    return out
